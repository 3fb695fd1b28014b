from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Performance evaluation")

    def ready(self):
        from common.versions import track
        from evaluations.models import HistoricalScorecard, HistoricalTarget
        from evaluations.partner_tab import TAB
        from partners.tabs import register

        register(TAB)
        track("targets", HistoricalTarget)
        # Every scorecard write (the cycle's, a note) adds a history row: the review page keeps its rows by it.
        track("scorecards", HistoricalScorecard)
