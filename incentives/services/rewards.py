"""The monthly reward calculation: set-wise reads, the pure rules, one accrual per partner/policy/month.

A run for a month locks that month's `CalculationRun` row, so concurrent runs queue behind each other
and each sees what the previous one wrote; the unique constraint on accruals backs this up. Draft
accruals are replaced; an approved or paid accrual is never touched: its difference goes into an
adjustment line of the partner's next open month. A partner whose inputs have the digest stored with its
statement (`digests`) is not calculated again: its rows are what the calculation would give.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from common import display
from common.models import JobRun
from common.money import ZERO, round_money
from common.outbox import outbox_enqueue
from common.periods import Period
from common.runs import run_finished_notify, without_cyclic_gc
from common.staging import any_of, copy_upsert
from evaluations.models import EvaluationCycle, Scorecard, Target
from incentives import calculations as calc
from incentives.explanations import fmt
from incentives.kinds import kind_for
from incentives.models import (
    Accrual,
    Adjustment,
    CalculationRun,
    IncentivePolicy,
    LineStatus,
    Payout,
    PeriodLength,
    PolicyVersion,
    Statement,
)
from incentives.services.digests import input_digests
from incentives.services.statements import month_lock, next_open_months, statements_refresh
from partners.selectors import (
    ReturnLine,
    category_names,
    incident_counts,
    partners_active_in,
    returns_booked,
    sales_by_category,
    sales_by_category_in_partner_order,
)

D = Decimal


def window_start(policy: IncentivePolicy, period: Period) -> Period:
    """The first month of the policy period that `period` belongs to."""
    if policy.period_length == PeriodLength.QUARTER:
        return period.quarter_months()[0]
    if policy.period_length == PeriodLength.YEAR:
        return Period.month(period.year, 1)
    return period


def closes_period(policy: IncentivePolicy, period: Period) -> bool:
    if policy.period_length == PeriodLength.QUARTER:
        return period.number % 3 == 0
    if policy.period_length == PeriodLength.YEAR:
        return period.number == 12
    return True


def accrues_in(policy: IncentivePolicy, period: Period) -> bool:
    """Monthly policies accrue every month; quarterly and yearly ones in their closing month, or every
    month when they pay monthly advances."""
    return closes_period(policy, period) or policy.monthly_advances


# The fields a recalculation compares; a draft accrual whose values are all equal is not written again.
COMPARED = ("version_id", "covers_from", "basis", "rate", "amount", "why")


def policies_in_force(period: Period) -> list[tuple[IncentivePolicy, PolicyVersion]]:
    """Active policies valid in the month, each with the version in force on the month's last day."""
    last = period.last_day
    policies = (
        IncentivePolicy.objects.filter(is_active=True, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.first_day))
        .prefetch_related("tiers", "regions", "versions")
        .order_by("pk")
    )
    result = []
    for policy in policies:
        versions = [v for v in policy.versions.all() if v.effective_from <= last]
        if versions and accrues_in(policy, period):
            result.append((policy, max(versions, key=lambda v: v.effective_from)))
    return result


class _Partner(NamedTuple):
    pk: int
    tier_id: int | None
    channel_type: str
    region_id: int | None
    region_parent_id: int | None


def _active_partners(period: Period) -> list[_Partner]:
    """The month's active partners with what a policy's scope looks at, in one query for every policy."""
    rows = partners_active_in(period).values_list("pk", "tier_id", "channel_type", "region_id", "region__parent_id")
    return [_Partner(*row) for row in rows.order_by("pk")]


def _admitted(policy: IncentivePolicy, partners: list[_Partner]) -> list[int]:
    """The partners of `partners` the policy's tiers, channel types and regions admit (empty = all)."""
    tier_ids = {tier.pk for tier in policy.tiers.all()}
    region_ids = {region.pk for region in policy.regions.all()}
    channel_types = set(policy.channel_types or ())
    return [
        p.pk
        for p in partners
        if (not tier_ids or p.tier_id in tier_ids)
        and (not channel_types or p.channel_type in channel_types)
        and (not region_ids or p.region_id in region_ids or p.region_parent_id in region_ids)
    ]


