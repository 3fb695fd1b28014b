"""Writes of the evaluations app: the monthly cycle, its status, notes and manual KPI values.

The cycle is idempotent by construction: every write is an upsert on a unique constraint
(cycle + partner for scorecards, scorecard + KPI for lines), so a second run, a concurrent run or
a run resumed after a killed worker converges on exactly one scorecard per partner. Status changes
lock the cycle row (`select_for_update`), and a published cycle refuses every change until it is
reopened explicitly, which history records with the reason given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import inspect
import logging
import operator
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Max, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from common.history import changed_by
from common.models import JobRun
from common.money import round_money
from common.outbox import outbox_enqueue
from common.periods import Period
from common.runs import RunState, run_finished_notify, without_cyclic_gc
from evaluations import card_writes, measurements, rollup, scoring, splitting
from evaluations.models import (
    EvaluationCycle,
    ManualKPIValue,
    PeriodEvaluation,
    PeriodScorecard,
    PeriodScorecardLine,
    Scorecard,
    ScorecardLine,
    ScorecardTemplate,
    Target,
    TemplateAssignment,
)
from evaluations.refusals import CycleStateError
from partners.models import Partner
from partners.selectors import monthly_sales, sales_total
from partners.services import partner_change_tier

logger = logging.getLogger(__name__)

Status = EvaluationCycle.Status
SCORECARD_FIELDS = [
    "template",
    "channel_type",
    "total",
    "grade",
    "rank",
    "ranked_among",
    "sales",
    "target",
    "calculated_at",
]
LINE_FIELDS = list(card_writes.LINE_FIELDS)


class _Scored(NamedTuple):
    """One partner's card in a run: a tuple, built once per partner."""

    partner: measurements.PartnerRow
    template: measurements.TemplateRules
    card: scoring.CardResult | None  # None: its inputs are those of the stored card (`digest`), not scored again
    facts: scoring.PartnerFacts
    grade: str
    digest: str
    total: Decimal


def cycle_open(*, period: Period) -> EvaluationCycle:
    """The month's cycle, created as scheduled the first time (safe when two callers race)."""
    try:
        with transaction.atomic():
            cycle, _created = EvaluationCycle.objects.get_or_create(period=period.first_day)
    except IntegrityError:  # another worker created it between our SELECT and INSERT
        cycle = EvaluationCycle.objects.get(period=period.first_day)
    return cycle


def _transition(cycle_id: int, *, allowed: set[str], to: str, by=None, reason: str = "", **fields) -> EvaluationCycle:
    """Move a cycle to `to` under a row lock, or refuse when its status is not one of `allowed`."""
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status not in allowed:
            raise CycleStateError(
                gettext_noop("The %(period)s cycle is %(status)s; this change is not possible now."),
                code="status",
                period=str(cycle),
                status=cycle.get_status_display(),
            )
        cycle.status = to
        for name, value in fields.items():
            setattr(cycle, name, value)
        changed_by(cycle, by, reason=reason)
        cycle.full_clean()
        cycle.save()
    return cycle


def month_has_ended(period: Period, *, now: dt.datetime | None = None) -> bool:
    """True once the month is over in the installation's time zone: 2026-11 ends at 00:00 on
    1 December in Shanghai (16:00 UTC on 30 November), not a moment earlier."""
    return clock.today(now) >= period.next().first_day


def cycle_calculate(
    *, period: Period, publish: bool | None = None, by=None, now: dt.datetime | None = None
) -> EvaluationCycle:
    """Compute every active partner's scorecard for the month, set-wise, and leave the cycle in review.

    A month that has not ended yet is calculated as provisional (issue 19): marked so on every page,
    never published, so never emailed and never read by the reward calculation. A run after the month
    ended clears the mark. `publish=None` follows the EVALUATIONS_AUTO_PUBLISH setting, which a
    provisional cycle ignores. A published cycle is refused.
    """
    provisional = not month_has_ended(period, now=now)
    cycle = cycle_open(period=period)
    cycle = _transition(
        cycle.pk,
        allowed={Status.SCHEDULED, Status.CALCULATING, Status.REVIEW},
        to=Status.CALCULATING,
        by=by,
        calculation_started_at=timezone.now(),
        provisional=provisional,
    )
    with without_cyclic_gc():
        partners = measurements.partner_rows(period)
        by_channel, default = measurements.template_rules()
        facts = measurements.partner_facts(period=period, partners=partners)
        stored = _stored_digests(cycle.pk)
        scored = _score(partners, facts, by_channel, default, stored)
        ranks = _rank(scored)
        _write(cycle, _to_write(scored, ranks, stored), ranks, by=by, none_stored=not stored)
        cycle = _finish(cycle, scored, by=by)
    if not provisional and (publish if publish is not None else settings.EVALUATIONS_AUTO_PUBLISH):
        cycle = cycle_publish(cycle=cycle, by=by, now=now)
    return cycle


def cycle_calculation_request(*, period: Period, by) -> EvaluationCycle:
    """Queue a calculation asked for on the cycle's page; its page shows the progress, `by` hears when done.

    A published cycle is refused. Asking again while a run is queued adds no second run.
    """
    cycle = cycle_open(period=period)
    with transaction.atomic():
        cycle = _lock_unpublished(cycle.pk)
        # An update, not a save: asking is not a change of the cycle worth a history row.
        EvaluationCycle.objects.filter(pk=cycle.pk).update(
            calculation_requested_at=timezone.now(), calculation_requested_by=by
        )
        outbox_enqueue("evaluations.tasks.cycle_run_requested", str(period), key=f"cycle-run-{period}")
    cycle.refresh_from_db()
    return cycle


