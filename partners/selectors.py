"""Reads of the partner register, scoped by user where a user asks, set-wise where many partners are read.

This module is the only reader of sales, compliance incidents and the "active in the month" rule for the
other apps (tests/partners/test_read_rules.py keeps it so): a sum, an exclusion or a month's scope written
once here cannot disagree between the scorecards and the rewards.

A sale's amount is 0 or more, a return's (退货 / 红冲) 0 or less; the sums below are plain sums, so returns
and credit notes net in the month they are booked, in the scorecards and the rewards alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, NullIf, TruncMonth

from common.memo import remembered_in
from common.money import ZERO
from common.periods import Period
from common.versions import kept_under, version_of
from partners.access import owned_by_visible_partner, partners_visible_to
from partners.models import (
    Agreement,
    ComplianceIncident,
    Interaction,
    Partner,
    PartnerStatusChange,
    ProductCategory,
    Region,
    SalesMonth,
    SalesProductMonth,
    SalesRecord,
)

EXPIRY_WINDOW_DAYS = 60
# The tables whose versions key what depends on partners (common.versions, tracked in partners.apps).
PARTNERS = ("partners", "tiers", "regions")


@dataclass(frozen=True)
class MonthSales:
    amount: Decimal = ZERO
    quantity: int = 0
    new_customers: int = 0
    records: int = 0
    returns: Decimal = ZERO  # the returns netted in `amount` (0 or less)


def monthly_sales(*, partners_qs: QuerySet[Partner], months: list[Period]) -> dict[int, dict[Period, MonthSales]]:
    """Sales per partner and month for `months`, in one query whatever the number of partners.

    Every partner of `partners_qs` gets every month, with zeros where nothing was sold, so callers
    (charts, KPIs, exports) need no gaps handling.
    """
    months = sorted(months)
    result = {pk: dict.fromkeys(months, MonthSales()) for pk in partners_qs.values_list("pk", flat=True)}
    if not months or not result:
        return result
    rows = (
        SalesRecord.objects.filter(
            partner__in=partners_qs.values("pk"),
            date__gte=months[0].first_day,
            date__lt=months[-1].next().first_day,
        )
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(
            # before `amount`, which names the net sum from there on
            returns=Sum("amount", filter=Q(kind=SalesRecord.Kind.RETURN)),
            amount=Sum("amount"),
            quantity=Sum("quantity"),
            new_customers=Sum("new_customers"),
            n=Count("pk"),
        )
        .order_by()
    )
    wanted = set(months)
    for row in rows:
        period = Period.containing(row["month"])
        if period in wanted:
            result[row["partner_id"]][period] = MonthSales(
                amount=row["amount"] or ZERO,
                quantity=row["quantity"] or 0,
                new_customers=row["new_customers"] or 0,
                records=row["n"],
                returns=row["returns"] or ZERO,
            )
    return result


def _month_key(value: dt.date | dt.datetime) -> dt.date:
    """TruncMonth gives a date on a DateField, a datetime on some backends: the month's first day either way."""
    return value.date() if isinstance(value, dt.datetime) else value


def sales_total(*, first: Period, last: Period, partner_ids=None) -> dict[int, Decimal]:
    """Net sales per partner from the first day of `first` to the last day of `last`: one GROUP BY.

    Partners without sales are absent; `partner_ids` limits the read (None reads every partner).
    """
    rows = SalesRecord.objects.filter(date__gte=first.first_day, date__lt=last.next().first_day)
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    rows = rows.values("partner_id").annotate(amount=Sum("amount")).order_by()
    return {row["partner_id"]: row["amount"] or ZERO for row in rows}


def sales_sum(*, first: Period, last: Period) -> Decimal:
    """Every partner's sales over the months together (the dashboard's figure), from the monthly summary."""
    total = SalesMonth.objects.filter(month__gte=first.first_day, month__lte=last.first_day).aggregate(s=Sum("amount"))[
        "s"
    ]
    return total or ZERO


def summed_sales_total(*, first: Period, last: Period, partner_ids) -> dict[int, Decimal]:
    """`sales_total` read from the monthly summary (SalesMonth) instead of the lines: what the pages show.
    The same figures; a page reads a few rows per partner instead of every line of its months."""
    rows = SalesMonth.objects.filter(
        partner_id__in=partner_ids, month__gte=first.first_day, month__lte=last.first_day
    ).values("partner_id")
    return {row["partner_id"]: row["amount"] for row in rows.annotate(amount=Sum("amount")).order_by()}


