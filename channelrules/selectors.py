"""Reads of the channel rules, set-wise: a page's query count does not grow with its rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from channelrules import prices, stock
from channelrules.access import findings_visible_to, inventory_reports_visible_to
from channelrules.models import Finding, InventoryLine, InventoryReport, PriceList, Product, Shipment, StockThreshold
from channelrules.services import price_list_facts, report_due
from common.periods import Period
from partners.models import Partner, SalesProductMonth
from partners.selectors import partners_active_in, sales_quantities_by_product

TRAILING_MONTHS = 3


def product_list() -> QuerySet[Product]:
    return Product.objects.select_related("category").order_by("code")


def price_list_list() -> QuerySet[PriceList]:
    return PriceList.objects.select_related("tier").order_by("-valid_from", "name")


@dataclass(frozen=True)
class PriceRow:
    product: Product
    supply: Decimal
    minimum: Decimal
    by_category: bool


def current_prices(*, partner: Partner, day: dt.date) -> tuple[PriceList | None, list[PriceRow]]:
    """The price list in force for the partner on `day` and its price for every active product it covers
    (a product's own line, else its category's line). Four queries."""
    facts = prices.list_in_force(
        price_list_facts(), tier_id=partner.tier_id, channel_type=partner.channel_type, day=day
    )
    if facts is None:
        return None, []
    rows = []
    for product in product_list().filter(active=True):
        line = facts.products.get(product.pk)
        by_category = line is None
        line = line or facts.categories.get(product.category_id)
        if line is not None:
            rows.append(PriceRow(product, line[0], line[1], by_category))
    return PriceList.objects.select_related("tier").get(pk=facts.id), rows


def finding_list(*, user) -> QuerySet[Finding]:
    return findings_visible_to(user).select_related("partner", "region", "incident", "decided_by")


def inventory_report_list(*, user) -> QuerySet[InventoryReport]:
    return inventory_reports_visible_to(user).select_related("partner", "submitted_by")


@dataclass(frozen=True)
class StockRow:
    partner: Partner
    product: Product
    opening: int | None
    sell_in: int
    sell_through: int
    closing: int | None
    weeks: Decimal | None
    alert: str | None


def thresholds() -> tuple[dict[int, tuple[Decimal, Decimal]], tuple[Decimal, Decimal]]:
    specific, default = {}, (stock.DEFAULT_MIN_WEEKS, stock.DEFAULT_MAX_WEEKS)
    for product_id, low, high in StockThreshold.objects.values_list("product_id", "min_weeks", "max_weeks"):
        if product_id is None:
            default = (low, high)
        else:
            specific[product_id] = (low, high)
    return specific, default


class StockKeys:
    """The (partner, product) pairs the stock page lists for a month, in its order (partner code, product code):
    each pair with stock reported at either end of the month, a shipment or a sale of a catalogue product in it,
    of a partner active in the month. The database unites, orders and counts them; a page reads its 25
    (`keys[0:25]`, then `stock_rows(keys=...)`) and the count, and no row is built for the others: in Python,
    sorting the 320,000 pairs of a month at 100,000 partners took 1.5 s."""

    FIRST = 100

    def __init__(self, period: Period):
        quote = connection.ops.quote_name
        line, report, shipment, product, sold = (
            quote(model._meta.db_table)
            for model in (InventoryLine, InventoryReport, Shipment, Product, SalesProductMonth)
        )
        active, active_params = partners_active_in(period).order_by().values("pk").query.sql_with_params()
        # The month's sales of catalogue products are one row each already (the summary's unique key); the
        # reported stock and the shipments add the pairs they do not hold. No UNION: deduplicating the 320,000
        # pairs of a month at 100,000 partners by sorting them took longer than the rest of the query.
        self.pairs = (
            f"SELECT s.partner_id, p.id AS product_id FROM {sold} s"  # nosec B608
            f" JOIN {product} p ON p.code = s.product_code WHERE s.month = %s"
            " UNION ALL SELECT other.partner_id, other.product_id FROM ("
            f"SELECT r.partner_id, l.product_id FROM {line} l JOIN {report} r ON r.id = l.report_id"
            " WHERE r.period IN (%s, %s)"
            f" UNION SELECT partner_id, product_id FROM {shipment} WHERE shipped_on >= %s AND shipped_on < %s"
            f") other JOIN {product} p ON p.id = other.product_id WHERE NOT EXISTS (SELECT 1 FROM {sold} s"
            " WHERE s.partner_id = other.partner_id AND s.month = %s AND s.product_code = p.code)"
        )
        self.active = active
        self.params = [
            period.first_day,
            period.first_day,
            period.previous().first_day,
            period.first_day,
            period.next().first_day,
            period.first_day,
            *active_params,
        ]
        self.tables = {"partner": quote(Partner._meta.db_table), "product": product}
        self._first: list[tuple[int, int]] | None = None
        self._count: int | None = None

    def count(self) -> int:
        # One pass gives the count and the first rows (a first page of up to FIRST): the page most often asked for
        # costs one query, another one more.
        if self._count is None:
            self._first, self._count = self._rows(0, self.FIRST)
        return self._count

    def __getitem__(self, index: slice) -> list[tuple[int, int]]:
        if self._first is not None and index.stop <= self.FIRST:
            return self._first[index]
        return self._rows(index.start, index.stop - index.start)[0]

    def _rows(self, offset: int, limit: int) -> tuple[list[tuple[int, int]], int]:
        """The pairs from `offset`, at most `limit`, and the number of pairs in all (0 when none is left there)."""
        sql = (
            f"SELECT pairs.partner_id, pairs.product_id, COUNT(*) OVER () FROM ({self.pairs}) pairs"  # nosec B608
            f" JOIN {self.tables['partner']} pa ON pa.id = pairs.partner_id"
            f" JOIN {self.tables['product']} pr ON pr.id = pairs.product_id"
            f" WHERE pairs.partner_id IN ({self.active}) ORDER BY pa.code, pr.code LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, limit, offset])
            rows = cursor.fetchall()
        return [(partner_id, product_id) for partner_id, product_id, _total in rows], rows[0][2] if rows else 0


def stock_keys(*, period: Period, alert: str = ""):
    """The stock page's pairs (`StockKeys`); with `alert`, the pairs whose closing stock raises it, a list: they
    are the month's inventory lines, which `closing_alerts` reads whole anyway."""
    if not alert:
        return StockKeys(period)
    raised = [key for key, raises in closing_alerts(period=period).items() if raises == alert]
    codes = dict(
        partners_active_in(period).filter(pk__in={partner_id for partner_id, _ in raised}).values_list("pk", "code")
    )
    product_codes = dict(Product.objects.values_list("pk", "code"))
    return sorted((key for key in raised if key[0] in codes), key=lambda key: (codes[key[0]], product_codes[key[1]]))


