"""What deal registrations, lead offers and conflict cases a user may see. Every view asks here: a partner
user sees only its own partner's rows (and the cases it is a party to), internal users what their role allows."""

from django.db.models import QuerySet

from common.access import scope_to_partner
from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer


def registrations_visible_to(user) -> QuerySet[DealRegistration]:
    return scope_to_partner(DealRegistration.objects.all(), user, perm="deals.view_dealregistration")


def offers_visible_to(user) -> QuerySet[LeadOffer]:
    return scope_to_partner(LeadOffer.objects.all(), user, perm="deals.view_lead")


def leads_visible_to(user) -> QuerySet[Lead]:
    return scope_to_partner(Lead.objects.all(), user, perm="deals.view_lead")


def cases_visible_to(user) -> QuerySet[ConflictCase]:
    """A partner sees the cases it is a party to, never the other parties (the portal pages do not show them)."""
    return scope_to_partner(ConflictCase.objects.all(), user, partner_field="partners", perm="deals.view_conflictcase")
