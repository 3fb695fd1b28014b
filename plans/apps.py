from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Channel work plan")

    def ready(self):
        from common import counts
        from common.hooks import provide
        from plans.dashboard import home_counts
        from plans.notices import incentive_budget_before_approval

        provide("incentives.approvals", incentive_budget_before_approval)
        counts.provide("home", home_counts)
