"""The counts of the deals panel on `/`, declared for common.counts so the page reads them with the other
panels' counts in one query."""

from __future__ import annotations

from django.db.models import QuerySet

from common import clock
from deals.selectors import attention_querysets


def home_counts(request) -> dict[str, QuerySet]:
    """The panel's counts, for a user who sees the panel (deals.view_dealregistration)."""
    if not request.user.has_perm("deals.view_dealregistration"):
        return {}
    return {f"deals:{name}": qs for name, qs in attention_querysets(today=clock.today()).items()}
