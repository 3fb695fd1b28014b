from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Channel work plan")

    def ready(self):
        from common import counts
        from common.hooks import provide
        from common.versions import track
        from plans.dashboard import home_counts
        from plans.models import (
            HistoricalBudgetLine,
            HistoricalCoverageTarget,
            HistoricalGoal,
            HistoricalMarketSize,
            HistoricalPlan,
            HistoricalSpend,
        )
        from plans.notices import incentive_budget_before_approval

        provide("incentives.approvals", incentive_budget_before_approval)
        counts.provide("home", home_counts)
        for name, history in (
            ("plans", HistoricalPlan),
            ("goals", HistoricalGoal),
            ("budget_lines", HistoricalBudgetLine),
            ("spend", HistoricalSpend),
            ("market_sizes", HistoricalMarketSize),
            ("coverage_targets", HistoricalCoverageTarget),
        ):
            track(name, history)
