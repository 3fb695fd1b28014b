"""Weeks of stock and the stock alerts: pure rules, no ORM.

The plan's inventory management (库存管理) watches how long a partner's stock lasts at its recent pace of
sales. Weeks of stock = stock on hand ÷ weekly sell-through, where the weekly sell-through is the units
the partner sold in the trailing months divided by the weeks those months hold (days ÷ 7). One decimal,
half-up. Stock with no sales at all in the trailing months lasts forever: no number, an overstock alert.

Alerts compare weeks of stock with the manager's thresholds: nothing on hand is a stock-out, fewer weeks
than the minimum is low stock, more than the maximum an overstock.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

STOCK_OUT = "stock_out"
LOW = "low"
OVERSTOCK = "overstock"
OK = "ok"

DEFAULT_MIN_WEEKS = Decimal("2")
DEFAULT_MAX_WEEKS = Decimal("8")


def weeks_of_stock(*, stock: int, sold: Sequence[int], days: int) -> Decimal | None:
    """Stock on hand ÷ (units sold over `days` days ÷ weeks); None when nothing was sold (and stock > 0)."""
    total = sum(sold)
    if stock <= 0:
        return Decimal("0.0")
    if total <= 0 or days <= 0:
        return None
    weekly = Decimal(total) / (Decimal(days) / 7)
    return (Decimal(stock) / weekly).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def alert(*, stock: int, weeks: Decimal | None, min_weeks: Decimal, max_weeks: Decimal) -> str:
    if stock <= 0:
        return STOCK_OUT
    if weeks is None or weeks > max_weeks:
        return OVERSTOCK
    if weeks < min_weeks:
        return LOW
    return OK


def within_range(*, weeks: Decimal | None, stock: int, min_weeks: Decimal, max_weeks: Decimal) -> bool:
    return alert(stock=stock, weeks=weeks, min_weeks=min_weeks, max_weeks=max_weeks) == OK
