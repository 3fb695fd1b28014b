"""Splitting a yearly sales target into months (and so quarters): pure rules, Decimal in and out.

The rule (issue 16): months are never negative, the twelve add up exactly to the yearly figure, and
each month is within one cent of its exact proportional share, for any shape and any amount, zero
included. That is largest-remainder rounding: every month gets its share rounded down to a cent, and
the cents still missing go one each to the months with the largest remainders (ties to the earlier
month). Quarters are sums of their months.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from common.money import CENT, ZERO, round_money

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
    return _largest_remainder(round_money(Decimal(amount)), weights, total_weight)


def _largest_remainder(amount: Decimal, weights: Sequence[Decimal], total_weight: Decimal) -> list[Decimal]:
    """Cents of `amount` shared in proportion to `weights`, each part within a cent of its exact share."""
    sign = -1 if amount < 0 else 1
    cents = int(abs(amount) / CENT)
    exact = [Decimal(cents) * w / total_weight for w in weights]
    parts = [int(e) for e in exact]  # floor: shares are never negative
    missing = cents - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:missing]:
        parts[i] += 1
    return [sign * Decimal(p) * CENT for p in parts]


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
