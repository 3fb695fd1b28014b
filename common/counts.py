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

Building a dozen querysets and compiling them takes longer than the database takes to count them, so the one
SELECT is compiled once per process for each page and `asked_by(request)`: the user (its id, roles and
permissions), the query string and today's local date (and the settings: a change forgets every statement). A
provider's querysets must depend on nothing else (a moment of the clock goes in as the database's own `Now()`),
and it reads nothing to build them; the figures are still counted on every request. tests/common/test_counts.py
holds every provider to that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import QuerySet
from django.dispatch import receiver

from common import clock
from common.access import roles_of
from common.memo import counted, request_memo

_MEMO_KEY = "common:counts-ahead"
_providers: dict[str, list[Callable[..., dict[str, QuerySet]]]] = defaultdict(list)
# Compiled statements per page and asker, the least recently used forgotten first past STATEMENTS_KEPT.
STATEMENTS_KEPT = 512
_statements: OrderedDict[tuple, CountStatement] = OrderedDict()
_lock = threading.Lock()


def provide(page: str, provider: Callable[..., dict[str, QuerySet]]) -> None:
    if provider not in _providers[page]:
        _providers[page].append(provider)
        _forget_statements()


@receiver(setting_changed)
def _forget_statements(**_kwargs) -> None:
    with _lock:
        _statements.clear()


def providers(page: str) -> list[Callable[..., dict[str, QuerySet]]]:
    return list(_providers.get(page, ()))


def asked_by(request) -> tuple:
    """Everything a provider's querysets may depend on: who asks, with what query string, on which day."""
    user = request.user
    return (
        user.pk,
        user.is_superuser,
        frozenset(roles_of(user)),
        frozenset(user.get_all_permissions()),
        tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())),
        clock.today(),
    )


def count_ahead(request, *, page: str) -> dict[str, int]:
    """Every count the page's providers declare for this request, read in one query into the request's memo."""
    key = (connection.vendor, page, asked_by(request))
    with _lock:
        statement = _statements.get(key)
        if statement is not None:
            _statements.move_to_end(key)
    if statement is None:
        querysets: dict[str, QuerySet] = {}
        for provider in providers(page):
            querysets.update(provider(request))
        statement = CountStatement.of(querysets)
        with _lock:
            _statements[key] = statement
            while len(_statements) > STATEMENTS_KEPT:
                _statements.popitem(last=False)
    memo = request_memo(request)
    memo[_MEMO_KEY] = {**memo.get(_MEMO_KEY, {}), **statement.count()}
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
    return CountStatement.of(querysets).count()


@dataclass(frozen=True)
class CountStatement:
    """Named counts as one compiled SELECT: `names[i]` are the names the statement's i-th column answers."""

    sql: str
    params: tuple
    names: tuple[tuple[str, ...], ...]
    empty: tuple[str, ...]  # counted as 0 without SQL

    @classmethod
    def of(cls, querysets: dict[str, QuerySet]) -> CountStatement:
        empty: list[str] = []
        subqueries: dict[tuple, list[str]] = {}
        for name, queryset in querysets.items():
            plain = queryset.select_related(None).order_by().values("pk")
            try:
                sql, params = plain.query.sql_with_params()
            except EmptyResultSet:
                empty.append(name)
                continue
            subqueries.setdefault((sql, tuple(params)), []).append(name)
        # Every subquery is SQL that Django compiled from a queryset, its parameters passed apart.
        columns = ", ".join(
            f"(SELECT COUNT(*) FROM ({sql}) AS counted_{i})"  # nosec B608: Django's compiled SQL, parameters apart
            for i, (sql, _params) in enumerate(subqueries)
        )
        return cls(
            sql=f"SELECT {columns}" if subqueries else "",  # nosec B608: the compiled subqueries above
            params=tuple(param for _sql, query_params in subqueries for param in query_params),
            names=tuple(tuple(names) for names in subqueries.values()),
            empty=tuple(empty),
        )

    def count(self) -> dict[str, int]:
        found = dict.fromkeys(self.empty, 0)
        if not self.sql:
            return found
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            row = cursor.fetchone()
        for value, names in zip(row, self.names, strict=True):
            for name in names:
                found[name] = value
        return found