def stock_rows(*, period: Period, keys: list[tuple[int, int]] | None = None) -> list[StockRow]:
    """Per partner and product: opening and closing stock (the reports of the month before and of the
    month), sell-in (shipments) and sell-through (sales) in the month, weeks of stock at the trailing
    three months' pace of sales, and the alert. A fixed number of queries. `keys`: only these (partner,
    product) pairs, in their order (a page of `stock_keys`); else every pair of the month."""
    partners_qs = partners_active_in(period)
    if keys is not None:
        partners_qs = partners_qs.filter(pk__in={partner_id for partner_id, _product_id in keys})
    partners = {partner.pk: partner for partner in partners_qs}
    ids = list(partners)
    closing, opening = defaultdict(dict), defaultdict(dict)
    for partner_id, day, product_id, quantity in InventoryLine.objects.filter(
        report__partner_id__in=ids, report__period__in=[period.first_day, period.previous().first_day]
    ).values_list("report__partner_id", "report__period", "product_id", "quantity"):
        (closing if day == period.first_day else opening)[partner_id][product_id] = quantity
    sell_in = defaultdict(int)
    for partner_id, product_id, quantity in Shipment.objects.filter(
        partner_id__in=ids, shipped_on__gte=period.first_day, shipped_on__lt=period.next().first_day
    ).values_list("partner_id", "product_id", "quantity"):
        sell_in[(partner_id, product_id)] += quantity
    trailing = period.trailing(TRAILING_MONTHS)
    first, last = trailing[0], trailing[-1]
    days = (last.next().first_day - first.first_day).days
    sold_trailing = sales_quantities_by_product(first=first, last=last, partner_ids=ids)
    sold_month = sales_quantities_by_product(first=period, last=period, partner_ids=ids)
    products = {product.pk: product for product in product_list()}
    codes = {product.code: pk for pk, product in products.items()}
    specific, default = thresholds()
    if keys is None:
        found = set()
        for partner_id in ids:
            found |= {(partner_id, product_id) for product_id in closing[partner_id]}
            found |= {(partner_id, product_id) for product_id in opening[partner_id]}
        found |= set(sell_in)
        found |= {(partner_id, codes[code]) for partner_id, code in sold_month if code in codes}
        keys = sorted(found, key=lambda key: (partners[key[0]].code, products[key[1]].code))
    rows = []
    for partner_id, product_id in keys:
        if partner_id not in partners:
            continue
        product = products[product_id]
        on_hand = closing[partner_id].get(product_id)
        weeks = alert = None
        if on_hand is not None:
            weeks, alert = _weeks_and_alert(
                on_hand, sold_trailing.get((partner_id, product.code), 0), days, specific.get(product_id, default)
            )
        rows.append(
            StockRow(
                partners[partner_id],
                product,
                opening[partner_id].get(product_id),
                sell_in.get((partner_id, product_id), 0),
                sold_month.get((partner_id, product.code), 0),
                on_hand,
                weeks,
                alert,
            )
        )
    return rows


