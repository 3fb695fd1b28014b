from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from common.counts import provide
        from common.versions import track
        from partners import detail_tabs  # noqa: F401  (registers the register's own partner detail tabs)
        from partners.dashboard_counts import home_counts
        from partners.models import HistoricalContact, HistoricalPartner, HistoricalRegion, HistoricalTier

        provide("home", home_counts)
        for name, history in (
            ("partners", HistoricalPartner),
            ("tiers", HistoricalTier),
            ("regions", HistoricalRegion),
            ("contacts", HistoricalContact),
        ):
            track(name, history)
