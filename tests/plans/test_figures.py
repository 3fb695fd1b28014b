"""Each goal kind's actual on a known data set, with the expectations worked out by hand in the comments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from common.periods import Period
from evaluations.models import EvaluationCycle
from incentives.models import LineStatus, RequestStatus
from partners.models import ChannelType, Partner, Region
from plans import figures, forecasting, services
from plans.models import BudgetCategory, BudgetSubLine, CoverageTarget, GoalKind, MarketSize
from recruitment.models import StageChange
from tests.evaluations.factories import (
    EvaluationCycleFactory,
    ManualKPIValueFactory,
    ScorecardFactory,
    TargetFactory,
)
from tests.incentives.factories import FundRequestFactory, PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, RegionFactory, SalesRecordFactory
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory
from tests.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 15)  # January to March are over, April has begun


def D(text):
    return Decimal(text)


@pytest.fixture
def partner():
    return PartnerFactory(channel_type=ChannelType.DISTRIBUTOR)


def sale(partner, day, amount):
    return SalesRecordFactory(partner=partner, date=day, amount=D(amount))


def figures_of(plan, kind):
    return next(f for f in figures.goal_figures(plan, today=TODAY) if f.kind == kind)


def test_sales_actual_gap_and_forecast_in_last_years_shape(partner):
    # this year: Jan 100, Feb 200, Mar 300, Apr 50 so far; last year 100 every month
    for month, amount in ((1, "100"), (2, "200"), (3, "300"), (4, "50")):
        sale(partner, dt.date(2026, month, 10), amount)
    for month in range(1, 13):
        sale(partner, dt.date(2025, month, 10), "100")
    goal = GoalFactory(kind=GoalKind.SALES, yearly_value=D("1200"))

    fig = figures_of(goal.plan, GoalKind.SALES)

    assert fig.actual == D("650")  # 100 + 200 + 300 + 50
    assert fig.target_to_date == D("400")  # 4 begun months * 100
    assert fig.gap == D("250")
    # completed 600 + last year's remaining 900 * (600 ÷ last year's 300) = 2400
    assert fig.forecast == forecasting.Forecast(D("2400.00"), forecasting.SHAPE)
    assert fig.status == forecasting.ON_TRACK
    assert fig.trend == "up"  # March above February


def test_sales_forecast_falls_back_to_run_rate_without_last_year(partner):
    for month, amount in ((1, "100"), (2, "100"), (3, "100")):
        sale(partner, dt.date(2026, month, 10), amount)
    goal = GoalFactory(kind=GoalKind.SALES, yearly_value=D("1500"))

    fig = figures_of(goal.plan, GoalKind.SALES)

    assert fig.forecast == forecasting.Forecast(D("1200.00"), forecasting.RUN_RATE)  # 300 ÷ 3 * 12
    assert fig.status == forecasting.OFF_TRACK  # 1200 ÷ 1500 = 80 % < 90 %


def test_regional_plan_counts_only_its_provinces_partners(partner):
    sale(partner, dt.date(2026, 1, 10), "100")  # a Guangdong city
    elsewhere = PartnerFactory(region=Region.objects.get(code="330100"))
    sale(elsewhere, dt.date(2026, 1, 10), "999")
    plan = PlanFactory(region=Region.objects.get(code="440000"))
    GoalFactory(plan=plan, kind=GoalKind.SALES, yearly_value=D("1200"))

    assert figures_of(plan, GoalKind.SALES).actual == D("100")


def test_sales_split_reconciles_with_partners_targets(partner):
    TargetFactory(partner=partner, period=dt.date(2026, 1, 1), amount=D("80"))
    TargetFactory(partner=PartnerFactory(), period=dt.date(2026, 1, 1), amount=D("30"))
    goal = GoalFactory(kind=GoalKind.SALES, yearly_value=D("1200"))

    rows = figures_of(goal.plan, GoalKind.SALES).detail["reconciliation"]

    assert rows[0] == {
        "month": 1,
        "period": Period.month(goal.plan.year, 1),
        "plan": D("100.00"),
        "targets": D("110"),
        "difference": D("-10.00"),
    }
    assert rows[1]["targets"] == 0 and rows[1]["difference"] == D("100.00")
    q1 = figures_of(goal.plan, GoalKind.SALES).detail["quarters"][0]
    assert q1 == {"quarter": 1, "plan": D("300.00"), "targets": D("110"), "difference": D("190.00")}


def test_split_in_the_shape_of_partners_targets(partner):
    TargetFactory(partner=partner, period=dt.date(2026, 1, 1), amount=D("300"))
    TargetFactory(partner=partner, period=dt.date(2026, 2, 1), amount=D("100"))
    plan = PlanFactory()

    months = services.monthly_split(plan=plan, kind=GoalKind.SALES, yearly_value=D("1000"), method="targets")

    assert months[:3] == [D("750.00"), D("250.00"), D("0.00")]
    assert sum(months) == D("1000")


def test_market_share_is_sales_over_market_size_of_the_months_entered(partner):
    for month in (1, 2, 3):
        sale(partner, dt.date(2026, month, 10), "200")
        MarketSize.objects.create(region=None, period=dt.date(2026, month, 1), amount=D("1000"))
    sale(partner, dt.date(2026, 4, 10), "500")  # April has no market size: not counted
    goal = GoalFactory(kind=GoalKind.MARKET_SHARE, yearly_value=D("25"))

    fig = figures_of(goal.plan, GoalKind.MARKET_SHARE)

    assert fig.actual == D("20.00")  # 600 ÷ 3000
    assert fig.status == forecasting.OFF_TRACK  # 20 ÷ 25 = 80 %


def test_coverage_counts_targeted_regions_with_an_active_partner_online_and_offline_apart(partner):
    guangdong, zhejiang = Region.objects.get(code="440000"), Region.objects.get(code="330000")
    PartnerFactory(channel_type=ChannelType.ECOMMERCE, region=RegionFactory())  # Guangdong, online
    PartnerFactory(region=Region.objects.get(code="330100"), status=Partner.Status.SUSPENDED)  # not active
    goal = GoalFactory(kind=GoalKind.COVERAGE, yearly_value=D("100"))
    CoverageTarget.objects.create(plan=goal.plan, region=guangdong)
    CoverageTarget.objects.create(plan=goal.plan, region=zhejiang)

    fig = figures_of(goal.plan, GoalKind.COVERAGE)

    assert fig.actual == D("50.00")  # Guangdong of the two
    assert (fig.detail["online"], fig.detail["offline"]) == (1, 1)
    assert fig.detail["uncovered_ids"] == [zhejiang.pk]


def test_active_partners_by_channel_type(partner):
    PartnerFactory(channel_type=ChannelType.DISTRIBUTOR)
    PartnerFactory(channel_type=ChannelType.DISTRIBUTOR, status=Partner.Status.TERMINATED)
    PartnerFactory(channel_type=ChannelType.RETAILER)
    plan = PlanFactory()
    GoalFactory(plan=plan, kind=GoalKind.ACTIVE_PARTNERS, channel_type=ChannelType.DISTRIBUTOR, yearly_value=D("4"))
    GoalFactory(plan=plan, kind=GoalKind.ACTIVE_PARTNERS, channel_type="", yearly_value=D("3"))

    by_channel = {f.goal.channel_type: f for f in figures.goal_figures(plan, today=TODAY)}

    assert by_channel[ChannelType.DISTRIBUTOR].actual == D("2")
    assert by_channel[ChannelType.DISTRIBUTOR].status == forecasting.OFF_TRACK  # 2 of 4
    assert by_channel[""].actual == D("3")
    assert by_channel[""].status == forecasting.ON_TRACK


def test_new_partners_signed_counts_signings_of_the_year():
    for moment in (dt.datetime(2026, 2, 3, 10), dt.datetime(2026, 3, 3, 10), dt.datetime(2025, 12, 3, 10)):
        StageChange.objects.create(
            application=ApplicationFactory(), to_stage="signed", changed_at=timezone.make_aware(moment)
        )
    goal = GoalFactory(kind=GoalKind.NEW_PARTNERS, yearly_value=D("12"))

    fig = figures_of(goal.plan, GoalKind.NEW_PARTNERS)

    assert fig.actual == D("2")
    # last year's January to March had no signing: the run-rate, 2 ÷ 3 * 12
    assert fig.forecast == forecasting.Forecast(D("8.00"), forecasting.RUN_RATE)


def test_average_grade_is_the_latest_cycles_average_total(partner):
    old = EvaluationCycleFactory(period=dt.date(2026, 2, 1))
    ScorecardFactory(cycle=old, partner=partner, total=D("10"))
    cycle = EvaluationCycleFactory(period=dt.date(2026, 3, 1))
    ScorecardFactory(cycle=cycle, partner=partner, total=D("80"))
    ScorecardFactory(cycle=cycle, total=D("90"))
    EvaluationCycleFactory(period=dt.date(2026, 4, 1), status=EvaluationCycle.Status.SCHEDULED)
    goal = GoalFactory(kind=GoalKind.AVERAGE_GRADE, yearly_value=D("85"))

    fig = figures_of(goal.plan, GoalKind.AVERAGE_GRADE)

    assert fig.actual == D("85.00")
    assert fig.status == forecasting.ON_TRACK


def test_training_completion_averages_active_partners(partner):
    # No course is required of anyone: every active partner is complete.
    goal = GoalFactory(kind=GoalKind.TRAINING, yearly_value=D("90"))

    assert figures_of(goal.plan, GoalKind.TRAINING).actual == D("100.00")


def test_satisfaction_reads_the_latest_months_manual_kpi_values(partner):
    ManualKPIValueFactory(partner=partner, period=dt.date(2026, 2, 1), value=D("1"))
    ManualKPIValueFactory(partner=partner, period=dt.date(2026, 3, 1), value=D("3"))
    ManualKPIValueFactory(partner=PartnerFactory(), period=dt.date(2026, 3, 1), value=D("5"))
    ManualKPIValueFactory(partner=partner, period=dt.date(2026, 6, 1), value=D("1"))  # after today
    plan = PlanFactory()
    GoalFactory(plan=plan, kind=GoalKind.PARTNER_SATISFACTION, yearly_value=D("4.4"))
    GoalFactory(plan=plan, kind=GoalKind.CUSTOMER_SATISFACTION, yearly_value=D("4"))

    partner_sat, customer_sat = figures.goal_figures(plan, today=TODAY)

    assert partner_sat.actual == D("4.00")  # March: (3 + 5) ÷ 2
    assert partner_sat.status == forecasting.AT_RISK  # 4 ÷ 4.4 = 90.9 %
    assert customer_sat.actual == D("4.00")


def test_satisfaction_reads_the_surveys_once_a_closed_round_has_answers(partner):
    from surveys.models import Answer, Response, SurveyRound
    from tests.partners.factories import ContactFactory
    from tests.surveys.factories import CustomerRoundFactory, InvitationFactory, SurveyRoundFactory, standard_version

    ManualKPIValueFactory(partner=partner, period=dt.date(2026, 3, 1), value=D("3"))  # no longer read
    closed = {"status": SurveyRound.Status.CLOSED, "opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 4, 1)}
    partner_round = SurveyRoundFactory(version=standard_version(), **closed)
    customer_round = CustomerRoundFactory(partner=partner, version=standard_version(audience="customer"), **closed)
    for score in (10, 9, 6):  # two promoters, one detractor: NPS 33.3
        invitation = InvitationFactory(round=partner_round, contact=ContactFactory(partner=partner))
        response = Response.objects.create(
            round=partner_round, version=partner_round.version, partner=partner, invitation=invitation
        )
        Answer.objects.create(response=response, question=partner_round.version.questions.first(), score=score)
    rating = customer_round.version.questions.filter(kind="rating").first()
    for score in (5, 4, 2, 4):  # three of four rate 4 or 5
        response = Response.objects.create(round=customer_round, version=customer_round.version, partner=partner)
        Answer.objects.create(response=response, question=rating, score=score)
    plan = PlanFactory()
    GoalFactory(plan=plan, kind=GoalKind.PARTNER_SATISFACTION, yearly_value=D("40"))
    GoalFactory(plan=plan, kind=GoalKind.CUSTOMER_SATISFACTION, yearly_value=D("80"))

    partner_sat, customer_sat = figures.goal_figures(plan, today=TODAY)

    assert partner_sat.actual == D("33.30")
    assert customer_sat.actual == D("75.00")


def test_incentive_spend_counts_approved_and_paid_payouts(partner):
    PayoutFactory(
        statement=StatementFactory(partner=partner, period=dt.date(2026, 1, 1), payable=D("100")),
        status=LineStatus.APPROVED,
    )
    PayoutFactory(
        statement=StatementFactory(partner=partner, period=dt.date(2026, 2, 1), payable=D("50")), status=LineStatus.PAID
    )
    PayoutFactory(statement=StatementFactory(partner=partner, period=dt.date(2026, 3, 1), payable=D("999")))
    goal = GoalFactory(kind=GoalKind.INCENTIVE_SPEND, yearly_value=D("1200"))

    fig = figures_of(goal.plan, GoalKind.INCENTIVE_SPEND)

    assert fig.actual == D("150")
    assert figures.payouts_waiting(goal.plan) == D("999")


def test_last_years_payouts_shape_the_forecast_but_count_in_neither_the_budget_nor_the_waiting(partner):
    def payout(period, amount, status=LineStatus.APPROVED):
        PayoutFactory(statement=StatementFactory(partner=partner, period=period, payable=D(amount)), status=status)

    payout(dt.date(2025, 1, 1), "100")
    payout(dt.date(2025, 6, 1), "300")
    payout(dt.date(2025, 7, 1), "77", LineStatus.DRAFT)
    payout(dt.date(2026, 1, 1), "50")
    payout(dt.date(2026, 5, 1), "20", LineStatus.PAID)  # after today, in the second quarter
    payout(dt.date(2026, 2, 1), "8", LineStatus.DRAFT)
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, kind=GoalKind.INCENTIVE_SPEND, yearly_value=D("1200"))
    line = BudgetLineFactory(plan=plan, q1=D("1000"), q2=D("1000"), q3=D("0"), q4=D("0"))

    fig = figures.goal_figures(plan, today=TODAY)[0]
    budget = figures.budget_figures(plan)[0]

    assert fig.goal == goal and fig.monthly_actual == {1: D("50"), 2: D("0"), 3: D("0"), 4: D("0")}
    assert fig.actual == D("50")
    assert fig.forecast.method == forecasting.SHAPE  # last year's January to March had payouts
    assert budget.line == line and budget.spent_by_quarter == {1: D("50"), 2: D("20")}
    assert figures.payouts_waiting(plan) == D("8")


def test_coverage_without_targets_counts_every_province(partner):
    PartnerFactory(region=Region.objects.get(code="330100"))  # Zhejiang, through its city
    goal = GoalFactory(kind=GoalKind.COVERAGE, yearly_value=D("100"))

    fig = figures_of(goal.plan, GoalKind.COVERAGE)

    provinces = Region.objects.filter(level=Region.Level.PROVINCE).count()
    assert fig.detail["targeted"] == provinces
    assert Region.objects.get(code="330000").pk not in fig.detail["uncovered_ids"]
    assert fig.detail["covered"] == provinces - len(fig.detail["uncovered_ids"])


def test_budget_counts_payouts_fund_approvals_and_spend_with_warnings(partner, director):
    plan = PlanFactory()
    incentives = BudgetLineFactory(plan=plan, q1=D("100"), q2=D("0"), q3=D("0"), q4=D("0"))
    advertising = BudgetLineFactory(
        plan=plan,
        category=BudgetCategory.PROMOTION,
        sub_line=BudgetSubLine.ADVERTISING,
        q1=D("1250"),
        q2=D("1250"),
        q3=D("1250"),
        q4=D("1250"),
    )
    training = BudgetLineFactory(plan=plan, category=BudgetCategory.BUILDING, sub_line=BudgetSubLine.TRAINING)
    PayoutFactory(
        statement=StatementFactory(partner=partner, period=dt.date(2026, 2, 1), payable=D("150")),
        status=LineStatus.APPROVED,
    )
    approved = FundRequestFactory(
        fund__partner=partner,
        fund__period=dt.date(2026, 5, 1),
        activity="advertising",
        status=RequestStatus.APPROVED,
        approved_amount=D("4000"),
    )
    FundRequestFactory(fund=approved.fund, activity="advertising")  # submitted, not counted
    services.spend_add(
        line=advertising,
        spent_on=dt.date(2026, 8, 1),
        amount=D("500"),
        description="Billboard",
        document=SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 test"),
        by=director,
    )

    lines = {b.line.pk: b for b in figures.budget_figures(plan)}

    assert lines[incentives.pk].spent == D("150") and lines[incentives.pk].level == "over"  # 150 of 100
    assert lines[advertising.pk].spent == D("4500")  # 4000 approved + 500 entered
    assert lines[advertising.pk].spent_by_quarter == {2: D("4000"), 3: D("500")}
    assert lines[advertising.pk].level == "warning"  # 90 % of 5000
    assert lines[training.pk].spent == 0 and lines[training.pk].level == ""
