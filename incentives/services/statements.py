"""Statements and their payouts, rebuilt set-wise for a month after each calculation or hand entry.

A statement whose payout is approved or paid is locked: it is never rebuilt, and later differences
reach the partner as adjustment lines of a later month.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from common.money import ZERO
from common.periods import Period
from common.staging import any_of, copy_upsert
from incentives import calculations as calc
from incentives.models import Accrual, Adjustment, CalculationRun, LineStatus, Payout, Statement
from incentives.services import freshness


def carried_balances(period: Period, partner_ids) -> dict[int, Decimal]:
    """partner → the negative balance its latest earlier statement carried forward (one query).

    It reads the statements that carried a negative balance and keeps those that are their partner's latest
    before the month: no list of partners goes into the query, whatever their number."""
    latest = (
        Statement.objects.filter(partner_id=OuterRef("partner_id"), period__lt=period.first_day)
        .order_by("-period")
        .values("period")[:1]
    )
    wanted = set(partner_ids)
    return {
        partner_id: amount
        for partner_id, amount in Statement.objects.filter(
            period__lt=period.first_day, carried_out__lt=0, period=Subquery(latest)
        ).values_list("partner_id", "carried_out")
        if partner_id in wanted
    }


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


def statements_refresh(*, period: Period, by=None, recalculated: bool = False, digests: dict | None = None) -> int:
    """(Re)build the month's draft statements and payouts from its lines; returns how many drafts it covers.

    An approved or paid payout is never touched. `recalculated` says the reward calculation just rebuilt the
    month's lines: the statements then record what it read (their inputs), which is how a stale one is told,
    with each partner's digest of its inputs from `digests` (see `digests`): a partner whose stored digest is
    the one it has now keeps its stored summary, which the digest covers.
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
    # Tuples, not model instances: (pk, status, amount) of each payout of the month.
    payouts = {
        partner_id: (pk, status, amount)
        for pk, partner_id, status, amount in Payout.objects.filter(period=month).values_list(
            "pk", "partner_id", "status", "amount"
        )
    }
    # The stored figures with the digest of their inputs, not the inputs themselves: those are read only for
    # the statements whose digest moved (none on an unchanged rerun), or that are written again.
    of_month = Statement.objects.filter(period=month)
    stored = {
        row[0]: row[1:]
        for row in of_month.values_list("partner_id", *FIGURES, "calculated_at", KeyTextTransform("digest", "inputs"))
    }
    open_ids = [
        partner_id for partner_id in totals if partner_id not in payouts or payouts[partner_id][1] == LineStatus.DRAFT
    ]
    # Draft statements of partners with no line left this month go away with their payouts (named by id, and
    # only when there are any: a query naming every partner that keeps its statement costs more than it finds).
    gone = [p for p in stored if p not in totals and (p not in payouts or payouts[p][1] == LineStatus.DRAFT)]
    if gone:
        Payout.objects.filter(period=month, status=LineStatus.DRAFT, partner_id__in=gone).delete()
        Statement.objects.filter(period=month, payout__isnull=True, partner_id__in=gone).delete()
    carried = carried_balances(period, open_ids)
    inputs, kept, stored_inputs = {}, set(), {}
    if recalculated:
        digests = digests or {}
        kept = {p for p in open_ids if p in stored and p in digests and stored[p][-1] == digests[p]}
        inputs = freshness.inputs_now((p, month) for p in open_ids if p not in kept)
        for key, summary in inputs.items():
            if key[0] in digests:
                summary["digest"] = digests[key[0]]
        if len(kept) < len(stored):
            stored_inputs = dict(of_month.exclude(partner_id__in=any_of(kept)).values_list("partner_id", "inputs"))
    now = timezone.now()
    statements = []  # (partner_id, figures as in FIGURES, inputs)
    for partner_id in open_ids:
        lines = totals[partner_id]
        carried_in = carried.get(partner_id, ZERO)
        payable, carried_out = calc.net_of_carry(lines["accruals"] + lines["adjustments"], carried_in)
        figures = (lines["accruals"], lines["adjustments"], carried_in, payable, carried_out)
        statements.append((partner_id, figures, inputs.get((partner_id, month), {})))

    def unchanged(partner_id, figures, inputs_) -> bool:
        """What would be written is what is stored: the figures, and after a calculation the inputs (a kept
        partner's are its stored ones) and having been built by a calculation (`calculated_at` set)."""
        row = stored.get(partner_id)
        if row is None or tuple(row[: len(FIGURES)]) != figures:
            return False
        if not recalculated:
            return True
        calculated_at = row[-2]
        return calculated_at is not None and (partner_id in kept or stored_inputs.get(partner_id) == inputs_)

    changed = [(p, figures, inputs_) for p, figures, inputs_ in statements if not unchanged(p, figures, inputs_)]
    rewritten_kept = [p for p, _figures, _inputs in changed if p in kept]
    if rewritten_kept:  # a kept partner's statement written again keeps the inputs it has
        kept_inputs = dict(of_month.filter(partner_id__in=rewritten_kept).values_list("partner_id", "inputs"))
        changed = [(p, figures, kept_inputs[p] if p in kept else inputs_) for p, figures, inputs_ in changed]
    rebuilt = [*FIGURES, "updated_at"]
    copy_upsert(  # one COPY and one statement for any number of rows
        Statement,
        ["partner_id", "period", *FIGURES, "updated_at", "calculated_at", "inputs"],
        [(p, month, *figures, now, now if recalculated else None, inputs_) for p, figures, inputs_ in changed],
        unique=["partner_id", "period"],
        update=[*rebuilt, "calculated_at", "inputs"] if recalculated else rebuilt,
        fresh=not stored,  # the month has no statement (read under its lock): a plain COPY
    )
    _payouts_write(month, [(partner_id, figures[3]) for partner_id, figures, _inputs in statements], payouts, by=by)
    return len(statements)


