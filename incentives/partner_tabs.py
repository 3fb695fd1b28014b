"""The statements and rebate-account tabs of the internal partner page (registered from IncentivesConfig.ready),
each in a fixed number of queries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from incentives.models import RebateAccountEntry, Statement
from partners.tabs import PartnerTab

SHOWN = 12


def statements_tab_context(request, partner) -> dict:
    return {
        "partner_statements": Statement.objects.filter(partner=partner)
        .select_related("payout")
        .order_by("-period")[:SHOWN],
    }


def rebate_tab_context(request, partner) -> dict:
    entries = list(
        RebateAccountEntry.objects.filter(partner=partner).select_related("payout").order_by("-sequence")[:SHOWN]
    )
    return {"rebate_entries": entries, "rebate_balance": entries[0].balance if entries else None}


TABS = (
    PartnerTab(
        "statements",
        _("Statements"),
        "incentives/partner_tab_statements.html",
        order=85,
        permission="incentives.view_statement",
        context=statements_tab_context,
    ),
    PartnerTab(
        "rebate",
        _("Rebate account"),
        "incentives/partner_tab_rebate.html",
        order=86,
        permission="incentives.view_rebateaccountentry",
        context=rebate_tab_context,
    ),
)
