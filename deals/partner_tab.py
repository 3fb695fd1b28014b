"""The deals tab of the internal partner page (registered from DealsConfig.ready): the partner's registrations,
the leads offered to it and its conflict cases, in a fixed number of queries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deals.models import ConflictCase, DealRegistration, LeadOffer
from partners.tabs import PartnerTab

SHOWN = 20


def deals_tab_context(request, partner) -> dict:
    return {
        "partner_registrations": DealRegistration.objects.filter(partner=partner)
        .select_related("region__parent")
        .order_by("-submitted_at", "-pk")[:SHOWN],
        "partner_offers": LeadOffer.objects.filter(partner=partner)
        .select_related("lead")
        .order_by("-offered_at", "-pk")[:SHOWN],
        "partner_cases": ConflictCase.objects.filter(partners=partner).order_by("-opened_at", "-pk")[:SHOWN],
    }


TAB = PartnerTab(
    "deals",
    _("Deals"),
    "deals/partner_tab.html",
    order=75,
    permission="deals.view_dealregistration",
    context=deals_tab_context,
)