def cycle_calculate_requested(*, period: Period) -> EvaluationCycle:
    """The worker's side of `cycle_calculation_request`: calculate (never publish), then tell the asker."""
    cycle = cycle_open(period=period)
    asker, asked_at = cycle.calculation_requested_by, cycle.calculation_requested_at
    cycle = cycle_calculate(period=period, publish=False, by=asker)
    if asked_at:
        run_finished_notify(
            user=asker,
            job="cycle",
            period=str(period),
            requested_at=asked_at,
            path=reverse("evaluations:cycle", kwargs={"period": str(period)}),
            figures={"partners": cycle.partner_count},
        )
    return cycle


def cycle_calculate_scheduled(*, period: Period) -> EvaluationCycle | None:
    """The monthly job: the month is calculated once even when two beats both send the job. The first
    claims the month under the cycle's row lock; a job that finds a calculation started earlier the same
    (local) day does nothing. A run made by hand before that day (on a part of the month) is redone.
    Returns None when it did nothing."""
    now = timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    cycle = cycle_open(period=period)
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.is_published:
            logger.warning("evaluations: the %s cycle is published; the monthly job leaves it alone", cycle)
            return None
        if cycle.calculation_started_at and cycle.calculation_started_at >= start_of_day:
            return None
        _transition(cycle.pk, allowed={cycle.status}, to=Status.CALCULATING, calculation_started_at=now)
    return cycle_calculate(period=period)


def cycles_resume_stuck(*, now: dt.datetime | None = None) -> list[str]:
    """Resume, once, every cycle left "calculating" by a worker that died (a whole worker killed
    leaves its message unacknowledged until the broker's visibility timeout).

    A run advances with each chunk it writes; one that has not advanced for STUCK_RUN_AFTER_MINUTES
    is claimed under its row lock (a run writing a chunk holds that lock, so it is skipped), its
    start time moved to now (so the next sweep leaves it alone) with the reason in the cycle's
    history, and the calculation queued again through the outbox. Returns the months resumed.
    """
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.STUCK_RUN_AFTER_MINUTES)
    stale = (
        EvaluationCycle.objects.filter(status=Status.CALCULATING)
        .annotate(
            last_chunk=Max(
                "scorecards__calculated_at", filter=Q(scorecards__calculated_at__gte=F("calculation_started_at"))
            )
        )
        .filter(Q(last_chunk__lt=limit) | Q(last_chunk__isnull=True, calculation_started_at__lt=limit))
        .values_list("pk", "calculation_started_at")
    )
    resumed = []
    for cycle_id, started_at in stale:
        with transaction.atomic():
            claimed = EvaluationCycle.objects.select_for_update(skip_locked=True).filter(
                pk=cycle_id, status=Status.CALCULATING, calculation_started_at=started_at
            )
            if claimed.first() is None:
                continue  # a run is writing, or another sweep claimed it
            cycle = _transition(
                cycle_id,
                allowed={Status.CALCULATING},
                to=Status.CALCULATING,
                reason=_("Resumed: the calculation had not advanced for %(minutes)s minutes.")
                % {"minutes": settings.STUCK_RUN_AFTER_MINUTES},
                calculation_started_at=now,
            )
            outbox_enqueue("evaluations.tasks.cycle_run", str(Period(cycle.period)))
        resumed.append(str(Period(cycle.period)))
    if resumed:
        JobRun.objects.create(name="cycles_resume_stuck", started_at=now, finished_at=now, summary={"resumed": resumed})
    return resumed


@functools.cache
def _code_version() -> bytes:
    """The code that turns inputs into a stored card: a deploy that changes it recomputes every card once."""
    modules = (scoring, card_writes, sys.modules[__name__])
    return hashlib.blake2b("".join(inspect.getsource(module) for module in modules).encode()).digest()


# Every measured input of a card, in PartnerFacts' order: their names go into each template key, their
# values (a tuple, whose repr is written in C, twice as fast as the dataclass's) into each digest.
_FACT_NAMES = tuple(field.name for field in dataclasses.fields(scoring.PartnerFacts))
_fact_values = operator.attrgetter(*_FACT_NAMES)


def _template_key(template: measurements.TemplateRules) -> bytes:
    """What a card owes its template: its id, every KPI rule (weights, anchors, ceiling, label, what
    "unmeasured" does, their order) and the grade bands; and the names of the measured inputs."""
    return _code_version() + repr((template.id, template.rules, sorted(template.bands.items()), _FACT_NAMES)).encode()


def _digest(template_key: bytes, channel_type: str, facts: scoring.PartnerFacts) -> str:
    """A digest of everything a card is computed from but its rank: the code, the template, the partner's
    channel type and every measured input (each of `PartnerFacts`' fields, named in the template key).
    The rank depends on the other partners' totals and is compared on its own (`_to_write`)."""
    hasher = _hasher_after(template_key).copy()
    hasher.update(repr((channel_type, _fact_values(facts))).encode())
    return hasher.hexdigest()


@functools.lru_cache(maxsize=64)
def _hasher_after(template_key: bytes):
    """A hasher that has read `template_key` (a kilobyte or two: the code's digest and the template's rules),
    copied for each partner instead of hashing the key again 10,000 times. Same digest as hashing it whole."""
    return hashlib.blake2b(template_key, digest_size=16)


def _stored_digests(cycle_id: int) -> dict[int, tuple]:
    """partner id → (inputs digest, total, rank, ranked among) of the cards stored for the cycle: one query."""
    rows = Scorecard.objects.filter(cycle_id=cycle_id).values_list(
        "partner_id", "inputs_digest", "total", "rank", "ranked_among"
    )
    return {row[0]: row[1:] for row in rows}