def summed_sales_of_outer_partner(*, first: Period, last: Period) -> Subquery:
    """The net sales of the partner `OuterRef("pk")` over the months, from the monthly summary (SalesMonth):
    for annotating a partner queryset, so a filter on the figure runs in the database."""
    rows = SalesMonth.objects.filter(partner=OuterRef("pk"), month__gte=first.first_day, month__lte=last.first_day)
    return Subquery(rows.values("partner").annotate(amount=Sum("amount")).values("amount")[:1])


def partners_version(*, memo: dict | None = None) -> str:
    """A token that changes with every write to a partner, a tier or a region (each adds a history row, whatever
    the path: services, forms, the admin): the key of cached figures that depend on partners' tiers, statuses
    and regions (a province's cities, a regional plan's partners). Read with the other versions
    (common.versions), once a request with the request's `memo` (common.memo)."""
    return version_of(*PARTNERS, memo=memo)


def partners_counted_by(partners: QuerySet[Partner], field: str, *, memo: dict | None = None) -> dict[str, int]:
    """How many of `partners` have each value of `field` (a column of the partner itself: status, channel
    type): a GROUP BY over every partner only after a partner was written, else kept under the partners'
    version (`partners_version`), so the dashboard's panels cost the same with any number of partners."""
    grouped = partners.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    return kept_under("partners-counted-by", PARTNERS, grouped, lambda: dict(grouped), memo=memo)


def sales_by_month(
    *, first: Period, last: Period, partners_qs: QuerySet[Partner] | None = None
) -> dict[Period, Decimal]:
    """Net sales per month over all partners (or those of `partners_qs`), in one GROUP BY over the monthly
    summary (SalesMonth): the plan's and the dashboard's figures. Months without sales are absent.
    """
    rows = SalesMonth.objects.filter(month__gte=first.first_day, month__lte=last.first_day)
    if partners_qs is not None:
        rows = rows.filter(partner__in=partners_qs.values("pk"))
    rows = rows.values("month").annotate(total=Sum("amount")).order_by()
    return {Period.containing(row["month"]): row["total"] or ZERO for row in rows}


def category_names() -> dict[str, str]:
    """Product category code → its name, as the company calls it (a handful of rows, one query)."""
    return dict(ProductCategory.objects.values_list("code", "name"))


def sales_by_category(
    *, first: Period, last: Period, partner_ids=None
) -> dict[tuple[int, dt.date], dict[str, Decimal]]:
    """(partner, month's first day) → {category code: net sales}, for every partner (or those of
    `partner_ids`), in one query."""
    result: dict[tuple[int, dt.date], dict[str, Decimal]] = {}
    for partner_id, month, code, total in _sales_by_category_rows(first, last, partner_ids):
        result.setdefault((partner_id, _month_key(month)), {})[code] = total
    return result


def sales_by_category_in_partner_order(
    *, first: Period, last: Period, partner_ids=None
) -> Iterator[tuple[int, dt.date, str, Decimal]]:
    """(partner, month's first day, category code, net sales) in partner order, read as they are consumed (a
    server-side cursor on PostgreSQL): one pass over the sales that never holds more than a batch of them."""
    rows = _sales_by_category_rows(first, last, partner_ids).order_by("partner_id")
    for partner_id, month, code, total in rows.iterator(chunk_size=10_000):
        yield partner_id, _month_key(month), code, total


def _sales_by_category_rows(first: Period, last: Period, partner_ids) -> QuerySet:
    rows = SalesRecord.objects.filter(date__gte=first.first_day, date__lt=last.next().first_day)
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    return (
        # a date, not the time stamp date_trunc gives: tens of thousands of rows load far faster
        rows.annotate(month=Cast(TruncMonth("date"), DateField()))
        .values("partner_id", "month", "category__code")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("partner_id", "month", "category__code", "total")
    )


