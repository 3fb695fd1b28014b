"""How a quarter's or a year's scorecard is made from its months (每季度、每年): pure rules, no ORM.

The plan evaluates every month, every quarter and every year. A period's card uses the template's KPIs
and weights as the monthly cards do:

- sales attainment is the period's sales against the period's target (the sum of its monthly targets),
  scored with the KPI's own rule, so a strong month makes up for a weak one;
- every other KPI takes the points its monthly cards earned, averaged over the months the partner was
  scored, each month counting the same, or (when the template says so) weighted by the month's sales
  target; the raw value shown is the same mean of the measured monthly raw values;
- the total is the sum of the weighted contributions (rounded per line); grades and ranks as monthly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from evaluations import scoring
from evaluations.scoring import HUNDRED, ZERO, KPIRule, _round

AVERAGE = "average"
TARGET_WEIGHTED = "target_weighted"
QUARTER = "quarter"
YEAR = "year"


def parse_label(text: str) -> tuple[str, int, int]:
    """ "2026-Q4" → ("quarter", 2026, 10), "2026" → ("year", 2026, 1): a period's key back to its first month.
    Raises ValueError for anything else."""
    year, _dash, quarter = text.partition("-Q")
    if not year.isdigit() or len(year) != 4 or (_dash and quarter not in {"1", "2", "3", "4"}):
        raise ValueError(f"Not a quarter or a year: {text!r}")
    if _dash:
        return QUARTER, int(year), (int(quarter) - 1) * 3 + 1
    return YEAR, int(year), 1


@dataclass(frozen=True)
class MonthCard:
    """What one published monthly card says: its KPI (points, raw value) by kind, and the month's target."""

    lines: Mapping[str, tuple[Decimal, Decimal | None]]
    target: Decimal | None = None


@dataclass(frozen=True)
class PeriodLine:
    kind: str
    label: str
    raw_value: Decimal | None
    points: Decimal
    weight: Decimal
    contribution: Decimal
    from_months: bool


@dataclass(frozen=True)
class PeriodCard:
    lines: tuple[PeriodLine, ...]
    total: Decimal


def month_weights(months: Sequence[MonthCard], mode: str) -> list[Decimal]:
    """Each month's weight: 1 each, or its target when weighted by target (equal again when no month has one)."""
    if mode == TARGET_WEIGHTED:
        weights = [card.target if card.target and card.target > 0 else ZERO for card in months]
        if sum(weights, ZERO) > 0:
            return weights
    return [Decimal(1)] * len(months)


def weighted_mean(values: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """the sum of value * weight over the sum of weights over (value, weight) pairs, rounded to cents; None when there is no weight."""
    total_weight = sum((weight for _value, weight in values), ZERO)
    if total_weight <= 0:
        return None
    return _round(sum((value * weight for value, weight in values), ZERO) / total_weight)


def period_card(
    *,
    rules: Sequence[KPIRule],
    months: Sequence[MonthCard],
    sales: Decimal,
    target: Decimal | None,
    mode: str = AVERAGE,
) -> PeriodCard:
    """The period's card from its monthly cards (at least one), its sales and its target."""
    weights = month_weights(months, mode)
    lines = []
    for rule in rules:
        if rule.kind == scoring.SALES_ATTAINMENT:
            raw = scoring.percent(sales, target)
            points = scoring.kpi_points(raw=raw, zero_at=rule.zero_at, full_at=rule.full_at, ceiling=rule.ceiling)
            from_months = False
        else:
            scored = [(card.lines.get(rule.kind), weight) for card, weight in zip(months, weights, strict=True)]
            scored = [(line, weight) for line, weight in scored if line is not None]
            points = weighted_mean([(line[0], weight) for line, weight in scored]) or ZERO
            raw = weighted_mean([(line[1], weight) for line, weight in scored if line[1] is not None])
            from_months = True
        contribution = _round(points * rule.weight / HUNDRED)
        lines.append(PeriodLine(rule.kind, rule.label, raw, points, rule.weight, contribution, from_months))
    return PeriodCard(tuple(lines), sum((line.contribution for line in lines), ZERO))
