"""Versions of the tables whose every write adds a history row (django-simple-history): each table's last
history row.

A figure computed from such tables and kept under their versions is exact, not merely recent: a service, a
form, the admin or an import writing a row adds a history row, and the figure's key moves with it. Apps name the
tables they version in their AppConfig.ready (`track`). `versions` reads the last history id of every tracked
table in one query, a scalar subquery per table on its primary key, once a request with the request's `memo`
(common.memo): the dashboard keys its panels by three of them, and one query serves every panel.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet

from common.kept import kept
from common.memo import remembered_in, request_memo

T = TypeVar("T")
# Values kept under versions never go stale; the lifetime only lets the cache forget old versions.
KEPT_SECONDS = 24 * 3600

_tracked: dict[str, type[Model]] = {}


def track(name: str, history_model: type[Model]) -> None:
    """Version `history_model`'s table (a django-simple-history model) under `name`."""
    _tracked[name] = history_model
    _statement.cache_clear()


@functools.cache
def _statement() -> str:
    """The SELECT of every tracked table's last history id, made once."""
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in _tracked.values()]
    lasts = [f"(SELECT MAX({quote('history_id')}) FROM {table})" for table in tables]  # nosec B608: our tables
    return "SELECT " + ", ".join(lasts)


def versions(*, memo: dict | None = None) -> dict[str, int]:
    """name → the last history id of each tracked table (0 while it has none)."""

    def load():
        with connection.cursor() as cursor:
            cursor.execute(_statement())
            return {name: last or 0 for name, last in zip(_tracked, cursor.fetchone(), strict=True)}

    return remembered_in(memo, "common:versions", load)


def version_of(*names: str, memo: dict | None = None) -> str:
    """The versions of `names` as one token, for a cache key."""
    known = versions(memo=memo)
    return ".".join(str(known[name]) for name in names)


def query_key(queryset: QuerySet) -> str | None:
    """A short digest of `queryset`'s SQL and parameters, to key what it returns; None when it can return
    nothing (`.none()`: a user who may see no row)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]


def kept_under(
    name: str, names: tuple[str, ...], queryset: QuerySet, compute: Callable[[], T], *, memo: dict | None = None
) -> T:
    """`compute()` (what `queryset` returns, shaped as `name` says) kept under the query and the versions of the
    tables `names`: read again only after one of them was written. A query that can return nothing is not kept."""
    digest = query_key(queryset)
    if digest is None:
        return compute()
    return kept(f"versions:{name}:{digest}:{version_of(*names, memo=memo)}", compute, KEPT_SECONDS)


def counted_under(names: tuple[str, ...], queryset: QuerySet, *, memo: dict | None = None) -> int:
    """`queryset.count()` kept under the versions of the tables `names` its rows and filters read: a list page's
    count over every row is taken again only after one of them was written."""
    plain = queryset.select_related(None).order_by()
    return kept_under("count", names, plain, plain.count, memo=memo)


class CountKeptMixin:
    """A paginated list view (ListView, FilterView) whose count is `counted_under(count_versions, …)`: every
    table its rows and filters read must be in `count_versions`."""

    count_versions: tuple[str, ...] = ()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = counted_under(self.count_versions, queryset, memo=request_memo(self.request))
        return paginator