def _score(partners, facts, by_channel, default, stored: dict[int, tuple]) -> list[_Scored]:
    """Every partner's card; a partner whose inputs hash as its stored card's keeps that card's total and is
    not scored again (a rerun with nothing changed scores nobody)."""
    scored = []
    templates: dict[str, tuple] = {}  # channel type → (its template, the template's key), looked up once
    for partner in partners:
        if partner.channel_type not in templates:
            template = by_channel.get(partner.channel_type, default)
            templates[partner.channel_type] = (template, _template_key(template) if template else b"")
        template, template_key = templates[partner.channel_type]
        if template is None or not template.rules:
            continue  # nothing defines how to score this channel type
        partner_facts = facts[partner.id]
        digest = _digest(template_key, partner.channel_type, partner_facts)
        kept = stored.get(partner.id)
        if kept is not None and kept[0] == digest:
            scored.append(_Scored(partner, template, None, partner_facts, "", digest, kept[1]))
        else:
            scored.append(_scored(partner, template, partner_facts, digest))
    return scored


def _scored(partner, template, facts, digest) -> _Scored:
    card = scoring.score_card(rules=template.rules, facts=facts)
    grade = scoring.grade_for(card.total, template.bands) if template.bands else ""
    return _Scored(partner, template, card, facts, grade, digest, card.total)


def _to_write(scored: list[_Scored], ranks, stored: dict[int, tuple]) -> list[_Scored]:
    """The cards that may differ from what is stored: those scored again (their inputs changed, or never
    stored), and those kept whose rank or count of ranked partners moved (scored again here, to be written
    whole; the writes compare them with what is stored as any other)."""
    return [
        item if item.card is not None else _scored(item.partner, item.template, item.facts, item.digest)
        for item in scored
        if item.card is not None or stored[item.partner.id][2:] != ranks[item.partner.id]
    ]


def _rank(scored: list[_Scored]) -> dict[int, tuple[int, int]]:
    """partner id → (rank, how many ranked) among partners of the same channel type."""
    groups: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for item in scored:
        groups[item.partner.channel_type][item.partner.id] = item.total
    ranks = {}
    for totals in groups.values():
        for partner_id, rank in scoring.competition_ranks(totals).items():
            ranks[partner_id] = (rank, len(totals))
    return ranks


def _write(cycle: EvaluationCycle, scored: list[_Scored], ranks, *, by, none_stored: bool) -> None:
    """Upsert scorecards and lines in chunks, each its own transaction, so a killed worker loses at
    most the chunk it was writing and a rerun converges on the same rows. A card whose figures and
    lines are unchanged is not written again, nor is a history row added for it: an unchanged rerun
    issues no INSERT, UPDATE or DELETE on a scorecard, a line or their history. `none_stored`: the cycle
    held no card when the run began (PostgreSQL inserts such chunks without comparing, see card_writes)."""
    chunk_size = settings.EVALUATIONS_CYCLE_CHUNK_SIZE
    if connection.vendor == "postgresql":
        write_chunk = functools.partial(_write_chunk_set_wise, none_stored=none_stored)
    else:
        write_chunk = _write_chunk
    done = 0
    for start in range(0, len(scored), chunk_size):
        chunk = scored[start : start + chunk_size]
        with transaction.atomic():
            _lock_unpublished(cycle.pk)
            # Each chunk's time: the newest shows how far a run has come (see cycles_resume_stuck).
            write_chunk(cycle, chunk, ranks, now=timezone.now(), by=by)
        done += len(chunk)
        logger.info("evaluations: cycle %s: %s of %s partners written", cycle, done, len(scored))


def _write_chunk_set_wise(cycle: EvaluationCycle, chunk: list[_Scored], ranks, *, now, by, none_stored) -> None:
    """One chunk on PostgreSQL: tuples, not model instances, compared and written by the database
    (evaluations.card_writes)."""
    cards, lines = [], []
    for item in chunk:
        card, card_lines = _card_values(item, ranks)
        cards.append((item.partner.id, *card, item.digest))
        lines.append(card_lines)
    card_writes.write_cards(
        cycle_id=cycle.pk, cards=cards, lines=lines, now=now, by_id=getattr(by, "pk", None), none_stored=none_stored
    )


def _write_chunk(cycle: EvaluationCycle, chunk: list[_Scored], ranks, *, now, by) -> None:
    """One chunk through the ORM (SQLite, development): what is stored is read and compared as tuples."""
    # Notes are the managers', never overwritten; loaded only so history rows show them. What is
    # stored is compared as tuples: a card whose figures and lines are unchanged is not written
    # again, nor is a history row added for it, so an unchanged rerun writes no scorecard row.
    stored = _stored_cards(cycle.pk, [item.partner.id for item in chunk])
    notes = {partner_id: card[0] for partner_id, card in stored.items()}
    changed = [item for item in chunk if stored.get(item.partner.id, (None,))[1:] != _card_state(item, ranks)]
    # Inputs changed, figures not: the new digest alone, with no history row (as card_writes does).
    changed_ids = {item.partner.id for item in changed}
    same = [item for item in chunk if item.partner.id not in changed_ids]
    if same:
        Scorecard.objects.filter(cycle_id=cycle.pk, partner_id__in=[item.partner.id for item in same]).update(
            inputs_digest=Case(*(When(partner_id=item.partner.id, then=Value(item.digest)) for item in same))
        )
    chunk = changed
    if not chunk:
        return
    cards = [
        Scorecard(
            cycle_id=cycle.pk,
            partner_id=item.partner.id,
            template_id=item.template.id,
            channel_type=item.partner.channel_type,
            total=item.card.total,
            grade=item.grade,
            rank=ranks[item.partner.id][0],
            ranked_among=ranks[item.partner.id][1],
            sales=item.facts.sales,
            target=item.facts.target,
            calculated_at=now,
            note=notes.get(item.partner.id, ("", ""))[0],
            partner_message=notes.get(item.partner.id, ("", ""))[1],
            inputs_digest=item.digest,
        )
        for item in chunk
    ]
    cards = Scorecard.objects.bulk_create(
        cards,
        update_conflicts=True,
        unique_fields=["cycle", "partner"],
        update_fields=[*SCORECARD_FIELDS, "inputs_digest"],
    )
    Scorecard.history.bulk_history_create(cards, update=True, default_user=by)
    lines = []
    kinds_by_template: dict[int, set[str]] = defaultdict(set)
    cards_by_template: dict[int, list[int]] = defaultdict(list)
    for item, card in zip(chunk, cards, strict=True):
        cards_by_template[item.template.id].append(card.pk)
        for position, line in enumerate(item.card.lines):
            kinds_by_template[item.template.id].add(line.kind)
            lines.append(
                ScorecardLine(
                    scorecard_id=card.pk,
                    kind=line.kind,
                    label=line.label,
                    raw_value=line.raw_value,
                    points=line.points,
                    weight=line.weight,
                    contribution=line.contribution,
                    zero_at=line.rule.zero_at,
                    full_at=line.rule.full_at,
                    ceiling=line.rule.ceiling,
                    left_out=line.left_out,
                    weight_base=line.weight_base,
                    position=position,
                )
            )
    ScorecardLine.objects.bulk_create(
        lines, update_conflicts=True, unique_fields=["scorecard", "kind"], update_fields=LINE_FIELDS
    )
    # KPIs removed from a template since an earlier run leave no stale lines behind.
    for template_id, card_ids in cards_by_template.items():
        ScorecardLine.objects.filter(scorecard_id__in=card_ids).exclude(
            kind__in=kinds_by_template[template_id]
        ).delete()


