"""Statements and their payouts, rebuilt set-wise for a month after each calculation or hand entry.

A statement whose payout is approved or paid is locked: it is never rebuilt, and later differences
reach the partner as adjustment lines of a later month.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone

from common.money import ZERO
from common.periods import Period
from incentives import calculations as calc
from incentives.models import Accrual, Adjustment, CalculationRun, LineStatus, Payout, Statement
from incentives.services import freshness


def carried_balances(period: Period, partner_ids) -> dict[int, Decimal]:
    """partner → the negative balance its latest earlier statement carried forward (two queries)."""
    latest = dict(
        Statement.objects.filter(period__lt=period.first_day, partner_id__in=partner_ids)
        .values("partner_id")
        .annotate(last=Max("period"))
        .values_list("partner_id", "last")
    )
    carried = {}
    for partner_id, month, amount in Statement.objects.filter(
        period__lt=period.first_day, partner_id__in=partner_ids, carried_out__lt=0
    ).values_list("partner_id", "period", "carried_out"):
        if latest.get(partner_id) == month:
            carried[partner_id] = amount
    return carried


def month_lock(period: Period) -> CalculationRun:
    """Lock the month's `CalculationRun` row: the one lock every writer of a month's statements takes first.

    The calculation, a line entered by hand, a statement refresh, an approval and a settlement of the month
    all take it before touching a payout, so none of them sees the statement half-written by another. A writer
    that needs several months locks them in ascending order, so two writers never wait on each other.
    """
    run, _created = CalculationRun.objects.get_or_create(period=period.first_day)
    return CalculationRun.objects.select_for_update().get(pk=run.pk)


def next_open_months(partner_ids, *, start: Period) -> dict[int, Period]:
    """partner → the first month from `start` on whose statement is not approved yet, each month locked.

    A line that arrives for an approved (or paid) month goes there instead: approved money never changes.
    """
    found: dict[int, Period] = {}
    pending, month = set(partner_ids), start
    while pending:
        month_lock(month)
        closed = set(
            Payout.objects.filter(period=month.first_day, partner_id__in=pending)
            .exclude(status=LineStatus.DRAFT)
            .values_list("partner_id", flat=True)
        )
        found.update(dict.fromkeys(pending - closed, month))
        pending, month = closed, month.next()
    return found


def statements_refresh(*, period: Period, by=None, recalculated: bool = False) -> int:
    """(Re)build the month's draft statements and payouts from its lines; returns how many drafts it covers.

    An approved or paid payout is never touched. `recalculated` says the reward calculation just rebuilt the
    month's lines: the statements then record what it read (their inputs), which is how a stale one is told.
    A statement whose figures (and, after a calculation, inputs) are what is stored is not written again, so
    an unchanged rerun writes no row.
    """
    month_lock(period)
    month = period.first_day
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"accruals": ZERO, "adjustments": ZERO})
    for partner_id, total in (
        Accrual.objects.filter(period=month)
        .values("partner_id")
        .annotate(total=Sum("amount"))
        .values_list("partner_id", "total")
    ):
        totals[partner_id]["accruals"] = total
    for partner_id, total in (
        Adjustment.objects.filter(period=month)
        .values("partner_id")
        .annotate(total=Sum("amount"))
        .values_list("partner_id", "total")
    ):
        totals[partner_id]["adjustments"] = total
    payouts = {payout.partner_id: payout for payout in Payout.objects.filter(period=month)}
    stored = {
        row[0]: row[1:]
        for row in Statement.objects.filter(period=month).values_list("partner_id", *COMPARED, "calculated_at")
    }
    open_ids = [
        partner_id
        for partner_id in totals
        if partner_id not in payouts or payouts[partner_id].status == LineStatus.DRAFT
    ]
    # Draft statements of partners with no line left this month go away with their payouts.
    Payout.objects.filter(period=month, status=LineStatus.DRAFT).exclude(partner_id__in=list(totals)).delete()
    Statement.objects.filter(period=month, payout__isnull=True).exclude(partner_id__in=list(totals)).delete()
    carried = carried_balances(period, open_ids)
    inputs = freshness.inputs_now((partner_id, month) for partner_id in open_ids) if recalculated else {}
    now = timezone.now()
    statements = []
    for partner_id in open_ids:
        lines = totals[partner_id]
        carried_in = carried.get(partner_id, ZERO)
        payable, carried_out = calc.net_of_carry(lines["accruals"] + lines["adjustments"], carried_in)
        statements.append(
            Statement(
                partner_id=partner_id,
                period=month,
                accrual_total=lines["accruals"],
                adjustment_total=lines["adjustments"],
                carried_in=carried_in,
                payable=payable,
                carried_out=carried_out,
                updated_at=now,
                calculated_at=now if recalculated else None,
                inputs=inputs.get((partner_id, month), {}),
            )
        )
    changed = [
        statement
        for statement in statements
        if _state(statement, recalculated) != _stored_state(stored.get(statement.partner_id), recalculated)
    ]
    rebuilt = [*COMPARED[:-1], "updated_at"]
    Statement.objects.bulk_create(  # one query for any number of rows (see rewards._calculate)
        changed,
        update_conflicts=True,
        unique_fields=["partner", "period"],
        update_fields=[*rebuilt, "calculated_at", "inputs"] if recalculated else rebuilt,
    )
    _payouts_write(month, statements, payouts, by=by)
    return len(statements)


# The statement's figures, then the calculation's summary of its inputs (compared only after a calculation).
COMPARED = ("accrual_total", "adjustment_total", "carried_in", "payable", "carried_out", "inputs")


def _state(statement: Statement, recalculated: bool) -> tuple:
    figures = tuple(getattr(statement, name) for name in COMPARED[:-1])
    return (*figures, statement.inputs, True) if recalculated else figures


def _stored_state(row: tuple | None, recalculated: bool) -> tuple | None:
    """A stored row as `_state` shapes it; `True` stands for "built by a calculation" (`calculated_at` set)."""
    if row is None:
        return None
    *figures, inputs, calculated_at = row
    return (*figures, inputs, calculated_at is not None) if recalculated else tuple(figures)


def _payouts_write(month, statements: list[Statement], payouts: dict[int, Payout], *, by) -> None:
    """Create the new draft payouts and update the drafts whose amount changed, each with a history row."""
    ids = dict(
        Statement.objects.filter(period=month, partner_id__in=[s.partner_id for s in statements]).values_list(
            "partner_id", "pk"
        )
    )
    created, changed = [], []
    for statement in statements:
        payout = payouts.get(statement.partner_id)
        if payout is None:
            created.append(
                Payout(
                    statement_id=ids[statement.partner_id],
                    partner_id=statement.partner_id,
                    period=month,
                    amount=statement.payable,
                )
            )
        elif payout.amount != statement.payable:
            payout.amount = statement.payable
            changed.append(payout)
    Payout.objects.bulk_create(created)
    # Only drafts are in `changed` (the month lock is held); the status filter is a second guard in the UPDATE.
    # Batched: an UPDATE ... CASE grows with its rows, each row testing every branch.
    Payout.objects.filter(status=LineStatus.DRAFT).bulk_update(changed, ["amount"], batch_size=5000)
    Payout.history.bulk_history_create([*created, *changed], default_user=by)