@dataclass
class Facts:
    """What the month's calculation knows, loaded set-wise: a fixed number of queries for any number of partners."""

    sales: dict[tuple[int, dt.date], dict[str, Decimal]]
    targets: dict[tuple[int, dt.date], Decimal]
    grades: dict[int, str]
    incidents: dict[tuple[int, dt.date], dict[str, int]]
    # Product category code → its name: rules key on the code, explanations show the name partners know.
    category_names: dict[str, str] = field(default_factory=dict)

    # (partner, months) → the sum `sales_by_category` returns: commission, rebate and target bonus all ask.
    _sums: dict = field(default_factory=dict, repr=False)
    # (version, inputs) → the result partners with those inputs share (`IncentiveKind.shared_inputs`).
    shared: dict = field(default_factory=dict, repr=False)

    def sales_by_category(self, partner_id: int, months: list[Period]) -> dict[str, Decimal]:
        """The partner's net sales by category over `months` (a mapping the caller only reads)."""
        key = (partner_id, *(month.first_day for month in months))
        total = self._sums.get(key)
        if total is None:
            if len(months) == 1:
                total = self.sales.get(key, {})
            else:
                total = defaultdict(Decimal)
                for month in months:
                    for category, amount in self.sales.get((partner_id, month.first_day), {}).items():
                        total[category] += amount
            self._sums[key] = total
        return total

    def target(self, partner_id: int, months: list[Period]) -> Decimal | None:
        amounts = [self.targets[key] for m in months if (key := (partner_id, m.first_day)) in self.targets]
        return sum(amounts, ZERO) if amounts else None

    def incident_counts(self, partner_id: int, months: list[Period]) -> dict[str, int]:
        """The partner's incidents by severity over `months` (a mapping the caller only reads)."""
        if len(months) == 1:
            return self.incidents.get((partner_id, months[0].first_day), {})
        total: dict[str, int] = defaultdict(int)
        for month in months:
            for severity, count in self.incidents.get((partner_id, month.first_day), {}).items():
                total[severity] += count
        return total


def load_facts(start: Period, period: Period, partner_ids=None, sales=None) -> Facts:
    """The facts of every partner, or of those in `partner_ids` (a chunk of the calculation: see `_chunks`);
    their `sales` when already read (see `_SalesInOrder`)."""
    ids = any_of(partner_ids) if partner_ids is not None else None
    mine = Q(partner_id__in=ids) if ids is not None else Q()
    if sales is None:
        sales = sales_by_category(first=start, last=period, partner_ids=ids)
    targets = {
        (partner_id, month): amount
        for partner_id, month, amount in Target.objects.filter(
            mine, period__gte=start.first_day, period__lte=period.first_day
        ).values_list("partner_id", "period", "amount")
    }
    grades = dict(
        Scorecard.objects.filter(
            mine, cycle__period=period.first_day, cycle__status=EvaluationCycle.Status.PUBLISHED
        ).values_list("partner_id", "grade")
    )
    incidents = incident_counts(first=start, last=period, partner_ids=ids)
    return Facts(sales, targets, grades, incidents, category_names())


def policy_result(
    policy: IncentivePolicy, version: PolicyVersion, partner_id: int, months: list[Period], facts: Facts
) -> calc.Result:
    """The amount the version pays the partner over `months` (the policy period so far), capped."""
    return kind_for(policy.kind).result(version, partner_id=partner_id, months=months, facts=facts)


def months_between(start: Period, end: Period) -> list[Period]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = month.next()
    return months


def already_accrued(
    policies: list[IncentivePolicy], period: Period, partner_ids=None
) -> dict[tuple[int, int], Decimal]:
    """(partner, policy) → what earlier months of the same policy period accrued, adjustments included; for
    every partner or those in `partner_ids`."""
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    mine = Q(partner_id__in=any_of(partner_ids)) if partner_ids is not None else Q()
    for policy in policies:
        start = window_start(policy, period)
        if start == period:
            continue
        window = Q(policy=policy, period__gte=start.first_day, period__lt=period.first_day)
        for partner_id, amount in Accrual.objects.filter(mine, window).values_list("partner_id", "amount"):
            totals[(partner_id, policy.pk)] += amount
        adjustments = Adjustment.objects.filter(
            mine,
            source_accrual__policy=policy,
            source_accrual__period__gte=start.first_day,
            source_accrual__period__lt=period.first_day,
        )
        for partner_id, amount in adjustments.values_list("partner_id", "amount"):
            totals[(partner_id, policy.pk)] += amount
    return totals