# What a scorecard's state is compared on (besides its note): the figures SCORECARD_FIELDS writes but the
# time, then its lines as (kind, *LINE_FIELDS) in kind order.
COMPARED_CARD_FIELDS = list(card_writes.CARD_FIELDS)


def _stored_cards(cycle_id: int, partner_ids: list[int]) -> dict[int, tuple]:
    """partner id → ((note, message), figures, lines) of the scorecards stored for these partners: two queries."""
    cards = Scorecard.objects.filter(cycle_id=cycle_id, partner_id__in=partner_ids)
    fields = ("pk", "partner_id", "note", "partner_message", *COMPARED_CARD_FIELDS)
    by_card = {row[0]: row[1:] for row in cards.values_list(*fields).iterator()}
    lines: dict[int, list[tuple]] = defaultdict(list)
    stored_lines = ScorecardLine.objects.filter(scorecard_id__in=list(by_card)).order_by()
    for card_id, *line in stored_lines.values_list("scorecard_id", "kind", *LINE_FIELDS).iterator():
        lines[card_id].append(tuple(line))
    # Lines in Python's order of kinds (the database's collation may order them otherwise).
    return {row[0]: ((row[1], row[2]), tuple(row[3:]), tuple(sorted(lines[pk]))) for pk, row in by_card.items()}


def _card_state(item: _Scored, ranks) -> tuple:
    """The (figures, lines) a run would store for `item`, as the database would give them back (decimals
    rounded to their columns), in `_stored_cards`'s shape without the note and message (the manager's, never written).
    Runs once per partner: plain tuples, the columns' places looked up once (`_places`)."""
    card_places, line_places = _places()
    values, line_values = _card_values(item, ranks)
    figures = tuple(_stored(value, exp) for value, exp in zip(values, card_places, strict=True))
    lines = sorted(
        tuple(_stored(value, exp) for value, exp in zip(line, line_places, strict=True)) for line in line_values
    )
    return figures, tuple(lines)


def _card_values(item: _Scored, ranks) -> tuple[tuple, list[tuple]]:
    """The values a run stores for `item`: the card's in COMPARED_CARD_FIELDS' order (as card_writes
    stages it after the partner), and each line's as (kind, *LINE_FIELDS), in the card's order."""
    rank, among = ranks[item.partner.id]
    card = (
        item.template.id,
        item.partner.channel_type,
        item.card.total,
        item.grade,
        rank,
        among,
        item.facts.sales,
        item.facts.target,
    )
    lines = [
        (
            line.kind,
            line.label,
            line.raw_value,
            line.points,
            line.weight,
            line.contribution,
            line.rule.zero_at,
            line.rule.full_at,
            line.rule.ceiling,
            line.left_out,
            line.weight_base,
            position,
        )
        for position, line in enumerate(item.card.lines)
    ]
    return card, lines


@functools.cache
def _places() -> tuple[tuple, tuple]:
    """Per compared column of a scorecard and of a line, the exponent its decimals are stored with."""

    def exponents(model, names):
        fields = [model._meta.get_field(name.removesuffix("_id")) for name in names]
        places = [getattr(field, "decimal_places", None) for field in fields]
        return tuple(Decimal(1).scaleb(-p) if p is not None else None for p in places)

    return exponents(Scorecard, COMPARED_CARD_FIELDS), exponents(ScorecardLine, ["kind", *LINE_FIELDS])


def _stored(value, exponent):
    """`value` as a column stores it: a decimal rounded half-up to the column's places (as PostgreSQL does)."""
    if exponent is not None and isinstance(value, Decimal):
        return value.quantize(exponent, rounding=ROUND_HALF_UP)
    return value


def _lock_unpublished(cycle_id: int) -> EvaluationCycle:
    cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_id)
    if cycle.is_published:
        raise CycleStateError(
            gettext_noop("The %(period)s cycle is published; reopen it first."), code="published", period=str(cycle)
        )
    return cycle


def _finish(cycle: EvaluationCycle, scored: list[_Scored], *, by) -> EvaluationCycle:
    with transaction.atomic():
        _lock_unpublished(cycle.pk)
        # Partners no longer in scope (suspended since an earlier run) lose their scorecard. Every partner
        # scored has its card stored by now, so there are such cards exactly when the cycle holds more cards
        # than partners scored: counted first (a rerun with nothing to remove reads no card id and issues no
        # DELETE), then looked for in Python (no query carries every scored id).
        stored = Scorecard.objects.filter(cycle_id=cycle.pk)
        if stored.count() != len(scored):
            scored_ids = {item.partner.id for item in scored}
            gone = [pk for pk in stored.values_list("partner_id", flat=True) if pk not in scored_ids]
            if gone:
                Scorecard.objects.filter(cycle_id=cycle.pk, partner_id__in=gone).delete()
        return _transition(
            cycle.pk,
            allowed={Status.CALCULATING, Status.REVIEW},
            to=Status.REVIEW,
            by=by,
            calculated_at=timezone.now(),
            partner_count=len(scored),
        )


