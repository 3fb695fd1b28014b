"""The monthly cycle: set-wise scoring, idempotent reruns, status guards and history."""

import datetime as dt
import gc
import threading
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.periods import Period, local_date
from evaluations.models import EvaluationCycle, KPIKind, Scorecard, ScorecardLine, Target, TemplateAssignment
from evaluations.services import CycleStateError, cycle_calculate, cycle_publish, cycle_reopen, scorecard_note_set
from partners.models import ChannelType, ComplianceIncident, Partner, SalesRecord
from partners.sales_months import sales_months_refresh
from tests.common.factories import DirectorFactory
from tests.evaluations.factories import ManualKPIValueFactory, ScorecardTemplateFactory, TargetFactory
from tests.partners.factories import (
    ComplianceIncidentFactory,
    PartnerFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesRecordFactory,
)
from tests.services import require_postgres

OCT = Period.month(2026, 10)


@pytest.fixture
def simple_template(db):
    """Attainment (60, capped at 120 points) and compliance (40, 2 incidents = 0) for distributors."""
    template = ScorecardTemplateFactory(
        kpis=[
            {"kind": KPIKind.SALES_ATTAINMENT, "weight": D("60"), "ceiling": D("120")},
            {"kind": KPIKind.COMPLIANCE, "weight": D("40"), "zero_at": D("2"), "full_at": D("0")},
        ]
    )
    TemplateAssignment.objects.create(channel_type=ChannelType.DISTRIBUTOR, template=template)
    return template


def _partner_with(sales=(), target=None, incidents=0, **kwargs):
    partner = PartnerFactory(**kwargs)
    for day, amount in sales:
        SalesRecordFactory(partner=partner, date=day, amount=D(amount))
    if target is not None:
        TargetFactory(partner=partner, period=OCT.first_day, amount=D(target))
    for _ in range(incidents):
        ComplianceIncidentFactory(partner=partner, occurred_on=dt.date(2026, 10, 9), reported_by=None)
    return partner


def test_cycle_scores_grades_and_ranks_every_active_partner(simple_template):
    # given
    star = _partner_with(sales=[(dt.date(2026, 10, 3), "150000")], target="100000")
    good = _partner_with(sales=[(dt.date(2026, 10, 3), "90000")], target="100000", incidents=1)
    idle = _partner_with(target="100000")
    _partner_with(sales=[(dt.date(2026, 10, 3), "1")], status=Partner.Status.SUSPENDED)
    # when
    cycle = cycle_calculate(period=OCT)
    # then
    assert cycle.status == EvaluationCycle.Status.REVIEW and cycle.partner_count == 3
    cards = {c.partner_id: c for c in Scorecard.objects.filter(cycle=cycle)}
    assert set(cards) == {star.pk, good.pk, idle.pk}
    assert (cards[star.pk].total, cards[star.pk].grade, cards[star.pk].rank) == (D("112.00"), "A", 1)
    assert (cards[good.pk].total, cards[good.pk].grade, cards[good.pk].rank) == (D("74.00"), "C", 2)
    assert (cards[idle.pk].total, cards[idle.pk].grade, cards[idle.pk].rank) == (D("40.00"), "D", 3)
    assert cards[good.pk].ranked_among == 3
    line = ScorecardLine.objects.get(scorecard=cards[good.pk], kind=KPIKind.SALES_ATTAINMENT)
    assert (line.raw_value, line.points, line.weight, line.contribution) == (D("90.00"), D("90.00"), D("60"), D("54"))
    assert cards[good.pk].sales == D("90000") and cards[good.pk].target == D("100000")


def test_ranks_are_per_channel_type_and_ties_share_a_rank(simple_template):
    a = _partner_with(sales=[(dt.date(2026, 10, 3), "50")], target="100")
    b = _partner_with(sales=[(dt.date(2026, 10, 4), "50")], target="100")
    c = _partner_with(sales=[(dt.date(2026, 10, 4), "10")], target="100")
    retailer = _partner_with(sales=[(dt.date(2026, 10, 4), "1")], target="100", channel_type=ChannelType.RETAILER)
    cycle_calculate(period=OCT)
    ranks = dict(Scorecard.objects.values_list("partner_id", "rank"))
    assert (ranks[a.pk], ranks[b.pk], ranks[c.pk]) == (1, 1, 3)
    assert ranks[retailer.pk] == 1  # scored by the default template, ranked among retailers only
    assert Scorecard.objects.get(partner=retailer).ranked_among == 1


