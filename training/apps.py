from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from common.counts import provide
        from partners.tabs import register
        from training.dashboard_counts import home_counts
        from training.partner_tab import TAB

        register(TAB)
        provide("home", home_counts)