class _Stored(NamedTuple):
    """A stored accrual of the month: its id, status and COMPARED values."""

    pk: int
    status: str
    compared: tuple

    def instance(self, key: tuple[int, int], period: Period) -> Accrual:
        """The accrual as a model instance, with what an adjustment of a locked accrual reads."""
        amount = self.compared[COMPARED.index("amount")]
        return Accrual(
            pk=self.pk, partner_id=key[0], policy_id=key[1], period=period.first_day, status=self.status, amount=amount
        )


@dataclass
class RunSummary:
    period: Period
    accruals: int
    created: int
    updated: int
    removed: int
    adjustments: int
    statements: int


def rewards_calculate(*, period: Period, by=None, source: str = CalculationRun.Source.MANUAL) -> RunSummary:
    """Compute every accrual of the month, then the month's statements. Safe to run again, or concurrently."""
    run, _created = CalculationRun.objects.get_or_create(period=period.first_day)
    # Committed before the work, which is one transaction: a run whose worker dies leaves its start
    # after its end, and the stuck-run sweep finds it (rewards_resume_stuck).
    CalculationRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
    with without_cyclic_gc(), transaction.atomic():
        if connection.vendor == "postgresql":
            # Set-wise statements over a month of sales are estimated costly enough for PostgreSQL to JIT-compile
            # them, which takes longer than running them (see MACHINE-NOTES): not for this transaction.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        run = month_lock(period)
        run.started_at = timezone.now()
        summary = _calculate(period, by)
        run.finished_at = timezone.now()
        run.runs += 1
        run.source = source
        run.triggered_by = by
        run.accruals = summary.accruals
        run.adjustments = summary.adjustments
        run.save()
    return summary


class CalculationBusy(ValidationError):
    """The month is being calculated right now: a request waits for nothing, it is refused."""


def rewards_calculation_request(*, period: Period, by) -> CalculationRun:
    """Queue a calculation asked for on the calculation page; the page shows its progress, `by` hears when done.

    A running calculation holds the month's row for its whole length; a request never waits for it (a page
    must answer at once) but is refused, and the page shows the running calculation's progress instead.
    """
    run, _created = CalculationRun.objects.get_or_create(period=period.first_day)
    try:
        with transaction.atomic():
            run = CalculationRun.objects.select_for_update(nowait=True).get(pk=run.pk)
            run.requested_at = timezone.now()
            run.requested_by = by
            run.save(update_fields=["requested_at", "requested_by"])
            outbox_enqueue("incentives.tasks.rewards_run_requested", str(period), key=f"rewards-run-{period}")
    except DatabaseError as exc:  # the row is locked: a calculation of the month is running
        raise CalculationBusy(
            gettext("%(month)s is being calculated right now; wait until it has finished.")
            % {"month": display.month(period)},
            code="busy",
        ) from exc
    return run


def rewards_calculate_requested(*, period: Period) -> RunSummary:
    """The worker's side of `rewards_calculation_request`: calculate as the asker, then tell them."""
    run = CalculationRun.objects.select_related("requested_by").get(period=period.first_day)
    summary = rewards_calculate(period=period, by=run.requested_by, source=CalculationRun.Source.MANUAL)
    if run.requested_at:
        run_finished_notify(
            user=run.requested_by,
            job="rewards",
            period=str(period),
            requested_at=run.requested_at,
            path=f"{reverse('incentives:accruals')}?month={period}",
            figures={"accruals": summary.accruals, "adjustments": summary.adjustments},
        )
    return summary


def earliest_start(period: Period, in_force: list[tuple[IncentivePolicy, PolicyVersion]]) -> Period:
    """The first month any policy in force reads: the start of the longest policy period."""
    return min((window_start(policy, period) for policy, _version in in_force), default=period)


