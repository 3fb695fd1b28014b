"""The pure rules of the incentive plan: brackets, commissions, bonuses, penalties, caps and true-ups.

Decimal in, Decimal out; no ORM, no clock, no language. Amounts are rounded half-up to cents once per
line (`common.money.round_money`). The services feed these functions the set-wise sums they load and
store what they return together with the explanation, which is data (`incentives.explanations`): it is
worded when someone reads it, in their language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from common.money import ZERO, round_money
from incentives.explanations import MESSAGES, Explanation, joined, message, money, percent, render

RETROACTIVE = "retroactive"
INCREMENTAL = "incremental"
MODES = (RETROACTIVE, INCREMENTAL)
HUNDRED = Decimal(100)

Bracket = tuple[Decimal, Decimal]


@dataclass  # not frozen: a frozen dataclass's __init__ costs three to four times a plain one's, 10⁵ a run
class Result:
    """What a rule computed: the basis it looked at, the rate it applied (if one), the amount and why.
    Never changed once made."""

    basis: Decimal
    amount: Decimal
    why: Explanation
    rate: Decimal | None = None
    # What the period's returns take back beyond its own sales (0 or less): the amount stays at zero and
    # this becomes a clawback line of the next open month (`incentives.services.rewards`).
    shortfall: Decimal = ZERO

    @property
    def explanation(self) -> str:
        """`why` worded in the active language."""
        return render(self.why)


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
    return ordered_rebate(sales, sorted_brackets(brackets), mode)


def ordered_rebate(sales: Decimal, ordered: list[Bracket], mode: str) -> Result:
    """`rebate` with brackets `sorted_brackets` already returned (a policy's, sorted once rather than per partner)."""
    if mode not in MODES:
        raise ValueError(f"Unknown rebate mode {mode!r}.")
    mode_label = message(f"rebate.mode.{mode}")
    if sales <= 0:
        # Returns beyond the period's sales: what those sales earned on their own comes back.
        shortfall = -ordered_rebate(-sales, ordered, mode).amount if sales < 0 else ZERO
        return Result(sales, ZERO, message("rebate.no_sales", sales=money(sales)), shortfall=shortfall)
    reached = reached_bracket(sales, ordered)
    if reached is None:
        return Result(sales, ZERO, message("rebate.below_first", sales=money(sales), threshold=money(ordered[0][0])))
    if mode == RETROACTIVE:
        threshold, rate = reached
        amount = round_money(sales * rate / HUNDRED)
        why = message(
            "rebate.retroactive", sales=money(sales), rate=percent(rate), threshold=money(threshold), mode=mode_label
        )
        return Result(sales, amount, why, rate)
    parts, total = [], Decimal(0)
    for index, (threshold, rate) in enumerate(ordered):
        upper = ordered[index + 1][0] if index + 1 < len(ordered) else None
        if sales <= threshold:
            break
        top = sales if upper is None else min(sales, upper)
        slice_amount = (top - threshold) * rate / HUNDRED
        total += slice_amount
        if rate:
            parts.append(message("rebate.slice", sales=money(top - threshold), rate=percent(rate)))
    amount = round_money(total)
    why = message(
        "rebate.incremental", parts=joined(" + ", parts) if parts else "0", mode=mode_label, amount=money(amount)
    )
    return Result(sales, amount, why, reached[1])


def commission(
    sales_by_category: Mapping[str, Decimal],
    rate: Decimal,
    category_rates: Mapping[str, Decimal] | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> Result:
    """A percentage of the period's net sales, at a category's own rate where one is set.

    Returns reduce the basis of their category (a category netting negative is a negative line at its
    rate); a total that nets to zero or less earns nothing, so returns and credit notes can never turn
    into a positive commission, nor into a negative one: what they take beyond the period's sales is the
    result's `shortfall`, clawed back by its own line. Each line names its category by `names` (code → the
    category's name), so a partner reads 智能硬件 where the rules say HW.
    """
    category_rates, names = category_rates or {}, names or {}
    total, parts, basis = ZERO, [], ZERO
    for category in sorted(sales_by_category):
        net = Decimal(sales_by_category[category])
        if not net:
            continue
        basis += net
        line_rate = Decimal(category_rates.get(category, rate))
        line = round_money(net * line_rate / HUNDRED)
        total += line
        parts.append(
            message(
                "commission.line",
                category=names.get(category, category),
                sales=money(net),
                rate=percent(line_rate),
                amount=money(line),
            )
        )
    if basis <= 0 or total <= 0:
        why = message("commission.none", sales=money(basis))
        return Result(basis, ZERO, why, Decimal(rate), shortfall=min(total, ZERO))
    return Result(basis, total, joined("; ", parts), Decimal(rate))


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
        return Result(sales, ZERO, message("target.none"))
    attainment = sales / target * HUNDRED
    shown = f"{attainment.quantize(Decimal('0.1'))}%"
    if attainment < attainment_pct:
        why = message("target.below", attainment=shown, target=money(target), threshold=percent(attainment_pct))
        return Result(sales, ZERO, why)
    parts, amount = [], ZERO
    if fixed_amount:
        amount += round_money(fixed_amount)
        parts.append(message("target.fixed", amount=money(fixed_amount)))
    if sales_pct:
        line = round_money(sales * sales_pct / HUNDRED)
        amount += line
        parts.append(message("target.sales_pct", sales=money(sales), rate=percent(sales_pct), amount=money(line)))
    if accelerator_pct and sales > target:
        line = round_money((sales - target) * accelerator_pct / HUNDRED)
        amount += line
        parts.append(
            message(
                "target.accelerator", above=money(sales - target), rate=percent(accelerator_pct), amount=money(line)
            )
        )
    why = message(
        "target.reached",
        attainment=shown,
        target=money(target),
        threshold=percent(attainment_pct),
        parts=joined("; ", parts) if parts else "0",
    )
    return Result(sales, amount, why, sales_pct)


def grade_bonus(grade: str | None, amounts: Mapping[str, Decimal]) -> Result:
    """An amount per scorecard grade of the period's published cycle."""
    if not grade:
        return Result(ZERO, ZERO, message("grade.none"))
    amount = round_money(Decimal(amounts.get(grade) or 0))
    return Result(ZERO, amount, message("grade.amount", grade=grade, amount=money(amount)))


def penalty(incidents_by_severity: Mapping[str, int], amounts: Mapping[str, Decimal]) -> Result:
    """A deduction per compliance incident by severity; the amount is negative."""
    total, parts = ZERO, []
    for severity in sorted(incidents_by_severity):
        count = incidents_by_severity[severity]
        each = round_money(Decimal(amounts.get(severity) or 0))
        if count and each:
            total += each * count
            label = message(f"severity.{severity}") if f"severity.{severity}" in MESSAGES else severity
            parts.append(message("penalty.line", count=count, severity=label, amount=money(each)))
    if not parts:
        return Result(ZERO, ZERO, message("penalty.none"))
    why = message("penalty.lines", lines=joined(" + ", parts))
    return Result(Decimal(sum(incidents_by_severity.values())), -total, why)


def capped(result: Result, cap: Decimal | None) -> Result:
    """Limit a positive amount to the cap per partner per period (penalties are not capped)."""
    if cap is None or result.amount <= cap:
        return result
    why = message("capped", explanation=result.why, cap=money(cap))
    return Result(result.basis, round_money(cap), why, result.rate, result.shortfall)


def true_up(result: Result, already: Decimal) -> Result:
    """The period's amount minus what earlier months of the period already accrued.

    A negative difference is a clawback: it stays on the accrual (and the statement), to be netted
    against later amounts, never dropped.
    """
    if not already:
        return result
    amount = round_money(result.amount - already)
    why = message(
        "true_up.clawback" if amount < 0 else "true_up",
        explanation=result.why,
        already=money(already),
        amount=money(amount),
    )
    return Result(result.basis, amount, why, result.rate, result.shortfall)


def net_of_carry(total: Decimal, carried_in: Decimal) -> tuple[Decimal, Decimal]:
    """(payable, carried out): a negative balance from earlier statements is netted against this total,
    and whatever stays negative is carried to the next statement."""
    balance = round_money(total + carried_in)
    return (balance, ZERO) if balance >= 0 else (ZERO, balance)
