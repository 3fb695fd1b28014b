"""Counts that the panels of one page show, asked of the database in one query.

The dashboard at `/` shows a dozen independent counts that different apps' panels make (agreements expiring,
draft payouts, risks due, unassigned leads...): a dozen round trips for a number each. Each app declares the
counts of its panels with `provide(page, provider)`, from its AppConfig.ready(), as the notices of
common.hooks are declared: `provider(request)` returns {name: queryset} for what the request's user sees, so
no app imports another's models. The page's view calls `count_ahead(request, page=...)` before it renders:
every declared count is read in one SELECT of scalar subqueries (identical ones once) and kept in the
request's memo (common.memo), and a panel's `named_count(memo, name, queryset)` finds its answer there.

A panel asks for a count under the name its provider gives it, and passes the same queryset (built by the same
function), which it counts itself when nothing was counted ahead (another page, a test, a provider that left
it out): the figure is the same either way, and as fresh, read during the same request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from common.memo import counted, request_memo

_MEMO_KEY = "common:counts-ahead"
_providers: dict[str, list[Callable[..., dict[str, QuerySet]]]] = defaultdict(list)


def provide(page: str, provider: Callable[..., dict[str, QuerySet]]) -> None:
    if provider not in _providers[page]:
        _providers[page].append(provider)


def count_ahead(request, *, page: str) -> dict[str, int]:
    """Every count the page's providers declare for this request, read in one query into the request's memo."""
    querysets: dict[str, QuerySet] = {}
    for provider in _providers.get(page, ()):
        querysets.update(provider(request))
    memo = request_memo(request)
    memo[_MEMO_KEY] = {**memo.get(_MEMO_KEY, {}), **count_together(querysets)}
    return memo[_MEMO_KEY]


def named_count(memo: dict | None, name: str, queryset: Callable[[], QuerySet]) -> int:
    """The count `name` as counted ahead for this request, else `queryset()` counted now (common.memo.counted)."""
    ahead = memo.get(_MEMO_KEY, {}) if memo is not None else {}
    if name in ahead:
        return ahead[name]
    return counted(memo, queryset())


def count_together(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """`{name: queryset.count()}` in one query: `SELECT (SELECT COUNT(*) FROM (...)), ...`, each distinct
    count once; an empty queryset (`.none()`) is 0 without SQL."""
    found: dict[str, int] = {}
    subqueries: dict[tuple, list[str]] = {}
    for name, queryset in querysets.items():
        plain = queryset.select_related(None).order_by().values("pk")
        try:
            sql, params = plain.query.sql_with_params()
        except EmptyResultSet:
            found[name] = 0
            continue
        subqueries.setdefault((sql, tuple(params)), []).append(name)
    if not subqueries:
        return found
    # Every subquery is SQL that Django compiled from a queryset, its parameters passed apart.
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM ({sql}) AS counted_{i})"  # nosec B608: Django's compiled SQL, parameters apart
        for i, (sql, _params) in enumerate(subqueries)
    )
    params = [param for _sql, query_params in subqueries for param in query_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)  # nosec B608: the compiled subqueries above
        row = cursor.fetchone()
    for value, names in zip(row, subqueries.values(), strict=True):
        for name in names:
            found[name] = value
    return found