def sales_fingerprints(*, partner_ids, first: Period, last: Period) -> dict[int, list[tuple[dt.date, str]]]:
    """partner → [(month's first day, "net/lines")]: a summary that changes when any sale of the month does
    (the stale-statement check compares it with the one taken when the statement was built)."""
    result: dict[int, list[tuple[dt.date, str]]] = {}
    rows = (
        SalesRecord.objects.filter(
            partner_id__in=partner_ids, date__gte=first.first_day, date__lt=last.next().first_day
        )
        .annotate(month=Cast(TruncMonth("date"), DateField()))  # a date loads far faster than a time stamp
        .values("partner_id", "month")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
        .values_list("partner_id", "month", "total", "n")
    )
    for partner_id, month, total, n in rows:
        result.setdefault(partner_id, []).append((_month_key(month), f"{total}/{n}"))
    return result


def sales_lines(*, first: Period, last: Period, partner_ids=None) -> QuerySet[SalesRecord]:
    """The sales lines of the months (for the channel rules' violation report): the lines themselves, read
    with what they say about product, unit price and the customer's region, in date order."""
    # A return is no sale under the minimum price nor outside the territory: sales lines only.
    lines = SalesRecord.objects.filter(
        kind=SalesRecord.Kind.SALE, date__gte=first.first_day, date__lt=last.next().first_day
    )
    if partner_ids is not None:
        lines = lines.filter(partner_id__in=partner_ids)
    return lines.select_related("customer_region").order_by("date", "pk")


def sales_quantities_by_product(*, first: Period, last: Period, partner_ids=None) -> dict[tuple[int, str], int]:
    """(partner, product code) → units sold in the months (sell-through), net of returns, in one query over the
    monthly summary of products (a row per partner, month and product sold), never over the sales lines. Lines
    without a product code are left out."""
    rows = SalesProductMonth.objects.filter(month__gte=first.first_day, month__lte=last.first_day)
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    sums = rows.values("partner_id", "product_code").annotate(total=Sum("quantity")).order_by()
    return {(row["partner_id"], row["product_code"]): row["total"] for row in sums}


def sales_figures_by_partner(period: Period, *figures: str):
    """(partner id, (figure, ...)) for the month's sales, from the monthly summary (the monthly cycle's KPI
    inputs): "amount" (net), "new_customers", "records" (lines) and "priced" (the sales lines that state a unit
    price: the base of the price compliance rate). One query over the month's summary rows, one per partner
    with sales, instead of a GROUP BY over the month's sales lines."""
    columns = {"amount": "amount", "new_customers": "new_customers", "records": "lines", "priced": "priced"}
    rows = SalesMonth.objects.filter(month=period.first_day).order_by()
    for row in rows.values_list("partner_id", *(columns[name] for name in figures)):
        yield row[0], row[1:]


