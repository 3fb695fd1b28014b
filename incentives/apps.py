from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Incentives")

    def ready(self):
        from common.versions import track
        from incentives.models import (
            HistoricalFund,
            HistoricalFundRequest,
            HistoricalIncentivePolicy,
            HistoricalPayout,
        )
        from incentives.partner_tabs import TABS
        from partners.tabs import register

        for tab in TABS:
            register(tab)
        for name, history in (
            ("payouts", HistoricalPayout),
            ("funds", HistoricalFund),
            ("fund_requests", HistoricalFundRequest),
            ("policies", HistoricalIncentivePolicy),
        ):
            track(name, history)
