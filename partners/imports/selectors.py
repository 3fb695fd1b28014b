from django.db.models import QuerySet

from common.access import scope_to_partner
from partners.models import SalesImport


def sales_imports_for(*, user) -> QuerySet[SalesImport]:
    """Internal users with the permission see every import; a partner user sees its partner's uploads."""
    return scope_to_partner(SalesImport.objects.all(), user, perm="partners.view_salesimport").select_related(
        "uploaded_by", "partner"
    )