# The statement's figures: what a refresh compares with the stored ones before writing.
FIGURES = ("accrual_total", "adjustment_total", "carried_in", "payable", "carried_out")


def _payouts_write(month, payables: list[tuple[int, Decimal]], payouts: dict[int, tuple], *, by) -> None:
    """Create the new draft payouts and update the drafts whose amount changed, each with a history row."""
    created = [partner_id for partner_id, _payable in payables if partner_id not in payouts]
    changed = [
        (payouts[partner_id][0], payable)
        for partner_id, payable in payables
        if partner_id in payouts and payouts[partner_id][2] != payable
    ]
    if connection.vendor == "postgresql":
        # Set-wise, with their history rows in the same statement (what simple_history would write per row).
        if created:
            _payouts_sql(_CREATE_PAYOUTS, [month, created], history_type="+", by=by)
        if changed:
            ids, amounts = zip(*changed, strict=True)
            _payouts_sql(_UPDATE_PAYOUTS, [list(ids), list(amounts)], history_type="~", by=by)
        return
    ids = dict(Statement.objects.filter(period=month, partner_id__in=created).values_list("partner_id", "pk"))
    new = [
        Payout(statement_id=ids[partner_id], partner_id=partner_id, period=month, amount=payable)
        for partner_id, payable in payables
        if partner_id in ids
    ]
    Payout.objects.bulk_create(new)
    amounts, updated = dict(changed), []
    for payout in Payout.objects.filter(pk__in=list(amounts)):
        payout.amount = amounts[payout.pk]
        updated.append(payout)
    # Only drafts are in `changed` (the month lock is held); the status filter is a second guard in the UPDATE.
    Payout.objects.filter(status=LineStatus.DRAFT).bulk_update(updated, ["amount"], batch_size=5000)
    Payout.history.bulk_history_create(new, default_user=by)
    Payout.history.bulk_history_create(updated, default_user=by, update=True)


# New draft payouts of the month's statements that have none, and changed amounts of draft payouts (the month
# lock is held; the status test is a second guard); `payout` is what each statement returns, for its history.
_CREATE_PAYOUTS = """
    INSERT INTO incentives_payout (statement_id, partner_id, period, amount, status, settlement,
                                   payment_reference, goods_description)
    SELECT s.id, s.partner_id, s.period, s.payable, 'draft', '', '', ''
    FROM incentives_statement s
    WHERE s.period = %s AND s.partner_id = ANY(%s)
      AND NOT EXISTS (SELECT 1 FROM incentives_payout p WHERE p.statement_id = s.id)
    RETURNING incentives_payout.*
"""
_UPDATE_PAYOUTS = """
    UPDATE incentives_payout p SET amount = v.amount
    FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, amount)
    WHERE p.id = v.id AND p.status = 'draft'
    RETURNING p.*
"""


def _payouts_sql(write: str, params: list, *, history_type: str, by) -> None:
    """Run `write` (a statement returning payout rows) and record each returned row in the payout history."""
    tracked = [field.attname for field in Payout.history.model.tracked_fields]
    columns = ", ".join(tracked)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH payout AS ({write}) "  # nosec B608
            f"INSERT INTO {Payout.history.model._meta.db_table} "
            f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {columns}, %s::timestamptz, '', %s::varchar, %s::integer FROM payout",
            [*params, timezone.now(), history_type, getattr(by, "pk", None)],
        )
