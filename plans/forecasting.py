"""The year-end forecast of a goal and the status it earns: pure rules, Decimal in, Decimal out.

The plan's words: each goal shows "a forecast of the year-end value (year-to-date plus the remaining months
in last year's monthly shape, or the run-rate where there is no history, with the method shown) and a status
(on track / at risk / off track) decided from the forecast by a rule the director can see".

Cumulative goals (sales, new partners, payouts) add their months up: the forecast is the completed months'
total plus the remaining months as last year shaped them, scaled by how this year compares with last year
over the same completed months; without last year's figures, the average completed month times the months
left. Level goals (shares, rates, counts, grades, satisfaction) are measured at a moment: the forecast is the
latest measured level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CENTS = Decimal("0.01")

# The status rule, shown on the plan page: forecast ÷ target.
ON_TRACK_FROM = Decimal("100")  # percent of target the forecast reaches: on track
AT_RISK_FROM = Decimal("90")  # below ON_TRACK_FROM down to this: at risk; below it: off track

SHAPE = "shape"
RUN_RATE = "run_rate"
LEVEL = "level"
NO_DATA = "no_data"

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Forecast:
    value: Decimal | None
    method: str


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def forecast_cumulative(
    *, actual: Mapping[int, Decimal], last_year: Mapping[int, Decimal], completed_months: int
) -> Forecast:
    """Year-end total from the completed months (1..completed_months) of `actual`.

    With last year's total over the same completed months above zero: completed + last year's remaining
    months * (this year's completed / last year's completed). Otherwise the run-rate: completed / months * 12.
    """
    if completed_months <= 0:
        return Forecast(None, NO_DATA)
    done = sum((actual.get(m, ZERO) for m in range(1, completed_months + 1)), ZERO)
    if completed_months >= 12:
        return Forecast(_q(done), SHAPE)
    last_done = sum((last_year.get(m, ZERO) for m in range(1, completed_months + 1)), ZERO)
    last_rest = sum((last_year.get(m, ZERO) for m in range(completed_months + 1, 13)), ZERO)
    if last_done > 0:
        return Forecast(_q(done + last_rest * done / last_done), SHAPE)
    return Forecast(_q(done / completed_months * 12), RUN_RATE)


def forecast_level(*, current: Decimal | None) -> Forecast:
    """A level goal's year-end value is taken to be where it stands now."""
    return Forecast(None, NO_DATA) if current is None else Forecast(_q(current), LEVEL)


def attainment(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """value ÷ target in percent, None when either is missing or the target is zero."""
    if value is None or not target:
        return None
    return _q(value * 100 / target)


def status(*, forecast: Decimal | None, target: Decimal | None) -> str:
    """on track when the forecast reaches ON_TRACK_FROM % of the target, at risk from AT_RISK_FROM %,
    off track below; unknown without a forecast or a target."""
    pct = attainment(forecast, target)
    if pct is None:
        return UNKNOWN
    if pct >= ON_TRACK_FROM:
        return ON_TRACK
    if pct >= AT_RISK_FROM:
        return AT_RISK
    return OFF_TRACK


def split_evenly(total: Decimal, parts: int = 12) -> list[Decimal]:
    """`total` in `parts` cent-rounded shares that add up to it exactly (the rounding rest in the last)."""
    share = _q(total / parts)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def split_by_weights(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights` (e.g. the partners' monthly targets); evenly when they are all 0."""
    whole = sum(weights, ZERO)
    if whole <= 0:
        return split_evenly(total, len(weights))
    shares = [_q(total * w / whole) for w in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]