def cycle_publish(
    *, cycle: EvaluationCycle, by=None, notify: bool = True, now: dt.datetime | None = None
) -> EvaluationCycle:
    """Publish a reviewed cycle: partners see it in the portal and the monthly emails go out once.

    Refused before the month has ended in the installation's time zone, and for a provisional
    calculation (made before the month ended: it must be recalculated first).
    `notify=False` publishes without emails (back-filling past months, as the demo data does).
    """
    period = Period(cycle.period)
    if not month_has_ended(period, now=now):
        raise CycleStateError(
            gettext_noop("%(period)s has not ended yet: its cycle can be published from %(date)s."),
            code="month_not_ended",
            period=str(period),
            date=period.next().first_day.isoformat(),
        )
    with transaction.atomic():
        # Under the cycle's lock, so a provisional run cannot slip in between the check and the publishing.
        if EvaluationCycle.objects.select_for_update().get(pk=cycle.pk).provisional:
            raise CycleStateError(
                gettext_noop(
                    "The %(period)s cycle was calculated before the month ended; recalculate it, then publish."
                ),
                code="provisional",
                period=str(period),
            )
        cycle = _transition(
            cycle.pk, allowed={Status.REVIEW}, to=Status.PUBLISHED, by=by, published_at=timezone.now(), published_by=by
        )
    if notify:
        outbox_enqueue("evaluations.tasks.cycle_send_emails", cycle.pk)
    # The month's reward statements read the grades just published: they are calculated again.
    outbox_enqueue("incentives.tasks.rewards_recalculate_month", f"{cycle.period:%Y-%m}")
    # The last month of a quarter (and of the year) published: that period's card can be made now.
    for length in closing_lengths(Period(cycle.period)):
        first = period_first_month(length, Period(cycle.period))
        outbox_enqueue("evaluations.tasks.period_evaluation_run", length, str(first))
    return cycle


def cycle_reopen(*, cycle: EvaluationCycle, by, reason: str) -> EvaluationCycle:
    """Take a published cycle back to review; the reason is kept in the cycle's history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the cycle is reopened.")})
    return _transition(
        cycle.pk, allowed={Status.PUBLISHED}, to=Status.REVIEW, by=by, reason=reason.strip(), published_at=None
    )


def scorecard_note_set(*, scorecard: Scorecard, note: str, by, partner_message: str | None = None) -> Scorecard:
    """A manager's internal note (staff only) and message to the partner (shown in its portal and
    scorecard email) on a scorecard; not on a published cycle (reopen it first).
    `partner_message=None` leaves the message as it is."""
    with transaction.atomic():
        _lock_unpublished(scorecard.cycle_id)
        scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        scorecard.note = note.strip()
        if partner_message is not None:
            scorecard.partner_message = partner_message.strip()
        changed_by(scorecard, by)
        scorecard.full_clean()
        scorecard.save(update_fields=["note", "partner_message"])
    return scorecard


def manual_values_locked(period: Period) -> bool:
    """The month's manual values are locked while its cycle is published (reopen it to change them)."""
    return EvaluationCycle.objects.filter(period=period.first_day, status=Status.PUBLISHED).exists()


def manual_values_set(*, period: Period, values: dict[int, Decimal | None], by) -> int:
    """Set (or clear, with None) the manual KPI value of many partners for a month, all or nothing.
    Refused once the month's cycle is published: the published scorecards were scored with them."""
    changed = 0
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().filter(period=period.first_day).first()
        if cycle is not None and cycle.is_published:
            raise CycleStateError(
                gettext_noop("The %(period)s cycle is published; its manual values are locked. Reopen it first."),
                code="locked",
                period=str(period),
            )
        existing = {m.partner_id: m for m in ManualKPIValue.objects.filter(period=period.first_day)}
        for partner_id, value in values.items():
            current = existing.get(partner_id)
            if value is None:
                if current is not None:
                    changed_by(current, by)
                    current.delete()
                    changed += 1
                continue
            if current is not None and current.value == value:
                continue
            entry = current or ManualKPIValue(partner_id=partner_id, period=period.first_day)
            entry.value = value
            entry.entered_by = by
            changed_by(entry, by)
            entry.full_clean()
            entry.save()
            changed += 1
    return changed


TargetKey = tuple[int, dt.date]  # (partner id, first day of the month)


def targets_upsert(*, amounts: dict[TargetKey, Decimal | None], by) -> int:
    """Set many monthly targets at once (None removes one), all or nothing, with history. Returns changes."""
    if not amounts:
        return 0
    with transaction.atomic():
        partner_ids = {key[0] for key in amounts}
        periods = {key[1] for key in amounts}
        existing = {
            (t.partner_id, t.period): t for t in Target.objects.filter(partner_id__in=partner_ids, period__in=periods)
        }
        writes, removals = [], []
        for (partner_id, period), amount in amounts.items():
            current = existing.get((partner_id, period))
            if amount is None:
                if current is not None:
                    removals.append(current.pk)
                continue
            if current is not None and current.amount == amount:
                continue
            target = Target(partner_id=partner_id, period=period, amount=round_money(amount))
            target.full_clean(exclude=["partner"], validate_unique=False)
            writes.append(target)
        if writes:
            writes = Target.objects.bulk_create(
                writes,
                update_conflicts=True,
                unique_fields=["partner", "period"],
                update_fields=["amount", "updated_at"],
            )
            Target.history.bulk_history_create(writes, update=True, default_user=by)
        if removals:
            for target in Target.objects.filter(pk__in=removals):
                changed_by(target, by)
                target.delete()
    return len(writes) + len(removals)