def accrual_results(
    period: Period,
    in_force: list[tuple[IncentivePolicy, PolicyVersion]],
    *,
    partners: list[_Partner] | None = None,
    some: bool = False,
    sales=None,
) -> dict[tuple[int, int], tuple[PolicyVersion, Period, calc.Result]]:
    """(partner, policy) → what the month's accrual is: the version, the first month it covers and the result.
    `partners` are the month's active partners (read when not given), or `some` of them (a chunk, or those
    whose inputs changed): the facts are then read for those alone, and their `sales` taken when given.

    Reads only. The calculation writes what this returns; the policy preview shows it as a dry run, so the
    two cannot disagree.
    """
    policies = [policy for policy, _version in in_force]
    if partners is None:
        partners = _active_partners(period) if in_force else []
    if not partners:  # nobody to calculate (an unchanged rerun): nothing to read
        return {}
    ids = [p.pk for p in partners] if some else None
    facts = load_facts(earliest_start(period, in_force), period, ids, sales)
    before = already_accrued(policies, period, ids)

    results: dict[tuple[int, int], tuple[PolicyVersion, Period, calc.Result]] = {}
    for policy, version in in_force:
        start = window_start(policy, period)
        months = months_between(start, period)
        policy_id = policy.pk  # once per policy: `pk` is a property, read 10⁵ times a run otherwise
        for partner_id in _admitted(policy, partners):
            result = policy_result(policy, version, partner_id, months, facts)
            already = before.get((partner_id, policy_id))
            results[(partner_id, policy_id)] = (version, start, calc.true_up(result, already) if already else result)
    return results


def _unchanged(period: Period, partners: list[_Partner], digests: dict[int, str], closed: dict) -> frozenset[int]:
    """The active partners whose open statement was built from inputs with the digest they have now:
    recalculating them would give the rows they have (an approved or paid statement is always recalculated,
    and a partner no longer active is not skipped: its rows go)."""
    if not digests:
        return frozenset()
    active = {partner.pk for partner in partners}
    # The key as an expression, not "inputs__digest": resolving that path raises and catches an exception inside
    # the ORM whose traceback, kept in a reference cycle, held this run's every frame and result until a cyclic
    # collection (0.3 s at 10,000 partners, paid when the collector runs again).
    stored = Statement.objects.filter(period=period.first_day).values_list(
        "partner_id", KeyTextTransform("digest", "inputs")
    )
    return frozenset(
        p for p, digest in stored if digest and digest == digests.get(p) and p in active and p not in closed
    )


class _Span(NamedTuple):
    """The partner ids in (after, upto], None = no bound: the share of the month's stored rows one chunk owns."""

    after: int | None
    upto: int | None

    def q(self) -> Q:
        q = Q()
        if self.after is not None:
            q &= Q(partner_id__gt=self.after)
        if self.upto is not None:
            q &= Q(partner_id__lte=self.upto)
        return q

    def __contains__(self, partner_id: int) -> bool:
        return (self.after is None or partner_id > self.after) and (self.upto is None or partner_id <= self.upto)


EVERY_PARTNER = _Span(None, None)


class _SalesInOrder:
    """The sales of a run's partners by month and category, read in one pass in partner order and handed to the
    chunks in turn: a query per chunk would look each partner up in the sales index on its own, a few times
    slower than the one pass a run of the whole month makes (14 s against 5 s at 100,000 partners)."""

    def __init__(self, first: Period, last: Period, partner_ids) -> None:
        self._rows = sales_by_category_in_partner_order(first=first, last=last, partner_ids=partner_ids)
        self._next = next(self._rows, None)

    def of(self, span: _Span) -> dict[tuple[int, dt.date], dict[str, Decimal]]:
        """The sales of the partners of `span`, the chunk after the one before."""
        sales: dict[tuple[int, dt.date], dict[str, Decimal]] = {}
        while self._next is not None and self._next[0] in span:
            partner_id, month, code, total = self._next
            sales.setdefault((partner_id, month), {})[code] = total
            self._next = next(self._rows, None)
        return sales


