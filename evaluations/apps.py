from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Performance evaluation")

    def ready(self):
        from common.versions import track
        from evaluations.models import HistoricalTarget
        from evaluations.partner_tab import TAB
        from partners.tabs import register

        register(TAB)
        track("targets", HistoricalTarget)
