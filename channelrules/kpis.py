"""The channel rules' measurements for the monthly scorecards, read set-wise for all partners at once.

- **price compliance rate**: of the month's sales lines that state a unit price, the percent not found under
  the minimum resale price (findings dismissed by a manager do not count). No priced line: not measured.
- **inventory report on time**: 100 when the month's report arrived by the due day, 0 when it was late or is
  missing.
- **weeks of stock within range**: of the products in the month's report, the percent whose weeks of stock
  are within the manager's thresholds (channelrules/stock.py). No report: not measured.

The violation report for the month runs before the cycle (the beat job on the 1st), so its findings are in.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from channelrules import stock
from channelrules.models import Finding, InventoryReport
from channelrules.selectors import stock_alerts
from common.periods import Period
from partners.selectors import priced_line_counts

HUNDRED = Decimal("100")


class ChannelFacts(NamedTuple):
    """One partner's channel measurements (a tuple: the cycle asks for every partner)."""

    price_compliance: Decimal | None = None
    inventory_on_time: Decimal | None = None
    stock_in_range: Decimal | None = None


def _percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(Decimal("0.01"))


def channel_kpis(
    *, period: Period, partner_ids: list[int], priced: dict[int, int] | None = None
) -> dict[int, ChannelFacts]:
    """`priced`: partner → the month's sales lines that state a unit price, when the caller has counted them
    already (the cycle counts them with its own read of the month's sales)."""
    # Every partner's rows are read and those of `partner_ids` kept: sending thousands of ids as query
    # parameters costs more than the few rows of other partners.
    if priced is None:
        priced = priced_line_counts(first=period, last=period)
    under = Counter(
        Finding.objects.filter(period=period.first_day, kind=Finding.Kind.PRICE)
        .exclude(status=Finding.Status.DISMISSED)
        .values_list("partner_id", flat=True)
    )
    late = dict(InventoryReport.objects.filter(period=period.first_day).values_list("partner_id", "late"))
    alerts = stock_alerts(period=period)
    return {
        pk: ChannelFacts(
            price_compliance=_percent(priced.get(pk, 0) - under.get(pk, 0), priced.get(pk, 0)),
            inventory_on_time=HUNDRED if late.get(pk) is False else Decimal("0"),
            stock_in_range=_percent(alerts[pk].count(stock.OK), len(alerts[pk])) if pk in alerts else None,
        )
        for pk in partner_ids
    }