def _chunks(partners: list[_Partner], size: int) -> list[tuple[_Span, list[_Partner]]]:
    """The partners to calculate (in id order) in chunks of `size`, each with its span of ids. The spans follow
    each other and cover every id, so each stored row of the month, a partner's no longer active or skipped
    included, belongs to exactly one chunk; with nobody to calculate, one chunk of nobody spans them all."""
    pieces = [partners[at : at + size] for at in range(0, len(partners), size)] or [[]]
    chunks, after = [], None
    for n, piece in enumerate(pieces):
        upto = piece[-1].pk if n < len(pieces) - 1 else None
        chunks.append((_Span(after, upto), piece))
        after = upto
    return chunks


@dataclass
class _Run:
    """One calculation of a month, a chunk of partners at a time: each chunk reads its partners' facts, works
    out their accruals and writes them before the next is read, so a run holds one chunk's facts, results and
    stored rows (INCENTIVES_CALCULATION_CHUNK_SIZE partners), never the month's: its memory does not grow with
    the sales, and with the partners only by a few values each (their ids, digests and statements' totals).
    One transaction still holds every chunk: a month's accruals are written whole or not at all."""

    period: Period
    by: object
    in_force: list[tuple[IncentivePolicy, PolicyVersion]]
    closed: dict[int, str]  # partner → status of its approved or paid statement (the month lock keeps it so)
    skip: frozenset[int]
    now: dt.datetime = field(default_factory=timezone.now)
    calculated: int = 0  # the accruals worked out
    stored: int = 0  # the stored accruals of the partners calculated (the rest are the skipped partners')
    created: int = 0
    updated: int = 0
    removed: int = 0
    adjustments: int = 0
    touched: set[Period] = field(default_factory=set)  # other months whose statements changed

    def chunk(self, span: _Span, partners: list[_Partner], *, some: bool, sales=None) -> None:
        period, closed = self.period, self.closed
        results = accrual_results(period, self.in_force, partners=partners, some=some, sales=sales)
        self.calculated += len(results)
        # Read as tuples, not model instances: a month has tens of thousands of accruals and most are unchanged;
        # the compared values (with the explanation, the costly column) only of the partners calculated again.
        owned = Accrual.objects.filter(span.q(), period=period.first_day)
        skipped = [p for p in self.skip if p in span]
        calculated = owned.exclude(partner_id__in=any_of(skipped)) if skipped else owned
        existing = {
            (partner_id, policy_id): _Stored(pk, status, tuple(compared))
            for pk, partner_id, policy_id, status, *compared in calculated.values_list(
                "pk", "partner_id", "policy_id", "status", *COMPARED
            )
        }
        self.stored += len(existing)
        to_write, locked_changes, late = [], [], []
        created = 0
        first_day, draft, now = period.first_day, LineStatus.DRAFT, self.now
        for key, (version, start, result) in results.items():
            accrual = existing.get(key)
            # The COMPARED values, as a tuple: built 10⁵ times a run.
            values = (version.id, start.first_day, round_money(result.basis), result.rate, result.amount, result.why)
            if accrual is None and key[0] in closed:
                # A line new to a closed statement: the statement keeps it at zero, as approved, and the amount
                # becomes an adjustment of the partner's next open month, like any other difference.
                late.append(
                    Accrual(
                        partner_id=key[0],
                        policy_id=key[1],
                        period=first_day,
                        calculated_at=now,
                        **{**dict(zip(COMPARED, values, strict=True)), "amount": ZERO},
                        status=closed[key[0]],
                    )
                )
                continue
            if accrual is None:
                created += 1
            elif accrual.status != draft:
                locked_changes.append((accrual.instance(key, period), result.amount))
                continue
            elif accrual.compared == values:
                continue  # unchanged: no write at all
            to_write.append((key[0], key[1], first_day, *values, draft, now))
        # A locked accrual whose partner or policy dropped out of the month is now worth zero.
        locked_changes += [
            (a.instance(key, period), ZERO)
            for key, a in existing.items()
            if key not in results and a.status != LineStatus.DRAFT
        ]
        stale = [a.pk for key, a in existing.items() if key not in results and a.status == LineStatus.DRAFT]

        # One multi-row upsert for new and changed drafts, rows as tuples (no model instance per accrual). Only
        # draft keys are in it, approvals wait for this run's lock, and the upsert itself leaves a stored row
        # alone unless it is a draft whose values differ: no locked row is touched, no equal row rewritten.
        copy_upsert(
            Accrual,
            ["partner_id", "policy_id", "period", *COMPARED, "status", "calculated_at"],
            to_write,
            unique=["partner_id", "policy_id", "period"],
            update=[*COMPARED, "calculated_at"],
            compared=COMPARED,
            guard=("status", LineStatus.DRAFT),
            fresh=not existing and not self.skip,  # the chunk's span has no accrual (read under the lock): a COPY
        )
        if stale:  # a dropped draft accrual takes its draft clawback line with it
            orphans = Adjustment.objects.filter(source_accrual_id__in=stale, status=LineStatus.DRAFT)
            self.touched |= {Period(month) for month in orphans.values_list("period", flat=True)}
            orphans.delete()
            self.removed += Accrual.objects.filter(pk__in=stale).delete()[0]
        for accrual in Accrual.objects.bulk_create(late):
            locked_changes.append((accrual, results[(accrual.partner_id, accrual.policy_id)][2].amount))
        adjusted, adjustments = adjustments_for_locked(locked_changes, period=period, by=self.by)
        clawed, clawbacks = clawbacks_apply(results, period=period, by=self.by, skip=self.skip, span=span)
        self.touched |= adjusted | clawed
        self.adjustments += adjustments + clawbacks
        self.created += created
        self.updated += len(to_write) - created


