"""The scorecards tab of the internal partner page (registered from EvaluationsConfig.ready): the partner's
monthly scorecards, newest first, in one query."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from evaluations.models import Scorecard
from partners.tabs import PartnerTab

SHOWN = 12


def scorecards_tab_context(request, partner) -> dict:
    return {
        "partner_scorecards": Scorecard.objects.filter(partner=partner)
        .select_related("cycle")
        .order_by("-cycle__period")[:SHOWN],
    }


TAB = PartnerTab(
    "scorecards",
    _("Scorecards"),
    "evaluations/partner_tab.html",
    order=80,
    permission="evaluations.view_scorecard",
    context=scorecards_tab_context,
)
