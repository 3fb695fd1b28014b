from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals and leads")

    def ready(self):
        from common.counts import provide
        from deals.dashboard_counts import home_counts
        from deals.partner_tab import TAB
        from partners.tabs import register

        register(TAB)
        provide("home", home_counts)
