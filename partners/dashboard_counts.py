"""The counts of the partner register's panels on `/` ("My partners", "Partner register"), declared for
common.counts so the page reads them with the other panels' counts in one query."""

from __future__ import annotations

from django.db.models import QuerySet

from common import clock
from partners.access import owned_by_visible_partner
from partners.models import ComplianceIncident
from partners.selectors import agreements_expiring, follow_ups_due, partners_owned_by


def open_incidents(*, user) -> QuerySet[ComplianceIncident]:
    """Compliance incidents open or under investigation, of the partners the user may see."""
    return owned_by_visible_partner(
        ComplianceIncident.objects.all(), user, perm="partners.view_complianceincident"
    ).filter(status__in=(ComplianceIncident.Status.OPEN, ComplianceIncident.Status.INVESTIGATING))


def home_counts(request) -> dict[str, QuerySet]:
    """What the two panels count for this user (both are shown with partners.view_partner)."""
    user = request.user
    if not user.has_perm("partners.view_partner"):
        return {}
    today = clock.today()
    return {
        "partners:mine": partners_owned_by(user=user),
        "partners:follow-ups-due": follow_ups_due(user=user, today=today),
        "partners:agreements-expiring": agreements_expiring(user=user, today=today),
        "partners:open-incidents": open_incidents(user=user),
    }