def test_default_template_uses_every_kpi_and_missing_data_scores_zero(db):
    partner = _partner_with(sales=[(dt.date(2026, 10, 3), "100")], channel_type=ChannelType.AGENT)
    ManualKPIValueFactory(partner=partner, period=OCT.first_day, value=D("100"))
    cycle_calculate(period=OCT)
    lines = {line.kind: line for line in ScorecardLine.objects.filter(scorecard__partner=partner)}
    # The opt-in kinds: the lead KPIs (deals), the survey KPIs and the channel rules' kinds
    # (tests/channelrules/test_kpis.py); a template that uses them adds them.
    opt_in = {
        KPIKind.LEAD_ACCEPTANCE,
        KPIKind.LEAD_RESPONSE_HOURS,
        KPIKind.CUSTOMER_SATISFACTION,
        KPIKind.PARTNER_NPS,
        KPIKind.PRICE_COMPLIANCE,
        KPIKind.INVENTORY_ON_TIME,
        KPIKind.STOCK_IN_RANGE,
    }
    assert set(lines) == set(KPIKind.values) - opt_in
    assert lines[KPIKind.SALES_ATTAINMENT].raw_value is None  # no target
    assert lines[KPIKind.YOY_GROWTH].raw_value is None  # no sales a year ago
    assert lines[KPIKind.REGION_SHARE].raw_value == D("100.00")  # alone in its region
    assert lines[KPIKind.COMPLIANCE].points == D("100.00")
    assert lines[KPIKind.MANUAL].contribution == D("5.00")
    card = Scorecard.objects.get(partner=partner)
    assert card.total == sum(line.contribution for line in lines.values())


def test_sale_at_2330_on_the_last_day_counts_in_that_month_in_shanghai(simple_template):
    shanghai = ZoneInfo("Asia/Shanghai")
    late = dt.datetime(2026, 10, 31, 23, 30, tzinfo=shanghai)  # 15:30 UTC, still October locally
    after_midnight = dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)  # 00:30 on 1 November in Shanghai
    partner = _partner_with(target="1000")
    SalesRecordFactory(partner=partner, date=local_date(late), amount=D("400"))
    SalesRecordFactory(partner=partner, date=local_date(after_midnight), amount=D("600"))
    assert Period.containing(late) == OCT and Period.containing(after_midnight) == OCT.next()
    cycle_calculate(period=OCT)
    assert Scorecard.objects.get(partner=partner).sales == D("400")


def test_running_twice_keeps_one_scorecard_per_partner_and_the_notes(simple_template):
    partners = [_partner_with(target="100") for _ in range(3)]
    cycle = cycle_calculate(period=OCT)
    card = Scorecard.objects.get(partner=partners[0])
    scorecard_note_set(scorecard=card, note="Talk about Q4 stock", by=None)
    SalesRecordFactory(partner=partners[0], date=dt.date(2026, 10, 20), amount=D("100"))
    cycle_calculate(period=OCT)
    assert Scorecard.objects.filter(cycle=cycle).count() == 3
    assert ScorecardLine.objects.filter(scorecard__cycle=cycle).count() == 6
    card.refresh_from_db()
    assert card.note == "Talk about Q4 stock" and card.total == D("100.00")
    assert card.history.count() >= 3  # created, noted, recalculated


def test_rerun_drops_lines_of_removed_kpis_and_partners_no_longer_active(simple_template):
    keep, leave = _partner_with(target="100"), _partner_with(target="100")
    cycle_calculate(period=OCT)
    simple_template.kpis.filter(kind=KPIKind.COMPLIANCE).delete()
    simple_template.kpis.update(weight=D("100"))
    leave.status = Partner.Status.SUSPENDED
    leave.save()
    cycle = cycle_calculate(period=OCT)
    assert list(Scorecard.objects.filter(cycle=cycle).values_list("partner_id", flat=True)) == [keep.pk]
    assert list(ScorecardLine.objects.values_list("kind", flat=True)) == [KPIKind.SALES_ATTAINMENT]


