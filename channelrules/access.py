"""What channel-rule rows a user may see. Every view and download asks here; a partner user sees only its
own partner's rows (common.access.scope_to_partner), internal users what their role allows."""

from django.db.models import QuerySet

from channelrules.models import Finding, InventoryReport
from common.access import scope_to_partner


def findings_visible_to(user) -> QuerySet[Finding]:
    return scope_to_partner(Finding.objects.all(), user, perm="channelrules.view_finding")


def inventory_reports_visible_to(user) -> QuerySet[InventoryReport]:
    return scope_to_partner(InventoryReport.objects.all(), user, perm="channelrules.view_inventoryreport")
