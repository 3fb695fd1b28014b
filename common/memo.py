"""A per-request memo: what several panels of one page read alike is read once per request.

The dashboard at `/` is built by several apps' template tags, each asking the database on its own: two of them
count the same expiring agreements, two the same due follow-ups, three look up the latest evaluation cycle.
`request_memo(request)` is a dict that lives as long as the request; `counted(memo, queryset)` counts a queryset
once per request, keyed by the SQL of its count, so two panels asking the very same question share the answer,
and a panel asking a different one (a manager's own partners) asks the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

_ATTRIBUTE = "_channelwork_memo"


def request_memo(request) -> dict:
    """The memo of this request (a new dict on its first use); an empty throwaway dict without a request."""
    if request is None:
        return {}
    memo = getattr(request, _ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(request, _ATTRIBUTE, memo)
    return memo


def remembered_in(memo: dict | None, key, compute: Callable[[], Any]):
    """`compute()`, once per memo and key (every time when there is no memo)."""
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def counted(memo: dict | None, queryset: QuerySet) -> int:
    """`queryset.count()`, once per memo for the same count query (whatever its joins for display or order)."""
    if memo is None:
        return queryset.count()
    plain = queryset.select_related(None).order_by()
    try:
        sql, params = plain.query.sql_with_params()
    except EmptyResultSet:  # `.none()` (a user without the permission): counted without a query
        return plain.count()
    return remembered_in(memo, ("count", sql, tuple(params)), plain.count)