def targets_split_yearly(*, partner: Partner, year: int, amount: Decimal, method: str, by) -> list[Decimal]:
    """Enter a yearly target once: split into months evenly or by last year's monthly sales shape."""
    last_year = None
    if method == splitting.LAST_YEAR_SHAPE:
        last_year = last_year_shapes(partner_ids=[partner.pk], year=year)[partner.pk]
    months = splitting.split_yearly(amount, method=method, last_year=last_year)
    targets_upsert(amounts={(partner.pk, dt.date(year, m, 1)): value for m, value in enumerate(months, start=1)}, by=by)
    return months


def last_year_shapes(*, partner_ids: list[int], year: int) -> dict[int, list[Decimal]]:
    """Each partner's twelve monthly sales of the year before `year` (one GROUP BY)."""
    months = Period.month(year - 1, 1).year_months()
    per_month = monthly_sales(partners_qs=Partner.objects.filter(pk__in=partner_ids), months=months)
    return {pk: [per_month[pk][m].amount for m in months] for pk in partner_ids}


def template_save(*, form, kpis, bands, by) -> ScorecardTemplate:
    """Save a template with its KPIs, grade bands and channel types in one transaction.

    The forms were validated by the caller; weights add up to 100 (checked by the KPI formset).
    Making a template the default takes the flag from the previous default.
    """
    with transaction.atomic():
        if form.cleaned_data.get("is_default"):
            ScorecardTemplate.objects.filter(is_default=True).exclude(pk=form.instance.pk).update(is_default=False)
        changed_by(form.instance, by)
        template = form.save()
        kpis.instance = template
        kpis.save()
        bands.instance = template
        bands.save()
        chosen = set(form.cleaned_data.get("channel_types") or [])
        TemplateAssignment.objects.filter(template=template).exclude(channel_type__in=chosen).delete()
        for channel_type in chosen:
            TemplateAssignment.objects.update_or_create(channel_type=channel_type, defaults={"template": template})
    return template


# Quarterly and yearly evaluations (每季度、每年) ------------------------------------------------------

Length = PeriodEvaluation.Length
PERIOD_CARD_FIELDS = [
    "template",
    "channel_type",
    "total",
    "grade",
    "rank",
    "ranked_among",
    "sales",
    "target",
    "months",
    "calculated_at",
]
PERIOD_LINE_FIELDS = ["label", "raw_value", "points", "weight", "contribution", "from_months", "position"]


def period_first_month(length: str, month: Period) -> Period:
    """The first month of the quarter or year that `month` belongs to."""
    return month.quarter_months()[0] if length == Length.QUARTER else Period.month(month.year, 1)


def period_months(length: str, first: Period) -> list[Period]:
    return first.quarter_months() if length == Length.QUARTER else first.year_months()


def closing_lengths(month: Period) -> list[str]:
    """The periods `month` closes: a quarter in March, June, September and December, and the year in December."""
    lengths = [Length.QUARTER] if month.number % 3 == 0 else []
    return [*lengths, Length.YEAR] if month.number == 12 else lengths


def period_evaluation_open(*, length: str, first: Period) -> PeriodEvaluation:
    try:
        with transaction.atomic():
            evaluation, _created = PeriodEvaluation.objects.get_or_create(length=length, period=first.first_day)
    except IntegrityError:
        evaluation = PeriodEvaluation.objects.get(length=length, period=first.first_day)
    return evaluation


def _period_published_error(evaluation) -> CycleStateError:
    return CycleStateError(
        gettext_noop("The %(period)s evaluation is published; reopen it first."),
        code="published",
        period=evaluation.label,
    )


def period_evaluation_check(*, length: str, period: Period) -> dict:
    """What a quarter's or year's calculation needs, checked cheaply (a page asks this before queueing it):
    every month of the period published, the evaluation itself not published. Returns each month's first
    day → its published cycle's id; raises CycleStateError naming what is missing."""
    first = period_first_month(length, period)
    months = period_months(length, first)
    cycles = dict(
        EvaluationCycle.objects.filter(period__in=[m.first_day for m in months], status=Status.PUBLISHED).values_list(
            "period", "pk"
        )
    )
    missing = [str(m) for m in months if m.first_day not in cycles]
    if missing:
        raise CycleStateError(
            gettext_noop("These months are not published yet: %(months)s."), code="months", months=missing
        )
    published = PeriodEvaluation.objects.filter(length=length, period=first.first_day, status=Status.PUBLISHED)
    if published.exists():
        raise _period_published_error(published.get())
    return cycles


