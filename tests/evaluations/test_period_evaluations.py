"""Quarterly and yearly evaluations (每季度、每年): cards made from the published months, with their own
review, publication and email, queued when the period's last month is published."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail

from common.models import EmailLog, OutboxMessage
from common.periods import Period
from evaluations import rollup
from evaluations.emails import period_emails_send
from evaluations.models import KPIKind, PeriodEvaluation, PeriodScorecard, Rollup, TemplateAssignment
from evaluations.scoring import KPIRule
from evaluations.services import (
    CycleStateError,
    cycle_calculate,
    cycle_publish,
    period_evaluation_calculate,
    period_evaluation_publish,
    period_evaluation_reopen,
)
from evaluations.tasks import period_evaluation_run
from partners.models import ChannelType
from tests.common.factories import DirectorFactory
from tests.evaluations.factories import ManualKPIValueFactory, ScorecardTemplateFactory, TargetFactory
from tests.partners.factories import ContactFactory, PartnerFactory, SalesRecordFactory

OCT, NOV, DEC = Period.month(2025, 10), Period.month(2025, 11), Period.month(2025, 12)
Q4 = (OCT, NOV, DEC)


@pytest.fixture
def template(db):
    """Attainment 60 (capped at 120 points) and a manual score 40, for distributors."""
    template = ScorecardTemplateFactory(
        kpis=[
            {"kind": KPIKind.SALES_ATTAINMENT, "weight": D("60"), "ceiling": D("120")},
            {"kind": KPIKind.MANUAL, "weight": D("40")},
        ]
    )
    TemplateAssignment.objects.create(channel_type=ChannelType.DISTRIBUTOR, template=template)
    return template


def quarter_partner(sales=("50000", "150000", "130000"), targets=("100000", "100000", "100000"), manual=(80, 90, 70)):
    partner = PartnerFactory(channel_type=ChannelType.DISTRIBUTOR, joined_on=dt.date(2024, 1, 1))
    for month, amount, target, value in zip(Q4, sales, targets, manual, strict=True):
        SalesRecordFactory(partner=partner, date=month.first_day + dt.timedelta(days=9), amount=D(amount))
        TargetFactory(partner=partner, period=month.first_day, amount=D(target))
        ManualKPIValueFactory(partner=partner, period=month.first_day, value=D(value))
    return partner


def publish_months(months=Q4):
    for month in months:
        cycle_publish(cycle=cycle_calculate(period=month), notify=False)


def test_the_quarterly_card_on_a_hand_computed_quarter(template):
    partner = quarter_partner()
    publish_months()

    evaluation = period_evaluation_calculate(length="quarter", period=DEC)

    card = PeriodScorecard.objects.get(evaluation=evaluation, partner=partner)
    # sales 330,000 against 300,000 = 110% → 110 points at 60% = 66.00
    # manual points 80, 90, 70 → 80 on average at 40% = 32.00
    attainment, manual = card.lines.order_by("position")
    assert (attainment.raw_value, attainment.points, attainment.contribution) == (D("110.00"), D("110.00"), D("66.00"))
    assert (manual.raw_value, manual.points, manual.contribution) == (D("80.00"), D("80.00"), D("32.00"))
    assert (card.total, card.grade, card.rank, card.months) == (D("98.00"), "A", 1, 3)
    assert (card.sales, card.target) == (D("330000.00"), D("300000.00"))
    assert (evaluation.label, evaluation.status, evaluation.partner_count) == ("2025-Q4", "review", 1)


def test_months_weighted_by_their_target_when_the_template_says_so(template):
    template.rollup = Rollup.TARGET_WEIGHTED
    template.save()
    partner = quarter_partner(targets=("100000", "100000", "200000"))
    publish_months()

    evaluation = period_evaluation_calculate(length="quarter", period=OCT)

    manual = PeriodScorecard.objects.get(evaluation=evaluation, partner=partner).lines.get(kind=KPIKind.MANUAL)
    assert manual.points == D("77.50")  # (80 + 90 + 2 * 70) / 4


def test_a_quarter_waits_for_all_its_months_and_reruns_keep_one_card(template):
    quarter_partner()
    publish_months((OCT, NOV))
    with pytest.raises(CycleStateError, match="December 2025"):
        period_evaluation_calculate(length="quarter", period=OCT)

    publish_months((DEC,))
    period_evaluation_calculate(length="quarter", period=OCT)
    evaluation = period_evaluation_calculate(length="quarter", period=NOV)
    assert PeriodScorecard.objects.count() == 1 and PeriodEvaluation.objects.count() == 1

    published = period_evaluation_publish(evaluation=evaluation, notify=False)
    with pytest.raises(CycleStateError):
        period_evaluation_calculate(length="quarter", period=OCT)
    reopened = period_evaluation_reopen(evaluation=published, by=DirectorFactory(), reason="Late manual scores")
    assert reopened.status == "review"
    assert reopened.history.first().history_change_reason == "Late manual scores"


def test_publishing_the_last_month_of_a_quarter_and_year_queues_their_cards(template):
    publish_months((NOV,))
    assert not OutboxMessage.objects.filter(task_name="evaluations.tasks.period_evaluation_run").exists()

    publish_months((DEC,))

    queued = OutboxMessage.objects.filter(task_name="evaluations.tasks.period_evaluation_run")
    assert sorted(m.args for m in queued) == [["quarter", "2025-10"], ["year", "2025-01"]]
    # The task leaves a period whose months are not all published alone (October was never run).
    assert period_evaluation_run("quarter", "2025-10") is None


def test_the_yearly_card_rolls_up_only_the_months_the_partner_was_scored(template):
    partner = quarter_partner()
    for month in DEC.year_months():
        if month not in Q4:
            cycle_publish(cycle=cycle_calculate(period=month), notify=False)
    publish_months()

    evaluation = period_evaluation_calculate(length="year", period=Period.month(2025, 5))

    card = PeriodScorecard.objects.get(evaluation=evaluation, partner=partner)
    assert (evaluation.label, card.months, card.sales, card.target) == ("2025", 12, D("330000.00"), D("300000.00"))


def test_a_published_quarter_is_emailed_once_and_a_correction_again(template, settings):
    partner = quarter_partner()
    ContactFactory(partner=partner, email="buyer@example.com")
    publish_months()
    evaluation = period_evaluation_publish(evaluation=period_evaluation_calculate(length="quarter", period=DEC))

    assert period_emails_send(evaluation_id=evaluation.pk) == 1
    assert period_emails_send(evaluation_id=evaluation.pk) == 0
    assert "2025年第4季度" in mail.outbox[0].subject and "A" in mail.outbox[0].subject  # the partner reads Chinese

    period_evaluation_reopen(evaluation=evaluation, by=DirectorFactory(), reason="Late sales")
    SalesRecordFactory(partner=partner, date=dt.date(2025, 12, 20), amount=D("-120000"))
    publish_months_again = period_evaluation_calculate(length="quarter", period=DEC)
    period_evaluation_publish(evaluation=publish_months_again)
    assert period_emails_send(evaluation_id=evaluation.pk) == 1
    assert "2025年第4季度" in mail.outbox[1].subject
    assert EmailLog.objects.filter(period="2025-Q4").count() == 2


def test_rollup_rule_without_a_target_scores_attainment_zero():
    rules = [KPIRule(KPIKind.SALES_ATTAINMENT, D(50)), KPIRule(KPIKind.MANUAL, D(50))]
    months = [rollup.MonthCard(lines={KPIKind.MANUAL: (D(60), D(60))}), rollup.MonthCard(lines={})]
    card = rollup.period_card(rules=rules, months=months, sales=D(1000), target=None)
    assert [(line.raw_value, line.points) for line in card.lines] == [(None, D(0)), (D("60.00"), D("60.00"))]
    assert card.total == D("30.00")
