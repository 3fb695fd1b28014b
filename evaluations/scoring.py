"""How a month's measurements become a scorecard: pure rules, plain data in and out, no ORM.

The plan's wording: "each KPI defines how a raw value maps to 0-100 (attainment 100% = 100 points,
capped at a configurable ceiling)". Every KPI here uses one linear rule with two anchors — the raw
value that scores 0 and the one that scores 100 — floored at 0 and capped at the KPI's ceiling.

Missing data is shown as "not measured" rather than guessed: no target (or a zero target) for
attainment, no sales in the same month last year for growth, no sales in the region for share, no
training data, no manual value entered. A partner with no sales at all is measured (0 sales), not
missing. The template decides per KPI what "not measured" does (issue 19): it scores 0 points
(`ZERO_WHEN_UNMEASURED`, the default), or the KPI is left out (`LEAVE_OUT`) and the weights of the
KPIs that are counted are scaled to add up to 100 again: a line contributes points * weight / the
sum of the counted weights (* 100), so 80 points at 30% of 95% counted contribute 25.26.

Ranks use standard competition ranking ("1224"): partners with equal totals share a rank and the
next partner's rank counts everyone ahead of it, so totals 95, 95, 80 rank 1, 1, 3.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
ZERO = Decimal("0")
_CENT = Decimal("0.01")

SALES_ATTAINMENT = "sales_attainment"
YOY_GROWTH = "yoy_growth"
NEW_CUSTOMERS = "new_customers"
REGION_SHARE = "region_share"
TRAINING_COMPLETION = "training_completion"
COMPLIANCE = "compliance"
MANUAL = "manual"
# From the channel rules (channelrules/kpis.py): percentages of the month.
PRICE_COMPLIANCE = "price_compliance"
INVENTORY_ON_TIME = "inventory_on_time"
STOCK_IN_RANGE = "stock_in_range"
# Measured by surveys: the latest round closed by the month's end; too few answers is "not measured".
CUSTOMER_SATISFACTION = "customer_satisfaction"
PARTNER_NPS = "partner_nps"
LEAD_ACCEPTANCE = "lead_acceptance"
LEAD_RESPONSE_HOURS = "lead_response_hours"

ZERO_WHEN_UNMEASURED = "zero"
LEAVE_OUT = "leave_out"


# Rounding to the cent, half up: called for every line of every card, so without a Python frame of its own.
_round = functools.partial(Decimal.quantize, exp=_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KPIRule:
    kind: str
    weight: Decimal
    zero_at: Decimal = ZERO
    full_at: Decimal = HUNDRED
    ceiling: Decimal = HUNDRED
    label: str = ""
    when_unmeasured: str = ZERO_WHEN_UNMEASURED


@dataclass(slots=True)
class PartnerFacts:
    """What was measured for one partner in one month. None means the source had no data.

    Not frozen, though nothing changes it once built: the monthly cycle builds one per partner (10,000
    and more), and a frozen dataclass's __init__ (object.__setattr__ per field) costs some twenty times
    a plain one's."""

    sales: Decimal = ZERO
    target: Decimal | None = None
    sales_last_year: Decimal | None = None
    new_customers: int = 0
    region_sales: Decimal | None = None
    training_completion: Decimal | None = None
    incidents: int = 0
    manual: Decimal | None = None
    price_compliance: Decimal | None = None
    inventory_on_time: Decimal | None = None
    stock_in_range: Decimal | None = None
    customer_satisfaction: Decimal | None = None
    partner_nps: Decimal | None = None
    lead_acceptance: Decimal | None = None  # percent of the leads offered in the month that were accepted
    lead_response_hours: Decimal | None = None  # mean hours to accept; less is better (swap the anchors)


@dataclass(slots=True)
class LineResult:
    """One KPI's line of a card. Not frozen, like PartnerFacts: seven or so per partner, built every run."""

    kind: str
    label: str
    raw_value: Decimal | None
    points: Decimal
    weight: Decimal
    contribution: Decimal
    rule: KPIRule
    left_out: bool = False
    weight_base: Decimal = HUNDRED

    @property
    def measured(self) -> bool:
        return self.raw_value is not None


@dataclass(frozen=True)
class CardResult:
    lines: tuple[LineResult, ...]
    total: Decimal


def percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent, or None when there is no (positive) whole to compare with."""
    if whole is None or whole <= 0:
        return None
    return _round(Decimal(part) / Decimal(whole) * HUNDRED)


def raw_value(kind: str, facts: PartnerFacts) -> Decimal | None:
    """The raw measurement a KPI scores: a percentage, a count or the manual value."""
    if kind == SALES_ATTAINMENT:
        return percent(facts.sales, facts.target)
    if kind == YOY_GROWTH:
        if facts.sales_last_year is None or facts.sales_last_year <= 0:
            return None
        return _round((facts.sales - facts.sales_last_year) / facts.sales_last_year * HUNDRED)
    if kind == NEW_CUSTOMERS:
        return Decimal(facts.new_customers)
    if kind == REGION_SHARE:
        return percent(max(facts.sales, ZERO), facts.region_sales)
    if kind == TRAINING_COMPLETION:
        return None if facts.training_completion is None else _round(Decimal(facts.training_completion))
    if kind == COMPLIANCE:
        return Decimal(facts.incidents)
    if kind == MANUAL:
        return None if facts.manual is None else _round(Decimal(facts.manual))
    if kind in (PRICE_COMPLIANCE, INVENTORY_ON_TIME, STOCK_IN_RANGE):
        value = getattr(facts, kind)
        return None if value is None else _round(Decimal(value))
    if kind == CUSTOMER_SATISFACTION:
        return None if facts.customer_satisfaction is None else _round(Decimal(facts.customer_satisfaction))
    if kind == PARTNER_NPS:
        return None if facts.partner_nps is None else _round(Decimal(facts.partner_nps))
    if kind == LEAD_ACCEPTANCE:
        return None if facts.lead_acceptance is None else _round(Decimal(facts.lead_acceptance))
    if kind == LEAD_RESPONSE_HOURS:
        return None if facts.lead_response_hours is None else _round(Decimal(facts.lead_response_hours))
    raise ValueError(f"Unknown KPI kind {kind!r}")


def kpi_points(*, raw: Decimal | None, zero_at: Decimal, full_at: Decimal, ceiling: Decimal) -> Decimal:
    """Points for a raw value: 0 at `zero_at`, 100 at `full_at`, linear between, floored at 0,
    capped at `ceiling`. Unmeasured (None) scores 0."""
    return _points(raw, zero_at, full_at, ceiling)


def _points(raw, zero_at, full_at, ceiling):
    # Positional: called for every line of every card.
    if raw is None:
        return ZERO
    if full_at == zero_at:
        raise ValueError("A KPI needs two different anchors.")
    points = (Decimal(raw) - zero_at) / (full_at - zero_at) * HUNDRED
    return _round(min(max(points, ZERO), ceiling))


def score_card(*, rules: Iterable[KPIRule], facts: PartnerFacts) -> CardResult:
    """Score every KPI and add the weighted contributions (rounded per line, total = sum of lines).

    An unmeasured KPI whose rule says `LEAVE_OUT` earns nothing and its weight is not counted: the
    other lines' weights are taken out of the counted sum (`weight_base`) instead of 100.
    """
    measured = []  # (rule, raw value, left out) in the rules' order: one pass, run for every card
    base = ZERO  # the counted weights, added in order as sum() would
    for rule in rules:
        raw = raw_value(rule.kind, facts)
        out = raw is None and rule.when_unmeasured == LEAVE_OUT
        if not out:
            base += rule.weight
        measured.append((rule, raw, out))
    counted = base > 0
    lines = []
    total = ZERO  # the lines' contributions added in order, as sum() would
    for rule, raw, out in measured:
        points = _points(raw, rule.zero_at, rule.full_at, rule.ceiling)
        contribution = _round(points * rule.weight / base) if counted and not out else ZERO
        total += contribution
        lines.append(LineResult(rule.kind, rule.label, raw, points, rule.weight, contribution, rule, out, base))
    return CardResult(tuple(lines), total)


def scaled_weight(weight: Decimal, base: Decimal) -> Decimal:
    """A counted KPI's weight once the left-out ones are taken away: 30 of 95 → 31.58 (%)."""
    if base <= 0:
        return ZERO
    return _round(Decimal(weight) * HUNDRED / Decimal(base))


def grade_for(total: Decimal, bands: Mapping[str, Decimal]) -> str:
    """The best grade whose minimum the total reaches (a total exactly on a boundary earns it);
    below every minimum, the lowest grade."""
    ordered = sorted(bands.items(), key=lambda item: item[1], reverse=True)
    for grade, minimum in ordered:
        if total >= minimum:
            return grade
    return ordered[-1][0]


def competition_ranks(totals: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Rank keys by total, highest first, with standard competition ranking: 95, 95, 80 → 1, 1, 3."""
    ordered = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    ranks: dict[Hashable, int] = {}
    previous = None
    rank = 0
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            rank = position
            previous = total
        ranks[key] = rank
    return ranks


def validate_weights(weights: Iterable[Decimal]) -> bool:
    """A template's weights must add up to exactly 100."""
    return sum(weights, ZERO) == HUNDRED