def period_evaluation_calculate(
    *, length: str, period: Period, by=None, publish: bool | None = None
) -> PeriodEvaluation:
    """Make every partner's card of the quarter or year that begins with (or contains) `period`.

    Every month of the period must be published first: the cards are made from the published monthly
    cards (see `evaluations.rollup`). Idempotent: cards and lines are upserted on their unique keys, a
    partner no longer in scope loses its card, and a published evaluation is refused until reopened.
    """
    first = period_first_month(length, period)
    months = period_months(length, first)
    cycles = period_evaluation_check(length=length, period=first)
    evaluation = period_evaluation_open(length=length, first=first)
    now = timezone.now()
    with transaction.atomic():
        evaluation = PeriodEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.is_published:
            raise _period_published_error(evaluation)
        scored = _period_cards(months, list(cycles.values()))
        ranks = _rank_period(scored)
        cards = PeriodScorecard.objects.bulk_create(
            [
                PeriodScorecard(
                    evaluation=evaluation,
                    partner_id=partner_id,
                    template_id=item["template"].id,
                    channel_type=item["channel_type"],
                    total=item["card"].total,
                    grade=item["grade"],
                    rank=ranks[partner_id][0],
                    ranked_among=ranks[partner_id][1],
                    sales=item["sales"],
                    target=item["target"],
                    months=item["months"],
                    calculated_at=now,
                )
                for partner_id, item in scored.items()
            ],
            update_conflicts=True,
            unique_fields=["evaluation", "partner"],
            update_fields=PERIOD_CARD_FIELDS,
        )
        PeriodScorecard.history.bulk_history_create(cards, update=True, default_user=by)
        lines, kept = [], {}
        for card in cards:
            item = scored[card.partner_id]
            kept[card.pk] = [line.kind for line in item["card"].lines]
            lines += [
                PeriodScorecardLine(
                    scorecard_id=card.pk,
                    kind=line.kind,
                    label=line.label,
                    raw_value=line.raw_value,
                    points=line.points,
                    weight=line.weight,
                    contribution=line.contribution,
                    from_months=line.from_months,
                    position=position,
                )
                for position, line in enumerate(item["card"].lines)
            ]
        PeriodScorecardLine.objects.bulk_create(
            lines, update_conflicts=True, unique_fields=["scorecard", "kind"], update_fields=PERIOD_LINE_FIELDS
        )
        stale_lines = Q()
        for card_id, kinds in kept.items():
            stale_lines |= Q(scorecard_id=card_id) & ~Q(kind__in=kinds)
        if kept:
            PeriodScorecardLine.objects.filter(stale_lines).delete()
        PeriodScorecard.objects.filter(evaluation=evaluation).exclude(partner_id__in=list(scored)).delete()
        evaluation.status = Status.REVIEW
        evaluation.calculated_at = now
        evaluation.partner_count = len(scored)
        changed_by(evaluation, by)
        evaluation.save()
    if publish if publish is not None else settings.EVALUATIONS_AUTO_PUBLISH:
        evaluation = period_evaluation_publish(evaluation=evaluation, by=by)
    return evaluation


def period_evaluation_calculation_request(*, length: str, period: Period, by) -> PeriodEvaluation:
    """Queue the quarter's or year's calculation asked for on a page; the period's page shows its progress,
    `by` hears when it is done.

    What would stop the calculation (a month not published, the evaluation published) is refused here,
    before anything is queued. Asking again while a run is queued or running adds no second run.
    """
    first = period_first_month(length, period)
    period_evaluation_check(length=length, period=first)
    evaluation = period_evaluation_open(length=length, first=first)
    if evaluation.run_state in (RunState.QUEUED, RunState.RUNNING):
        return evaluation  # read without a lock: a running calculation holds the row for its whole length
    with transaction.atomic():
        evaluation = PeriodEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.is_published:
            raise _period_published_error(evaluation)
        # An update, not a save: asking is not a change of the evaluation worth a history row.
        PeriodEvaluation.objects.filter(pk=evaluation.pk).update(
            calculation_requested_at=timezone.now(), calculation_requested_by=by, calculation_refusal={}
        )
        outbox_enqueue(
            "evaluations.tasks.period_evaluation_run_requested", length, str(first), key=f"period-run-{length}-{first}"
        )
    evaluation.refresh_from_db()
    return evaluation


def period_evaluation_calculate_requested(*, length: str, period: Period) -> PeriodEvaluation | None:
    """The worker's side of `period_evaluation_calculation_request`: calculate (never publish), then tell
    the asker once. The queued request is claimed under the row lock, so a second delivery of the same
    message (or one for a request already answered) does nothing and returns None. A refusal is kept on
    the evaluation for its page to show; any other error puts the request back in the queue's hands."""
    first = period_first_month(length, period)
    evaluation = period_evaluation_open(length=length, first=first)
    with transaction.atomic():
        evaluation = PeriodEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.run_state != RunState.QUEUED:
            return None
        started = timezone.now()
        PeriodEvaluation.objects.filter(pk=evaluation.pk).update(calculation_started_at=started)
    asker, asked_at = evaluation.calculation_requested_by, evaluation.calculation_requested_at
    try:
        evaluation = period_evaluation_calculate(length=length, period=first, by=asker, publish=False)
    except CycleStateError as exc:
        PeriodEvaluation.objects.filter(pk=evaluation.pk).update(calculation_refusal=exc.refusal)
        evaluation.refresh_from_db()
        return evaluation
    except Exception:
        # Not started after all: the task's retry (or the stuck-run sweep) claims it again.
        PeriodEvaluation.objects.filter(pk=evaluation.pk, calculation_started_at=started).update(
            calculation_started_at=None
        )
        raise
    run_finished_notify(
        user=asker,
        job="period",
        period=evaluation.label,
        requested_at=asked_at,
        path=reverse("evaluations:period", kwargs={"label": evaluation.label}),
        figures={"partners": evaluation.partner_count},
    )
    return evaluation