def sales_by_region(period: Period) -> dict[int, Decimal]:
    """region → the month's net sales of every partner of the region, active or not, from the monthly
    summary (the market the monthly cycle takes a partner's share of): one GROUP BY, a row per region with
    sales in the month (a region whose partners sold nothing has none)."""
    rows = (
        SalesMonth.objects.filter(month=period.first_day)
        .values("partner__region_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("partner__region_id", "total")
    )
    return dict(rows)


def priced_line_counts(*, first: Period, last: Period, partner_ids=None) -> dict[int, int]:
    """partner → the months' sales lines that state a unit price (the base of the price compliance rate)."""
    lines = SalesRecord.objects.filter(
        kind=SalesRecord.Kind.SALE, date__gte=first.first_day, date__lt=last.next().first_day, unit_price__isnull=False
    )
    if partner_ids is not None:
        lines = lines.filter(partner_id__in=partner_ids)
    return dict(lines.values("partner_id").annotate(n=Count("pk")).order_by().values_list("partner_id", "n"))


@dataclass(frozen=True)
class ReturnLine:
    """A return booked in a month, with the sale it returns where that is known."""

    partner_id: int
    external_ref: str
    date: dt.date
    amount: Decimal
    original_ref: str
    original_date: dt.date | None


def returns_booked(*, partner_ids, period: Period) -> dict[int, list[ReturnLine]]:
    """partner → the returns booked in the month, oldest first, in one query (the clawback lines cite them)."""
    result: dict[int, list[ReturnLine]] = {}
    rows = (
        SalesRecord.objects.filter(
            kind=SalesRecord.Kind.RETURN,
            partner_id__in=partner_ids,
            date__gte=period.first_day,
            date__lt=period.next().first_day,
        )
        .order_by("date", "pk")
        .values_list("partner_id", "external_ref", "date", "amount", "original_ref", "original__date")
    )
    for row in rows:
        result.setdefault(row[0], []).append(ReturnLine(*row))
    return result


def incidents_counted() -> QuerySet[ComplianceIncident]:
    """The incidents that count against a partner (KPIs, penalties): every one but those dismissed."""
    return ComplianceIncident.objects.exclude(status=ComplianceIncident.Status.DISMISSED)


def incident_counts(*, first: Period, last: Period, partner_ids=None) -> dict[tuple[int, dt.date], dict[str, int]]:
    """(partner, month's first day) → {severity: incidents that occurred then and count}, for every partner (or
    those of `partner_ids`), in one query."""
    result: dict[tuple[int, dt.date], dict[str, int]] = {}
    rows = incidents_counted().filter(occurred_on__gte=first.first_day, occurred_on__lt=last.next().first_day)
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    rows = (
        rows.annotate(month=TruncMonth("occurred_on"))
        .values("partner_id", "month", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        result.setdefault((row["partner_id"], _month_key(row["month"])), {})[row["severity"]] = row["n"]
    return result


def partners_active_in(period: Period) -> QuerySet[Partner]:
    """The partners active at some moment of the month, from their status history: one query.

    The month is [its first midnight, the next month's first midnight) in the installation's time zone.
    A partner counts when it joined by the month's last day and either entered "active" during the month
    or was active when the month began. Its status when the month began is, in this order:
    the status its last change before the month led to; else the status its first later change started
    from; else, when that first later change records no "from" (entered by hand, or the registration),
    active if it had joined before the month, and not otherwise; else (no change since) its status now.

    So a partner active all October and suspended at 00:30 on 1 November counts for October in the
    scorecards and in the rewards alike, and a partner suspended since September does not.

    On PostgreSQL the history is read set-wise (`_ACTIVE_IN_SQL`): each partner's last change before the
    month and first change since, by DISTINCT ON over the (partner, changed_at, id) index, joined once,
    instead of three correlated subqueries per partner (whose estimated cost also set off JIT compilation,
    a good part of the time at 10,000 partners). Elsewhere (SQLite) the same rule through the ORM.
    """
    if connection.vendor == "postgresql":
        start, end = period.bounds()
        sql = _ACTIVE_IN_SQL.format(
            partner=Partner._meta.db_table, changes=PartnerStatusChange._meta.db_table, active=Partner.Status.ACTIVE
        )
        params = [start, start, period.first_day, start, end]
        return Partner.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=period.last_day)).filter(
            pk__in=RawSQL(sql, params)  # nosec B611: table names and a status code, values as parameters
        )
    return _partners_active_in_orm(period)


# The rule of `partners_active_in` in SQL; {active} is a status code (letters only), never user input.
_ACTIVE_IN_SQL = """
SELECT p.id FROM {partner} p
LEFT JOIN (
    SELECT DISTINCT ON (partner_id) partner_id, to_status FROM {changes}
    WHERE changed_at < %s ORDER BY partner_id DESC, changed_at DESC, id DESC
) last_before ON last_before.partner_id = p.id
LEFT JOIN (
    SELECT DISTINCT ON (partner_id) partner_id, from_status FROM {changes}
    WHERE changed_at >= %s ORDER BY partner_id, changed_at, id
) first_since ON first_since.partner_id = p.id
WHERE COALESCE(
    last_before.to_status,
    NULLIF(first_since.from_status, ''),
    CASE WHEN first_since.partner_id IS NULL THEN NULL WHEN p.joined_on < %s THEN '{active}' ELSE '' END,
    p.status
) = '{active}'
OR p.id IN (SELECT partner_id FROM {changes} WHERE changed_at >= %s AND changed_at < %s AND to_status = '{active}')
"""


def _partners_active_in_orm(period: Period) -> QuerySet[Partner]:
    """`partners_active_in` through the ORM: three correlated subqueries per partner (SQLite)."""
    start, end = period.bounds()
    changes = PartnerStatusChange.objects.filter(partner=OuterRef("pk")).order_by()
    before = changes.filter(changed_at__lt=start).order_by("-changed_at", "-pk").values("to_status")[:1]
    first_after = changes.filter(changed_at__gte=start).order_by("changed_at", "pk")
    # What a first later change that records no "from" tells: active before it if the partner had joined.
    from_nowhere = Case(
        When(partner__joined_on__lt=period.first_day, then=Value(Partner.Status.ACTIVE)),
        default=Value(""),
        output_field=CharField(),
    )
    return (
        Partner.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=period.last_day))
        .annotate(
            status_at_start=Coalesce(
                Subquery(before),
                NullIf(Subquery(first_after.values("from_status")[:1]), Value("")),
                Subquery(first_after.values(s=from_nowhere)[:1]),
                "status",
                output_field=CharField(),
            ),
            activated_in_month=Exists(
                changes.filter(changed_at__gte=start, changed_at__lt=end, to_status=Partner.Status.ACTIVE)
            ),
        )
        .filter(Q(status_at_start=Partner.Status.ACTIVE) | Q(activated_in_month=True))
    )


