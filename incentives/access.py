"""What incentive rows a partner user may see beyond the common scoping (incentives/selectors.py scopes every
row to the user's partner or the internal user's permission)."""

from django.db.models import QuerySet

from incentives import selectors
from incentives.models import LineStatus, Statement

# Partners see a statement once Finance approved it: drafts may still change.
RELEASED_STATUSES = (LineStatus.APPROVED, LineStatus.PAID)


def statements_released_to(user) -> QuerySet[Statement]:
    """The statements a partner user may read (list, detail, download, portal panel)."""
    return selectors.statements_for(user=user).filter(payout__status__in=RELEASED_STATUSES)
