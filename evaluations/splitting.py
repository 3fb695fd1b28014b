"""Splitting a yearly sales target into months (and so quarters): pure rules, Decimal in and out.

Each month is rounded to cents half-up and the last month takes the rounding difference, so the
twelve months always add up to exactly the yearly figure. Quarters are sums of their months.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from common.money import ZERO, round_money

EVEN = "even"
LAST_YEAR_SHAPE = "last_year"


def split_evenly(amount: Decimal, parts: int = 12) -> list[Decimal]:
    return split_by_shape(amount, [Decimal(1)] * parts)


def split_by_shape(amount: Decimal, shape: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` in proportion to `shape` (e.g. last year's monthly sales).

    Negative months (more returns than sales) count as zero; a shape with nothing in it falls back
    to an even split, because a partner without history still needs a target every month.
    """
    weights = [max(Decimal(w), ZERO) for w in shape]
    total_weight = sum(weights, ZERO)
    if total_weight <= 0:
        weights = [Decimal(1)] * len(shape)
        total_weight = Decimal(len(shape))
    months = [round_money(Decimal(amount) * w / total_weight) for w in weights[:-1]]
    months.append(round_money(Decimal(amount)) - sum(months, ZERO))
    return months


def split_yearly(amount: Decimal, *, method: str, last_year: Sequence[Decimal] | None = None) -> list[Decimal]:
    """Twelve monthly targets for a yearly one, `EVEN` or by `LAST_YEAR_SHAPE` (twelve monthly sales)."""
    if method == EVEN:
        return split_evenly(amount)
    if method == LAST_YEAR_SHAPE:
        if last_year is None or len(last_year) != 12:
            raise ValueError("The last-year shape needs twelve months of sales.")
        return split_by_shape(amount, last_year)
    raise ValueError(f"Unknown split method {method!r}")


def quarter_totals(months: Sequence[Decimal]) -> list[Decimal]:
    """Four quarter sums of twelve months (missing months count as zero)."""
    values = [m or ZERO for m in months]
    return [sum(values[q * 3 : q * 3 + 3], ZERO) for q in range(4)]