def partner_monthly_sales(*, partner: Partner, months: list[Period]) -> list[tuple[Period, MonthSales]]:
    """One partner's months, oldest first (the sales tab, the portal's sales and scorecard pages): what
    `monthly_sales` gives, read from the monthly summary (SalesMonth), a row per month."""
    per_month = dict.fromkeys(sorted(months), MonthSales())
    if months:
        rows = SalesMonth.objects.filter(
            partner=partner, month__gte=min(months).first_day, month__lte=max(months).first_day
        )
        for row in rows:
            period = Period.containing(row.month)
            if period in per_month:
                per_month[period] = MonthSales(
                    amount=row.amount,
                    quantity=row.quantity,
                    new_customers=row.new_customers,
                    records=row.lines,
                    returns=row.returns,
                )
    return list(per_month.items())


def partner_list(*, user) -> QuerySet[Partner]:
    """The partners a user may see, with what the list and the CSV export show, in one query."""
    return partners_visible_to(user).select_related("tier", "region", "region__parent", "manager")


def partners_owned_by(*, user) -> QuerySet[Partner]:
    """The partners a user manages (is the owner of), among those they may see: a manager's "my partners"."""
    return partner_list(user=user).filter(manager=user)


def follow_ups_open(*, user) -> QuerySet[Interaction]:
    """Interactions with a follow-up date not yet done, of the partners the user may see, the earliest due first."""
    interactions = owned_by_visible_partner(Interaction.objects.all(), user, perm="partners.view_interaction")
    return (
        interactions.filter(done=False, due_on__isnull=False)
        .select_related("partner", "partner__manager")
        .order_by("due_on", "partner__code", "pk")
    )


def follow_ups_due(*, user, today: dt.date) -> QuerySet[Interaction]:
    """The user's own follow-ups that are due: open, due today or earlier, on a partner they manage."""
    return follow_ups_open(user=user).filter(due_on__lte=today, partner__manager=user)


def agreements_for(*, user) -> QuerySet[Agreement]:
    return owned_by_visible_partner(Agreement.objects.all(), user, perm="partners.view_agreement").select_related(
        "partner"
    )


def agreements_expiring(*, user, today: dt.date, days: int = EXPIRY_WINDOW_DAYS) -> QuerySet[Agreement]:
    """Signed agreements whose term ends within `days` of `today` (and has not ended yet)."""
    return agreements_for(user=user).filter(expiring_q(today, days))


def expiring_q(today: dt.date, days: int = EXPIRY_WINDOW_DAYS) -> Q:
    return Q(status=Agreement.Status.SIGNED, end_on__gte=today, end_on__lte=today + dt.timedelta(days=days))


def with_expiring_flag(queryset: QuerySet[Agreement], today: dt.date) -> QuerySet[Agreement]:
    """Adds `expiring` (True for a signed agreement ending within the window) to each agreement."""
    return queryset.annotate(expiring=ExpressionWrapper(expiring_q(today), output_field=BooleanField()))


def sales_records_for(*, user) -> QuerySet[SalesRecord]:
    """Sales records one by one (the API's list): every record for internal users with the permission, a
    partner user's (or partner token's) own partner's otherwise."""
    return owned_by_visible_partner(
        SalesRecord.objects.select_related("partner", "category"), user, perm="partners.view_salesrecord"
    )


def provinces(*, memo: dict | None = None) -> list[tuple[int, str, str]]:
    """Every province as (pk, code, name), by code: one query, once a request with the request's `memo`
    (common.memo): the dashboard's coverage table and the plan's coverage goal both go through them."""
    return remembered_in(
        memo,
        "partners:provinces",
        lambda: list(Region.objects.filter(level=Region.Level.PROVINCE).values_list("pk", "code", "name")),
    )
