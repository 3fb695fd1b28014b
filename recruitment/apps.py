from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from common.versions import track
        from recruitment.models import HistoricalApplication

        # The plan's new-partner goal counts stage changes, each written with its application (plans.figures).
        track("applications", HistoricalApplication)