def _calculate(period: Period, by) -> RunSummary:
    in_force = policies_in_force(period)
    # Partners whose statement of the month is approved or paid (the month lock is held: it stays so).
    closed = dict(
        Payout.objects.filter(period=period.first_day)
        .exclude(status=LineStatus.DRAFT)
        .values_list("partner_id", "status")
    )
    partners = _active_partners(period) if in_force else []
    digests = input_digests(period, earliest_start(period, in_force), in_force)
    skip = _unchanged(period, partners, digests, closed)
    run = _Run(period, by, in_force, closed, skip)
    calculated = [p for p in partners if p.pk not in skip]
    chunks = _chunks(calculated, settings.INCENTIVES_CALCULATION_CHUNK_SIZE)
    if len(chunks) == 1:
        run.chunk(*chunks[0], some=bool(skip))
    else:
        sales = _SalesInOrder(
            earliest_start(period, in_force), period, any_of(p.pk for p in calculated) if skip else None
        )
        for span, chunk in chunks:
            run.chunk(span, chunk, some=True, sales=sales.of(span))
    # The skipped partners' accruals, left as they are.
    kept = Accrual.objects.filter(period=period.first_day).count() - run.stored if skip else 0

    statements = statements_refresh(period=period, by=by, recalculated=True, digests=digests)
    for other in sorted(run.touched - {period}):
        statements += statements_refresh(period=other, by=by)
    return RunSummary(
        period=period,
        accruals=run.calculated + kept,
        created=run.created,
        updated=run.updated,
        removed=run.removed,
        adjustments=run.adjustments,
        statements=statements,
    )


def adjustments_for_locked(changes: list[tuple[Accrual, Decimal]], *, period: Period, by) -> tuple[set[Period], int]:
    """Turn the differences on approved or paid accruals into adjustment lines of the next open month.

    The difference is against what the partner was already given for that accrual (its amount plus
    adjustments already approved); a draft adjustment for the same accrual is updated in place.
    Returns the months whose statements changed and how many adjustment lines were written.
    """
    if not changes:
        return set(), 0
    accrual_ids = [accrual.pk for accrual, _amount in changes]
    settled: dict[int, Decimal] = defaultdict(Decimal)
    drafts: dict[int, Adjustment] = {}
    recalculations = Adjustment.objects.filter(source_accrual_id__in=accrual_ids, kind=Adjustment.Kind.RECALCULATION)
    for adjustment in recalculations:
        if adjustment.status == LineStatus.DRAFT:
            drafts[adjustment.source_accrual_id] = adjustment
        else:
            settled[adjustment.source_accrual_id] += adjustment.amount
    targets = next_open_months({accrual.partner_id for accrual, _amount in changes}, start=period.next())
    touched: set[Period] = set()
    written = 0
    for accrual, new_amount in changes:
        difference = round_money(new_amount - accrual.amount - settled[accrual.pk])
        draft = drafts.get(accrual.pk)
        if draft is not None:
            touched.add(Period(draft.period))
            written += 1
            if difference:
                draft.amount = difference
                draft.reason = _difference_reason(accrual, new_amount)
                draft.save(update_fields=["amount", "reason"])
            else:
                draft.delete()
            continue
        if not difference:
            continue
        target = targets[accrual.partner_id]
        adjustment = Adjustment(
            partner_id=accrual.partner_id,
            period=target.first_day,
            kind=Adjustment.Kind.RECALCULATION,
            policy_id=accrual.policy_id,
            source_accrual=accrual,
            amount=difference,
            reason=_difference_reason(accrual, new_amount),
            created_by=by,
        )
        adjustment.full_clean()
        adjustment.save()
        touched.add(target)
        written += 1
    return touched, written