def _weeks_and_alert(on_hand: int, sold: int, days: int, limits: tuple[Decimal, Decimal]) -> tuple:
    """Weeks of stock at the trailing pace of sales, and the alert they raise within `limits` (min, max weeks)."""
    weeks = stock.weeks_of_stock(stock=on_hand, sold=[sold], days=days)
    return weeks, stock.alert(stock=on_hand, weeks=weeks, min_weeks=limits[0], max_weeks=limits[1])


def closing_alerts(*, period: Period) -> dict[tuple[int, int], str]:
    """(partner, product) → the alert of each line of the month's inventory reports (what `stock_rows` says of
    the rows with a closing stock), for every partner that reported: three queries, reading only the reported
    partners' sales, never building a row per partner."""
    reported = InventoryReport.objects.filter(period=period.first_day)
    closing = list(
        InventoryLine.objects.filter(report__in=reported)
        .order_by()
        .values_list("report__partner_id", "product_id", "product__code", "quantity")
    )
    if not closing:
        return {}
    trailing = period.trailing(TRAILING_MONTHS)
    days = (trailing[-1].next().first_day - trailing[0].first_day).days
    sold = sales_quantities_by_product(first=trailing[0], last=trailing[-1], partner_ids=reported.values("partner_id"))
    specific, default = thresholds()
    return {
        (partner_id, product_id): _weeks_and_alert(
            on_hand, sold.get((partner_id, code), 0), days, specific.get(product_id, default)
        )[1]
        for partner_id, product_id, code, on_hand in closing
    }


def stock_alerts(*, period: Period) -> dict[int, list[str]]:
    """partner → the alert of each product in its report of the month (the monthly cycle's input)."""
    alerts: dict[int, list[str]] = defaultdict(list)
    for (partner_id, _product_id), alert in closing_alerts(period=period).items():
        alerts[partner_id].append(alert)
    return alerts


@dataclass(frozen=True)
class ReportStatus:
    partner: Partner
    report: InventoryReport | None
    due: dt.date


def report_partners(period: Period) -> QuerySet[Partner]:
    """The partners the reports page lists for the month, by code: every partner active in it."""
    return partners_active_in(period).order_by("code")


def report_statuses(*, period: Period, partners: list[Partner]) -> list[ReportStatus]:
    """`partners` (a page of `report_partners`), each with its report of the month (or None: missing): one query,
    for the partners shown only."""
    reports = {
        report.partner_id: report
        for report in InventoryReport.objects.filter(period=period.first_day, partner__in=[p.pk for p in partners])
    }
    due = report_due(period)
    return [ReportStatus(partner, reports.get(partner.pk), due) for partner in partners]
