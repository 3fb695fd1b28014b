# ruff: noqa: RUF001 -- explanations use the multiplication and minus signs of a printed statement
"""The pure rules of the incentive plan: brackets, commissions, bonuses, penalties, caps and true-ups.

Decimal in, Decimal out; no ORM, no clock. Amounts are rounded half-up to cents once per line
(`common.money.round_money`). The services feed these functions the set-wise sums they load and
store what they return together with the explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from common import display
from common.money import ZERO, round_money

RETROACTIVE = "retroactive"
INCREMENTAL = "incremental"
MODES = (RETROACTIVE, INCREMENTAL)
HUNDRED = Decimal(100)

Bracket = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class Result:
    """What a rule computed: the basis it looked at, the rate it applied (if one), the amount and why."""

    basis: Decimal
    amount: Decimal
    explanation: str
    rate: Decimal | None = None


fmt = display.amount  # cents with thousands separators: 600000 → 600,000.00


def pct(value: Decimal) -> str:
    """A rate without trailing zeros: 3.00 → 3%, 2.50 → 2.5%."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def sorted_brackets(brackets: Iterable[Sequence[Decimal]]) -> list[Bracket]:
    """Brackets sorted by threshold.

    Input in any order is accepted and sorted (a policy form lists them as the user typed them);
    a repeated threshold, a negative threshold or a negative rate is a configuration error and raises
    ValueError, because there is no single reading of it.
    """
    result = sorted((Decimal(threshold), Decimal(rate)) for threshold, rate in brackets)
    if not result:
        raise ValueError("At least one bracket is needed.")
    thresholds = [threshold for threshold, _rate in result]
    if len(set(thresholds)) != len(thresholds):
        raise ValueError("Two brackets have the same threshold.")
    if thresholds[0] < 0 or any(rate < 0 for _threshold, rate in result):
        raise ValueError("Thresholds and rates cannot be negative.")
    return result


def reached_bracket(sales: Decimal, brackets: list[Bracket]) -> Bracket | None:
    """The highest bracket whose threshold the sales reach (equal counts as reached)."""
    reached = None
    for bracket in brackets:
        if sales >= bracket[0]:
            reached = bracket
    return reached


def rebate_amount(sales: Decimal, brackets: Iterable[Sequence[Decimal]], mode: str) -> Decimal:
    """The volume rebate on a period's net sales, rounded half-up to cents.

    retroactive (全额累进): once sales reach a bracket's threshold, all sales earn that bracket's rate.
    incremental (超额累进): each slice between two thresholds earns its own bracket's rate.
    Returns (negative sales) reduce the basis; a net basis of zero or less earns nothing. Sales below
    the lowest threshold earn nothing. Brackets may come in any order (see `sorted_brackets`).
    """
    return rebate(Decimal(sales), brackets, mode).amount


def rebate(sales: Decimal, brackets: Iterable[Sequence[Decimal]], mode: str) -> Result:
    if mode not in MODES:
        raise ValueError(f"Unknown rebate mode {mode!r}.")
    ordered = sorted_brackets(brackets)
    mode_label = _("retroactive") if mode == RETROACTIVE else _("incremental")
    if sales <= 0:
        return Result(sales, ZERO, _("net sales %(sales)s: no rebate") % {"sales": fmt(sales)})
    reached = reached_bracket(sales, ordered)
    if reached is None:
        return Result(
            sales,
            ZERO,
            _("%(sales)s is below the first threshold %(threshold)s: no rebate")
            % {"sales": fmt(sales), "threshold": fmt(ordered[0][0])},
        )
    if mode == RETROACTIVE:
        threshold, rate = reached
        amount = round_money(sales * rate / HUNDRED)
        explanation = _("%(sales)s × %(rate)s (bracket ≥ %(threshold)s, %(mode)s)") % {
            "sales": fmt(sales),
            "rate": pct(rate),
            "threshold": fmt(threshold),
            "mode": mode_label,
        }
        return Result(sales, amount, explanation, rate)
    parts, total = [], Decimal(0)
    for index, (threshold, rate) in enumerate(ordered):
        upper = ordered[index + 1][0] if index + 1 < len(ordered) else None
        if sales <= threshold:
            break
        top = sales if upper is None else min(sales, upper)
        slice_amount = (top - threshold) * rate / HUNDRED
        total += slice_amount
        if rate:
            parts.append(f"{fmt(top - threshold)} × {pct(rate)}")
    amount = round_money(total)
    explanation = _("%(parts)s (%(mode)s) = %(amount)s") % {
        "parts": " + ".join(parts) or "0",
        "mode": mode_label,
        "amount": fmt(amount),
    }
    return Result(sales, amount, explanation, reached[1])