def clawbacks_apply(
    results, *, period: Period, by, skip: frozenset[int] = frozenset(), span: _Span = EVERY_PARTNER
) -> tuple[set[Period], int]:
    """What the month's returns take back beyond its own sales, as one clawback line per accrual.

    A return nets in the month it is booked; when a policy period's returns exceed its sales, the amount
    stays at zero and the shortfall (what the returned sales had earned) becomes an adjustment of the
    partner's next open month after this one, like every other difference on money already given. The
    line is keyed on the month's accrual: a rerun compares the wanted clawback with what clawback lines
    already settled and updates the draft one in place, so a clawback is never lost and never doubled.
    The lines of partners in `skip` (not calculated again: their inputs did not change) are left as they are;
    those of partners outside `span` belong to another chunk of the run.
    Returns the months whose statements changed and how many clawback lines were written.
    """
    wanted = {key: result.shortfall for key, (_v, _s, result) in results.items() if result.shortfall}
    existing = [
        adjustment
        for adjustment in Adjustment.objects.filter(
            span.q(), kind=Adjustment.Kind.CLAWBACK, source_accrual__period=period.first_day
        )
        if adjustment.partner_id not in skip
    ]
    if not wanted and not existing:
        return set(), 0
    keys = set(wanted) | {(a.partner_id, a.policy_id) for a in existing}
    accruals = {
        (a.partner_id, a.policy_id): a
        for a in Accrual.objects.filter(period=period.first_day, partner_id__in={k[0] for k in keys})
        .select_related("policy")
        .only("pk", "partner_id", "policy_id", "period", "policy__name")
        if (a.partner_id, a.policy_id) in keys
    }
    settled: dict[int, Decimal] = defaultdict(Decimal)
    drafts: dict[int, Adjustment] = {}
    for adjustment in existing:
        if adjustment.status == LineStatus.DRAFT:
            drafts[adjustment.source_accrual_id] = adjustment
        else:
            settled[adjustment.source_accrual_id] += adjustment.amount
    differences = {}
    for key, accrual in accruals.items():
        difference = round_money(wanted.get(key, ZERO) - settled[accrual.pk])
        if difference or accrual.pk in drafts:
            differences[key] = difference
    if not differences:
        return set(), 0
    lines = returns_booked(partner_ids={key[0] for key in differences}, period=period)
    new_partners = {key[0] for key, diff in differences.items() if diff and accruals[key].pk not in drafts}
    targets = next_open_months(new_partners, start=period.next()) if new_partners else {}
    touched: set[Period] = set()
    written = 0
    for key, difference in sorted(differences.items()):
        accrual = accruals[key]
        reason = _clawback_reason(accrual, wanted.get(key, ZERO), lines.get(key[0], []), settled[accrual.pk])
        draft = drafts.get(accrual.pk)
        if draft is not None:
            touched.add(Period(draft.period))
            written += 1
            if difference:
                draft.amount, draft.reason = difference, reason
                draft.save(update_fields=["amount", "reason"])
            else:
                draft.delete()
            continue
        target = targets[key[0]]
        adjustment = Adjustment(
            partner_id=key[0],
            period=target.first_day,
            kind=Adjustment.Kind.CLAWBACK,
            policy_id=key[1],
            source_accrual=accrual,
            amount=difference,
            reason=reason,
            created_by=by,
        )
        adjustment.full_clean()
        adjustment.save()
        touched.add(target)
        written += 1
    return touched, written