def test_a_run_leaves_the_garbage_collector_as_it_found_it(simple_template):
    """The run pauses the cyclic collector (common.runs.without_cyclic_gc) and gives it back as it was."""
    _partner_with(target="100")
    assert gc.isenabled()
    cycle_calculate(period=OCT)
    assert gc.isenabled()
    gc.disable()
    try:
        cycle_calculate(period=OCT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_published_cycle_is_refused_until_reopened_and_history_keeps_the_reason(simple_template):
    partner = _partner_with(target="100")
    director = DirectorFactory()
    cycle = cycle_calculate(period=OCT)
    cycle = cycle_publish(cycle=cycle, by=director)
    assert cycle.published_at is not None and cycle.published_by == director
    with pytest.raises(CycleStateError):
        cycle_calculate(period=OCT)
    with pytest.raises(CycleStateError):
        scorecard_note_set(scorecard=Scorecard.objects.get(partner=partner), note="late", by=director)
    with pytest.raises(CycleStateError):
        cycle_publish(cycle=cycle, by=director)
    cycle = cycle_reopen(cycle=cycle, by=director, reason="Late sales file from partner")
    assert cycle.status == EvaluationCycle.Status.REVIEW
    last = cycle.history.first()
    assert (last.history_change_reason, last.history_user, last.status) == (
        "Late sales file from partner",
        director,
        "review",
    )
    assert cycle_calculate(period=OCT).status == EvaluationCycle.Status.REVIEW


def test_reopen_needs_a_reason(simple_template):
    cycle = cycle_calculate(period=OCT, publish=True)
    with pytest.raises(Exception, match="why"):
        cycle_reopen(cycle=cycle, by=None, reason=" ")


def test_auto_publish_setting(simple_template, settings):
    _partner_with(target="100")
    settings.EVALUATIONS_AUTO_PUBLISH = True
    assert cycle_calculate(period=OCT).status == EvaluationCycle.Status.PUBLISHED


def test_command_calculates_and_publishes(simple_template, capsys):
    _partner_with(target="100")
    call_command("run_evaluation_cycle", "2026-10")
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.REVIEW
    call_command("run_evaluation_cycle", "2026-10", "--publish")
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.PUBLISHED
    assert "1 scorecards" in capsys.readouterr().out


def test_command_refuses_a_published_cycle_and_bad_months(simple_template):
    from django.core.management import CommandError

    cycle_calculate(period=OCT, publish=True)
    with pytest.raises(CommandError, match=r"(?i)published"):
        call_command("run_evaluation_cycle", "2026-10")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("run_evaluation_cycle", "October")


def _world(n, **kwargs):
    for i in range(n):
        partner = _partner_with(
            **kwargs,
            sales=[(dt.date(2026, 10, 1 + i % 28), "100"), (dt.date(2025, 10, 2), "90")],
            target="100",
            incidents=i % 2,
            channel_type=[ChannelType.DISTRIBUTOR, ChannelType.RETAILER][i % 2],
        )
        ManualKPIValueFactory(partner=partner, period=OCT.first_day)
    ComplianceIncidentFactory(
        occurred_on=dt.date(2026, 10, 5),
        status=ComplianceIncident.Status.DISMISSED,
        partner__manager=None,
        reported_by=None,
    )


def _queries_of_a_cycle() -> int:
    with CaptureQueriesContext(connection) as ctx:
        cycle_calculate(period=OCT)
    return len(ctx.captured_queries)


def _queries_writing_every_card_then_none() -> tuple[int, int]:
    Scorecard.objects.all().delete()
    return _queries_of_a_cycle(), _queries_of_a_cycle()


def test_query_count_does_not_grow_with_partners(simple_template):
    _world(3)
    cycle_calculate(period=OCT)  # the first run also creates the cycle; compare reruns
    small = _queries_writing_every_card_then_none()
    # (SQLite splits a bulk insert past 999 parameters; PostgreSQL does not, and the benchmark
    # checks 10,000 partners there.)
    _world(12)
    assert Partner.objects.count() > 15
    assert _queries_writing_every_card_then_none() == small
    assert Scorecard.objects.count() == Partner.objects.filter(status=Partner.Status.ACTIVE).count()


def test_an_unchanged_rerun_writes_no_scorecard_line_or_history_and_a_change_writes_its_own(simple_template):
    _world(6)
    cycle_calculate(period=OCT)
    history = Scorecard.history.count()

    # when the cycle is run again with nothing changed
    with CaptureQueriesContext(connection) as rerun:
        cycle_calculate(period=OCT)

    # then no scorecard, line or scorecard history row is inserted, updated or deleted
    writes = [
        q["sql"]
        for q in rerun.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "evaluations_scorecard" in q["sql"].lower().replace('"', "")
    ]
    assert not writes
    assert Scorecard.history.count() == history

    # and when one partner's sales change, its card alone is rewritten, with one history row
    partner = Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("pk").first()
    before = {card.pk: card.calculated_at for card in Scorecard.objects.all()}
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 20), amount=D("50"))
    cycle_calculate(period=OCT)
    changed = [card.partner_id for card in Scorecard.objects.all() if card.calculated_at != before[card.pk]]
    assert partner.pk in changed
    rewritten = Scorecard.history.count() - history
    assert rewritten == len(changed) < len(before)  # ranks may move a neighbour, never every card