def commission(
    sales_by_category: Mapping[str, Decimal], rate: Decimal, category_rates: Mapping[str, Decimal] | None = None
) -> Result:
    """A percentage of the period's net sales, at a category's own rate where one is set.

    Returns reduce the basis of their category (a category netting negative is a negative line at its
    rate); a total that nets to zero or less earns nothing, so returns and credit notes can never turn
    into a positive commission, nor into a negative one.
    """
    category_rates = category_rates or {}
    total, parts, basis = ZERO, [], ZERO
    for category in sorted(sales_by_category):
        net = Decimal(sales_by_category[category])
        if not net:
            continue
        basis += net
        line_rate = Decimal(category_rates.get(category, rate))
        line = round_money(net * line_rate / HUNDRED)
        total += line
        parts.append(f"{category}: {fmt(net)} × {pct(line_rate)} = {fmt(line)}")
    if basis <= 0 or total <= 0:
        return Result(basis, ZERO, _("net sales %(sales)s: no commission") % {"sales": fmt(basis)}, Decimal(rate))
    return Result(basis, total, "; ".join(parts), Decimal(rate))


def target_bonus(
    sales: Decimal,
    target: Decimal | None,
    *,
    attainment_pct: Decimal,
    fixed_amount: Decimal | None = None,
    sales_pct: Decimal | None = None,
    accelerator_pct: Decimal | None = None,
) -> Result:
    """Paid when attainment (sales / target) reaches `attainment_pct`: a fixed amount or a percent of sales,
    plus an optional accelerator rate on the sales above the target."""
    if not target or target <= 0:
        return Result(sales, ZERO, _("no target for the period: no bonus"))
    attainment = sales / target * HUNDRED
    shown = f"{attainment.quantize(Decimal('0.1'))}%"
    if attainment < attainment_pct:
        return Result(
            sales,
            ZERO,
            _("attainment %(attainment)s of %(target)s is below %(threshold)s: no bonus")
            % {"attainment": shown, "target": fmt(target), "threshold": pct(attainment_pct)},
        )
    parts, amount = [], ZERO
    if fixed_amount:
        amount += round_money(fixed_amount)
        parts.append(_("fixed %(amount)s") % {"amount": fmt(fixed_amount)})
    if sales_pct:
        line = round_money(sales * sales_pct / HUNDRED)
        amount += line
        parts.append(f"{fmt(sales)} × {pct(sales_pct)} = {fmt(line)}")
    if accelerator_pct and sales > target:
        line = round_money((sales - target) * accelerator_pct / HUNDRED)
        amount += line
        parts.append(
            _("accelerator %(above)s above target × %(rate)s = %(amount)s")
            % {"above": fmt(sales - target), "rate": pct(accelerator_pct), "amount": fmt(line)}
        )
    explanation = _("attainment %(attainment)s of %(target)s ≥ %(threshold)s: %(parts)s") % {
        "attainment": shown,
        "target": fmt(target),
        "threshold": pct(attainment_pct),
        "parts": "; ".join(parts) or "0",
    }
    return Result(sales, amount, explanation, sales_pct)


def grade_bonus(grade: str | None, amounts: Mapping[str, Decimal]) -> Result:
    """An amount per scorecard grade of the period's published cycle."""
    if not grade:
        return Result(ZERO, ZERO, _("no published scorecard: no bonus"))
    amount = round_money(Decimal(amounts.get(grade) or 0))
    return Result(ZERO, amount, _("grade %(grade)s: %(amount)s") % {"grade": grade, "amount": fmt(amount)})


def penalty(incidents_by_severity: Mapping[str, int], amounts: Mapping[str, Decimal]) -> Result:
    """A deduction per compliance incident by severity; the amount is negative."""
    total, parts = ZERO, []
    for severity in sorted(incidents_by_severity):
        count = incidents_by_severity[severity]
        each = round_money(Decimal(amounts.get(severity) or 0))
        if count and each:
            total += each * count
            parts.append(f"{count} × {severity} × {fmt(each)}")
    if not parts:
        return Result(ZERO, ZERO, _("no compliance incidents"))
    return Result(Decimal(sum(incidents_by_severity.values())), -total, _("penalty: %s") % " + ".join(parts))


def capped(result: Result, cap: Decimal | None) -> Result:
    """Limit a positive amount to the cap per partner per period (penalties are not capped)."""
    if cap is None or result.amount <= cap:
        return result
    explanation = _("%(explanation)s; capped at %(cap)s") % {"explanation": result.explanation, "cap": fmt(cap)}
    return Result(result.basis, round_money(cap), explanation, result.rate)


def true_up(result: Result, already: Decimal) -> Result:
    """The period's amount minus what earlier months of the period already accrued.

    A negative difference is a clawback: it stays on the accrual (and the statement), to be netted
    against later amounts, never dropped.
    """
    if not already:
        return result
    amount = round_money(result.amount - already)
    key = (
        _("%(explanation)s; minus %(already)s already accrued = %(amount)s (clawback)")
        if amount < 0
        else _("%(explanation)s; minus %(already)s already accrued = %(amount)s")
    )
    explanation = key % {"explanation": result.explanation, "already": fmt(already), "amount": fmt(amount)}
    return Result(result.basis, amount, explanation, result.rate)


def net_of_carry(total: Decimal, carried_in: Decimal) -> tuple[Decimal, Decimal]:
    """(payable, carried out): a negative balance from earlier statements is netted against this total,
    and whatever stays negative is carried to the next statement."""
    balance = round_money(total + carried_in)
    return (balance, ZERO) if balance >= 0 else (ZERO, balance)
