"""What partners and partner-owned rows a user may see. Every view, export and API endpoint asks here."""

from django.db.models import QuerySet

from common.access import scope_to_partner
from partners.models import Partner


def partners_visible_to(user) -> QuerySet[Partner]:
    return scope_to_partner(Partner.objects.all(), user, partner_field="self", perm="partners.view_partner")


def owned_by_visible_partner(queryset: QuerySet, user, *, partner_field: str = "partner", perm: str | None = None):
    """Rows of a partner-owned model (contacts, sales, agreements, ...) the user may see."""
    return scope_to_partner(queryset, user, partner_field=partner_field, perm=perm)