def test_concurrent_runs_on_postgres_leave_one_scorecard_per_partner(
    transactional_db, default_template, simple_template
):
    require_postgres()
    _world(30, manager=None)
    errors = []

    def run():
        try:
            cycle_calculate(period=OCT)
        except Exception as exc:  # collected and reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    active = Partner.objects.filter(status=Partner.Status.ACTIVE).count()
    assert Scorecard.objects.count() == active
    lines = ScorecardLine.objects.count()
    cycle_calculate(period=OCT)  # a calm rerun changes no counts
    assert (Scorecard.objects.count(), ScorecardLine.objects.count()) == (active, lines)
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.REVIEW


def _cycle_writes(queries) -> set[str]:
    """The tables a run wrote to, but the cycle's own row and its history (the run's status and times)."""
    tables = set()
    for query in queries.captured_queries:
        sql = query["sql"].lstrip()
        if sql.upper().startswith(("INSERT", "UPDATE", "DELETE")):
            table = sql.split('"')[1]
            if table not in {"evaluations_evaluationcycle", "evaluations_historicalevaluationcycle"}:
                tables.add(table)
    return tables


@pytest.mark.postgres
def test_on_postgres_queries_are_the_same_for_20_and_200_partners_and_a_rerun_writes_nothing(simple_template):
    require_postgres()
    _world(20, manager=None)
    cycle_calculate(period=OCT)  # the first run also creates the cycle; compare reruns
    small = _queries_writing_every_card_then_none()
    _world(180, manager=None)
    assert _queries_writing_every_card_then_none() == small
    with CaptureQueriesContext(connection) as rerun:
        cycle_calculate(period=OCT)
    assert _cycle_writes(rerun) == set()


def _many_partners(n: int, *, region, category) -> None:
    """`n` distributors with a sale and a target in October, written in bulk (thousands of partners)."""
    partners = Partner.objects.bulk_create(PartnerFactory.build(region=region, manager=None) for _ in range(n))
    SalesRecord.objects.bulk_create(
        SalesRecordFactory.build(partner=partner, category=category, amount=D(1000 + i), date=OCT.first_day)
        for i, partner in enumerate(partners)
    )
    sales_months_refresh(keys={(partner.pk, OCT.first_day) for partner in partners})  # as every sales write does
    Target.objects.bulk_create(Target(partner=partner, period=OCT.first_day, amount=D("2000")) for partner in partners)


@pytest.mark.postgres
def test_on_postgres_the_cycle_issues_as_many_queries_for_5000_partners_as_for_100(simple_template):
    require_postgres()
    region, category = RegionFactory(), ProductCategoryFactory(code="GENERAL", name="General")
    _many_partners(100, region=region, category=category)
    cycle_calculate(period=OCT)  # the first run also creates the cycle; compare reruns
    small = _queries_writing_every_card_then_none()

    _many_partners(4900, region=region, category=category)

    assert _queries_writing_every_card_then_none() == small
    assert Scorecard.objects.count() == 5000
    assert ScorecardLine.objects.count() == 10000
