"""Upkeep of the monthly sales summaries: `SalesMonth`, one row per partner and month, and `SalesProductMonth`,
one per partner, month and product named, each equal at every commit to a GROUP BY over the sales lines.

Whoever writes sales lines calls `sales_months_refresh` with the (partner, date) keys it touched, inside the
transaction that writes them: an old date as well as a new one when a line moves between months. The refresh
is set-wise, whatever the number of keys: for each summary one INSERT … SELECT … GROUP BY … ON CONFLICT DO
UPDATE that recomputes those partners' months from their lines (rewriting only rows whose sums changed), and
one DELETE for the keys left without lines. A failed write rolls back with its refresh, so a summary never
holds sums of lines that are not there. `sales_months_rebuild` recomputes everything (the management command
`rebuild_sales_months`, the benchmark's fill).

The refresh takes the cross product of the partners and the months it is given: recomputing a key nobody
touched rewrites nothing, and the keys of one import are mostly that product anyway.

The pages cache sums over every partner keyed by `sales_version()`, a token that changes when sales are written
and again when that transaction commits (the dashboard's and the plan's sales figures).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from common.memo import remembered_in
from common.money import ZERO
from common.periods import Period
from partners.models import SalesMonth, SalesProductMonth, SalesRecord

VERSION_KEY = "partners:sales-version"
SUMS = ("amount", "returns", "quantity", "new_customers", "lines", "priced")


def _grouped(lines):
    """The GROUP BY the summary equals: (partner, month) → the sums, columns in SalesMonth's order."""
    return (
        lines.annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(
            s_amount=Sum("amount"),
            s_returns=Coalesce(Sum("amount", filter=Q(kind=SalesRecord.Kind.RETURN)), ZERO),
            s_quantity=Sum("quantity"),
            s_new_customers=Sum("new_customers"),
            s_lines=Count("pk"),
            s_priced=Count("pk", filter=Q(kind=SalesRecord.Kind.SALE, unit_price__isnull=False)),
        )
        .order_by()
        .values_list("partner_id", "month", *(f"s_{name}" for name in SUMS))
    )


def _grouped_products(lines):
    """The GROUP BY the product summary equals: (partner, month, product code) → units, for the lines naming one."""
    return (
        lines.exclude(product_code="")
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month", "product_code")
        .annotate(s_quantity=Sum("quantity"))
        .order_by()
        .values_list("partner_id", "month", "product_code", "s_quantity")
    )


def _upsert(model, grouped, *, key: tuple[str, ...], sums: tuple[str, ...]) -> None:
    """INSERT the `grouped` rows (the `key` columns, then the `sums`) into `model`'s table, updating the rows whose
    sums differ."""
    select, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in (*key, *sums))
    updates = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in sums)
    table = quote(model._meta.db_table)
    changed = ""
    if connection.vendor == "postgresql":  # unchanged rows are not rewritten (no dead tuple, no WAL)
        mine = ", ".join(f"{table}.{quote(name)}" for name in sums)
        theirs = ", ".join(f"excluded.{quote(name)}" for name in sums)
        changed = f" WHERE ({mine}) IS DISTINCT FROM ({theirs})"
    conflict = ", ".join(quote(name) for name in key)
    statement = (
        f"INSERT INTO {table} ({columns}) {select} "  # nosec B608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}{changed}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _upsert_both(lines) -> None:
    _upsert(SalesMonth, _grouped(lines), key=("partner_id", "month"), sums=SUMS)
    _upsert(
        SalesProductMonth, _grouped_products(lines), key=("partner_id", "month", "product_code"), sums=("quantity",)
    )


def sales_months_refresh(*, keys: Iterable[tuple[int, dt.date]]) -> None:
    """Recompute both summaries for the partners and months of `keys` ((partner id, any day of the month)).
    Call it inside the transaction that wrote the lines; the summary's version changes when it commits."""
    partner_ids, months = set(), set()
    for partner_id, day in keys:
        partner_ids.add(partner_id)
        months.add(Period.containing(day).first_day)
    if not partner_ids:
        return
    with transaction.atomic():
        first, end = min(months), Period.containing(max(months)).next().first_day
        lines = SalesRecord.objects.filter(partner_id__in=partner_ids, date__gte=first, date__lt=end)
        if len(months) < (end.year - first.year) * 12 + end.month - first.month:  # months in between untouched
            lines = lines.annotate(line_month=TruncMonth("date")).filter(line_month__in=months)
        _upsert_both(lines)
        # The keys no line is left in (deleted, moved to another month or partner, or given another product).
        left = (
            SalesRecord.objects.filter(partner_id=OuterRef("partner_id"), date__gte=OuterRef("month"), date__lt=end)
            .annotate(line_month=TruncMonth("date"))
            .filter(line_month=OuterRef("month"))
        )
        SalesMonth.objects.filter(partner_id__in=partner_ids, month__in=months).exclude(Exists(left)).delete()
        SalesProductMonth.objects.filter(partner_id__in=partner_ids, month__in=months).exclude(
            Exists(left.filter(product_code=OuterRef("product_code")))
        ).delete()
        _changed()


def sales_months_rebuild() -> tuple[int, int]:
    """Recompute both summaries from the sales lines (a DELETE and an INSERT … SELECT each); returns their rows
    (partner months, partner product months)."""
    with transaction.atomic():
        SalesMonth.objects.all().delete()
        SalesProductMonth.objects.all().delete()
        _upsert_both(SalesRecord.objects.all())
        _changed()
        return SalesMonth.objects.count(), SalesProductMonth.objects.count()


def _changed() -> None:
    """A new version now (what this transaction reads next is not served from an older cache entry) and again
    when it commits (an entry another process filled from the data before the commit is not used after it)."""
    sales_version_bump()
    transaction.on_commit(sales_version_bump)


def sales_version(*, memo: dict | None = None) -> str:
    """A token that changes whenever committed sales change: the key of cached sums over every partner. Read
    once a request with the request's `memo` (common.memo) by pages that only read."""

    def load():
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        return version or "none"

    return remembered_in(memo, "partners:sales-version", load)


def sales_version_bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