def period_evaluations_resume_stuck(*, now: dt.datetime | None = None) -> list[str]:
    """Queue again, once, every requested quarter or year calculation whose worker died (see
    `cycles_resume_stuck`). A live calculation holds its evaluation's row lock for its whole length, so a
    run started more than STUCK_RUN_AFTER_MINUTES ago whose row this sweep can lock has no live worker: it
    goes back to "queued" and its task is queued again. Returns the labels resumed."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.STUCK_RUN_AFTER_MINUTES)
    stale = (
        PeriodEvaluation.objects.filter(
            calculation_refusal={},
            calculation_started_at__lt=limit,
            calculation_started_at__gte=F("calculation_requested_at"),
        )
        .filter(Q(calculated_at__isnull=True) | Q(calculated_at__lt=F("calculation_started_at")))
        .values_list("pk", "calculation_started_at")
    )
    resumed = []
    for evaluation_id, started_at in stale:
        with transaction.atomic():
            evaluation = (
                PeriodEvaluation.objects.select_for_update(skip_locked=True)
                .filter(pk=evaluation_id, calculation_started_at=started_at)
                .first()
            )
            if evaluation is None:
                continue  # a run is calculating, or another sweep claimed it
            PeriodEvaluation.objects.filter(pk=evaluation_id).update(calculation_started_at=None)
            outbox_enqueue(
                "evaluations.tasks.period_evaluation_run_requested",
                evaluation.length,
                str(Period(evaluation.period)),
                key=f"period-run-{evaluation.length}-{Period(evaluation.period)}",
            )
        resumed.append(evaluation.label)
    if resumed:
        JobRun.objects.create(
            name="period_evaluations_resume_stuck", started_at=now, finished_at=now, summary={"resumed": resumed}
        )
    return resumed


def _period_cards(months: list[Period], cycle_ids: list[int]) -> dict[int, dict]:
    """partner → what its period card says, from the published monthly cards: a fixed number of queries."""
    cards: dict[int, dict] = {}
    for partner_id, month, channel_type, target in (
        Scorecard.objects.filter(cycle_id__in=cycle_ids)
        .order_by("cycle__period")
        .values_list("partner_id", "cycle__period", "channel_type", "target")
    ):
        entry = cards.setdefault(partner_id, {"months": {}, "channel_type": channel_type})
        entry["months"][month] = {"lines": {}, "target": target}
        entry["channel_type"] = channel_type  # the latest month's
    for partner_id, month, kind, points, raw in ScorecardLine.objects.filter(
        scorecard__cycle_id__in=cycle_ids
    ).values_list("scorecard__partner_id", "scorecard__cycle__period", "kind", "points", "raw_value"):
        cards[partner_id]["months"][month]["lines"][kind] = (points, raw)
    if not cards:
        return {}
    sales = sales_total(first=months[0], last=months[-1], partner_ids=list(cards))
    targets: dict[int, Decimal] = {}
    for partner_id, amount in Target.objects.filter(
        partner_id__in=list(cards), period__gte=months[0].first_day, period__lte=months[-1].first_day
    ).values_list("partner_id", "amount"):
        targets[partner_id] = targets.get(partner_id, Decimal(0)) + amount
    by_channel, default = measurements.template_rules()
    modes = dict(ScorecardTemplate.objects.values_list("pk", "rollup"))
    scored = {}
    for partner_id, entry in cards.items():
        template = by_channel.get(entry["channel_type"], default)
        if template is None or not template.rules:
            continue
        month_cards = [
            rollup.MonthCard(lines=m["lines"], target=m["target"]) for _month, m in sorted(entry["months"].items())
        ]
        card = rollup.period_card(
            rules=template.rules,
            months=month_cards,
            sales=sales.get(partner_id, Decimal(0)),
            target=targets.get(partner_id),
            mode=modes.get(template.id, rollup.AVERAGE),
        )
        scored[partner_id] = {
            "template": template,
            "channel_type": entry["channel_type"],
            "card": card,
            "grade": scoring.grade_for(card.total, template.bands) if template.bands else "",
            "sales": round_money(sales.get(partner_id, Decimal(0))),
            "target": targets.get(partner_id),
            "months": len(month_cards),
        }
    return scored


def _rank_period(scored: dict[int, dict]) -> dict[int, tuple[int, int]]:
    groups: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for partner_id, item in scored.items():
        groups[item["channel_type"]][partner_id] = item["card"].total
    ranks = {}
    for totals in groups.values():
        for partner_id, rank in scoring.competition_ranks(totals).items():
            ranks[partner_id] = (rank, len(totals))
    return ranks


def _period_transition(evaluation_id: int, *, allowed: set[str], to: str, by=None, reason="", **fields):
    with transaction.atomic():
        evaluation = PeriodEvaluation.objects.select_for_update().get(pk=evaluation_id)
        if evaluation.status not in allowed:
            raise CycleStateError(
                gettext_noop("The %(period)s evaluation is %(status)s; this change is not possible now."),
                code="status",
                period=evaluation.label,
                status=evaluation.get_status_display(),
            )
        evaluation.status = to
        for name, value in fields.items():
            setattr(evaluation, name, value)
        changed_by(evaluation, by, reason=reason)
        evaluation.full_clean()
        evaluation.save()
    return evaluation


def period_evaluation_publish(*, evaluation: PeriodEvaluation, by=None, notify: bool = True) -> PeriodEvaluation:
    """Publish a reviewed quarter or year: partners see their cards and the emails go out once."""
    if evaluation.calculated_at is None:
        raise CycleStateError(
            gettext_noop("The %(period)s evaluation has not been calculated yet."),
            code="status",
            period=evaluation.label,
        )
    evaluation = _period_transition(
        evaluation.pk, allowed={Status.REVIEW}, to=Status.PUBLISHED, by=by, published_at=timezone.now(), published_by=by
    )
    if notify:
        outbox_enqueue("evaluations.tasks.period_evaluation_send_emails", evaluation.pk)
    return evaluation


def period_evaluation_reopen(*, evaluation: PeriodEvaluation, by, reason: str) -> PeriodEvaluation:
    """Take a published quarter or year back to review; the reason is kept in its history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the evaluation is reopened.")})
    return _period_transition(
        evaluation.pk, allowed={Status.PUBLISHED}, to=Status.REVIEW, by=by, reason=reason.strip(), published_at=None
    )


@transaction.atomic
def tier_recommendations_apply(*, recommendations, partner_ids, by, reason: str) -> list:
    """Apply the recommended tier of each chosen partner, in one transaction. Only partners among
    `recommendations` (as the review reads them now) move, so a stale or forged form cannot set other tiers."""
    chosen = {int(pk) for pk in partner_ids}
    applied = [rec for rec in recommendations if rec.partner.pk in chosen]
    for rec in applied:
        partner_change_tier(partner=rec.partner, tier=rec.tier, by=by, reason=reason)
    return applied