def _clawback_reason(accrual: Accrual, amount: Decimal, lines: list[ReturnLine], settled: Decimal) -> str:
    returns = "; ".join(
        (
            gettext("%(ref)s of %(date)s, returning %(original)s of %(original_date)s: %(amount)s")
            if line.original_date
            else gettext("%(ref)s of %(date)s: %(amount)s")
        )
        % {
            "ref": line.external_ref,
            "date": display.day(line.date),
            "original": line.original_ref,
            "original_date": display.day(line.original_date),
            "amount": fmt(line.amount),
        }
        for line in lines
    )
    reason = gettext(
        "Returns booked in %(month)s exceed that month's sales: %(amount)s of %(policy)s already earned on the "
        "returned sales is taken back. Returns: %(returns)s"
    ) % {
        "month": display.month(accrual.period),
        "amount": fmt(amount),
        "policy": accrual.policy.name,
        "returns": returns,
    }
    if settled:
        reason += " " + gettext("(%(settled)s of it was taken back on an earlier statement.)") % {
            "settled": fmt(settled)
        }
    return reason


def _difference_reason(accrual: Accrual, new_amount: Decimal) -> str:
    return gettext("Recalculation of %(month)s: %(new)s instead of %(old)s approved") % {
        "month": display.month(accrual.period),
        "new": fmt(new_amount),
        "old": fmt(accrual.amount),
    }


def rewards_due(*, today: dt.date) -> Period | None:
    """The month the scheduled job should calculate today, or None.

    It is the previous month, once its evaluation cycle is published, unless a calculation already ran
    after that publication (so the job never calculates twice, and a run made by hand before the
    cycle was published does not count: its grade bonuses were not known yet).
    """
    period = Period.containing(today).previous()
    cycle = EvaluationCycle.objects.filter(period=period.first_day, status=EvaluationCycle.Status.PUBLISHED).first()
    if cycle is None:
        return None
    done = CalculationRun.objects.filter(period=period.first_day, finished_at__isnull=False)
    if cycle.published_at:
        done = done.filter(finished_at__gte=cycle.published_at)
    return None if done.exists() else period


def rewards_resume_stuck(*, now: dt.datetime | None = None) -> list[str]:
    """Resume, once, every reward calculation started and never finished for STUCK_RUN_AFTER_MINUTES.

    A live calculation holds its run's row lock for its whole length, so a row this sweep can lock
    has no live run: its worker died. Its start is moved to now (the next sweep leaves it alone),
    the calculation is queued again through the outbox, and a job run records it. Returns the months.
    """
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.STUCK_RUN_AFTER_MINUTES)
    stale = CalculationRun.objects.filter(started_at__lt=limit).filter(
        Q(finished_at__isnull=True) | Q(finished_at__lt=F("started_at"))
    )
    resumed = []
    for run_id, started_at in stale.values_list("pk", "started_at"):
        with transaction.atomic():
            run = CalculationRun.objects.select_for_update(skip_locked=True).filter(pk=run_id, started_at=started_at)
            run = run.first()
            if run is None:
                continue  # still calculating, or claimed by another sweep
            run.started_at = now
            run.save(update_fields=["started_at"])
            outbox_enqueue("incentives.tasks.rewards_run", str(Period(run.period)))
        resumed.append(str(Period(run.period)))
    if resumed:
        JobRun.objects.create(
            name="rewards_resume_stuck", started_at=now, finished_at=now, summary={"resumed": resumed}
        )
    return resumed


def rewards_run_due(*, today: dt.date) -> RunSummary | None:
    period = rewards_due(today=today)
    if period is None:
        return None
    return rewards_calculate(period=period, source=CalculationRun.Source.SCHEDULED)


def rewards_recalculate(*, period: Period) -> RunSummary | None:
    """Calculate an already calculated month again because its inputs changed (its cycle was published):
    its draft statements are rebuilt, approved ones get their differences in the next open month. A month
    never calculated is left to the scheduled job."""
    if not CalculationRun.objects.filter(period=period.first_day, finished_at__isnull=False).exists():
        return None
    return rewards_calculate(period=period, source=CalculationRun.Source.SCHEDULED)
