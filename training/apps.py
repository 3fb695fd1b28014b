from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from common.counts import provide
        from common.versions import track
        from partners.tabs import register
        from training.dashboard_counts import home_counts
        from training.models import HistoricalCertification, HistoricalCourse, HistoricalEnrollment, HistoricalSession
        from training.partner_tab import TAB

        register(TAB)
        provide("home", home_counts)
        for name, history in (
            ("courses", HistoricalCourse),
            ("sessions", HistoricalSession),
            ("enrollments", HistoricalEnrollment),
            ("certifications", HistoricalCertification),
        ):
            track(name, history)
