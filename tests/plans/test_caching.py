"""The dashboard's and the plan's expensive reads are remembered under the version of their data (the sales', a
cycle's calculation); closing a review reads afresh."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import clock
from common.periods import Period
from evaluations.models import EvaluationCycle
from evaluations.selectors import grade_distribution
from incentives.models import LineStatus, Payout
from partners.models import Region
from plans import figures, services
from plans.dashboard import dashboard
from plans.models import GoalKind, Plan, Review
from plans.notices import incentive_budget_before_approval
from recruitment.pipeline import Stage
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory
from tests.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


def sales_reads(compute) -> int:
    with CaptureQueriesContext(connection) as queries:
        compute()
    return sum("partners_sales" in query["sql"] for query in queries.captured_queries)


def test_sales_are_remembered_until_sales_are_written_and_a_closed_review_reads_afresh(settings, director):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 2, 1), amount=Decimal("100"))
    goal = GoalFactory(kind=GoalKind.SALES)
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("100")
    assert sales_reads(lambda: figures.goal_figures(goal.plan, today=TODAY)) == 0  # remembered

    # A sales write gives the sums a new version: the next page shows it, whatever the entry's age.
    SalesRecordFactory(partner=partner, date=dt.date(2026, 2, 2), amount=Decimal("50"))
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("150")
    assert figures.goal_figures(goal.plan, today=TODAY, fresh=True)[0].actual == Decimal("150")

    review = services.review_create(plan=goal.plan, kind=Review.Kind.YEAR, period=TODAY, by=director)
    review = services.review_close(review=review, by=director, today=TODAY)
    assert review.snapshot["goals"][0]["actual"] == "150.00"


def test_a_cycles_grades_are_remembered_until_it_is_calculated_again():
    cache.clear()
    cycle = EvaluationCycleFactory(
        period=dt.date(2026, 10, 1), calculated_at=dt.datetime(2026, 11, 1, 2, tzinfo=dt.UTC)
    )
    ScorecardFactory.create_batch(2, cycle=cycle, grade="B")
    assert dict(grade_distribution(cycle))["B"] == 2

    ScorecardFactory(cycle=cycle, grade="C")  # as a calculation writes it, before it stamps the cycle
    assert dict(grade_distribution(EvaluationCycle.objects.get(pk=cycle.pk)))["C"] == 0

    EvaluationCycle.objects.filter(pk=cycle.pk).update(calculated_at=dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC))
    grades = dict(grade_distribution(EvaluationCycle.objects.get(pk=cycle.pk)))
    assert (grades["B"], grades["C"]) == (2, 1)


def test_approved_payouts_are_kept_until_a_payout_is_written(settings, director):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    year = clock.today().year
    goal = GoalFactory(kind=GoalKind.INCENTIVE_SPEND, plan=PlanFactory(year=year, status=Plan.Status.APPROVED))
    BudgetLineFactory(plan=goal.plan)  # 100,000 for incentives
    month = dt.date(year, 1, 1)
    PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("300.00"), status=LineStatus.PAID)
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("300.00")
    with CaptureQueriesContext(connection) as queries:
        figures.goal_figures(goal.plan, today=TODAY)
    assert not [q for q in queries.captured_queries if "incentives_payout" in q["sql"]]  # kept

    # Approving a payout writes it (with a history row, as every payout write): the pages show it at once.
    waiting = PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("200.00"))
    waiting.status = LineStatus.APPROVED
    waiting.save()
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("500.00")
    assert "99,500.00" in incentive_budget_before_approval(user=director)  # 100,000 planned less 500 paid


def test_the_budget_before_an_approval_reads_payouts_afresh(settings, director):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    year = clock.today().year
    goal = GoalFactory(kind=GoalKind.INCENTIVE_SPEND, plan=PlanFactory(year=year, status=Plan.Status.APPROVED))
    BudgetLineFactory(plan=goal.plan)
    month = dt.date(year, 1, 1)
    PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("300.00"), status=LineStatus.PAID)
    waiting = PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("200.00"))
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("300.00")

    # A write that leaves no history row (a raw UPDATE) keeps the pages' sum, but not the approvals queue's.
    Payout.objects.filter(pk=waiting.pk).update(status=LineStatus.APPROVED)
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("300.00")
    assert figures.goal_figures(goal.plan, today=TODAY, fresh=True)[0].actual == Decimal("500.00")
    assert "99,500.00" in incentive_budget_before_approval(user=director)


def test_the_plans_goals_and_budget_are_kept_until_one_of_them_is_written(settings, director):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    plan = PlanFactory(year=TODAY.year)
    goal = GoalFactory(plan=plan, kind=GoalKind.ACTIVE_PARTNERS, yearly_value=Decimal("80"))
    line = BudgetLineFactory(plan=plan)
    figures.goal_figures(plan, today=TODAY), figures.budget_figures(plan)

    def plan_reads():
        with CaptureQueriesContext(connection) as queries:
            goals, budget = figures.goal_figures(plan, today=TODAY), figures.budget_figures(plan)
        tables = ("plans_goal", "plans_budgetline", "plans_spend", "incentives_fundrequest")
        return goals, budget, [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]

    assert plan_reads()[2] == []  # kept
    services.goal_save(plan=plan, goal=goal, kind=goal.kind, yearly_value=Decimal("85"), by=director)
    goals, _budget, reads = plan_reads()
    assert goals[0].target == Decimal("85") and reads
    services.spend_add(
        line=line,
        spent_on=TODAY,
        amount=Decimal("120.00"),
        description="Trade fair",
        document=SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 test"),
        by=director,
    )
    _goals, budget, reads = plan_reads()
    assert budget[0].spent == Decimal("120.00") and reads


def test_a_plans_goal_figures_are_kept_whole_until_what_they_read_is_written(settings, director):
    """The plan page and the dashboard take a plan's goal figures without reading their sources again; a market
    size, a coverage target or a signing shows at once, as a sale or a goal's change does."""
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    today = clock.today()
    plan = PlanFactory(year=today.year)
    for kind in (GoalKind.MARKET_SHARE, GoalKind.COVERAGE, GoalKind.NEW_PARTNERS):
        GoalFactory(plan=plan, kind=kind, yearly_value=Decimal("10"))
    guangdong = Region.objects.get(code="440000")
    partner = PartnerFactory(region=Region.objects.get(code="440100"))
    SalesRecordFactory(partner=partner, date=today.replace(day=1), amount=Decimal("200"))

    def actuals():
        return {fig.kind: fig.actual for fig in figures.goal_figures(plan, today=today)}

    def source_reads():
        with CaptureQueriesContext(connection) as queries:
            actuals()
        sources = (
            "plans_goal",
            "plans_marketsize",
            "plans_coveragetarget",
            "recruitment_stagechange",
            "partners_partner",
            "partners_salesmonth",
        )
        return [q["sql"] for q in queries if any(f'"{table}' in q["sql"] for table in sources)]

    before = actuals()
    assert before[GoalKind.MARKET_SHARE] is None and before[GoalKind.NEW_PARTNERS] == 0
    assert before[GoalKind.COVERAGE] < 100  # every province counts as targeted, one of them covered
    assert source_reads() == []  # kept whole

    services.market_size_set(region=None, period=Period.containing(today), amount=Decimal("1000"))
    assert actuals()[GoalKind.MARKET_SHARE] == Decimal("20.00")  # 200 of 1,000
    services.coverage_targets_set(plan=plan, regions=[guangdong])
    assert actuals()[GoalKind.COVERAGE] == Decimal("100.00")
    ApplicationFactory(stage=Stage.SIGNED, by=director)
    assert actuals()[GoalKind.NEW_PARTNERS] == 1
    assert source_reads() == []


def test_the_dashboard_is_kept_whole_and_its_attention_counts_read_on_every_request(settings, director):
    """`/` takes the dashboard's figures without reading their sources again until one is written; the attention
    list's counts, which move with the clock as well, are read on every request."""
    from django.utils import timezone

    from recruitment.models import Application

    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    today = clock.today()
    plan = PlanFactory(year=today.year, status=Plan.Status.APPROVED)
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=today.replace(day=1), amount=Decimal("200"))
    application = ApplicationFactory(stage=Stage.SCREENING, by=director)

    def shown():
        with CaptureQueriesContext(connection) as queries:
            d = dashboard(user=director, today=today, memo={})
        funnel = {value: n for value, _label, n in d.funnel}
        attention = {item.key: item.count for item in d.attention}
        sources = ("plans_plan", "recruitment_application", "partners_salesmonth", "partners_partner")
        reads = [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in sources)]
        return d, funnel, attention, reads

    d, funnel, attention, _reads = shown()
    assert (d.plan.title, d.sales_mtd, funnel[Stage.SCREENING], attention["applications"]) == (
        plan.title,
        Decimal("200"),
        1,
        0,
    )
    # Kept: the figures read nothing again; the waiting applications are counted again (one query of counts).
    _d, _funnel, _attention, reads = shown()
    assert len(reads) == 1 and "COUNT(*)" in reads[0] and "GROUP BY" not in reads[0]

    # The clock moves what the attention list counts, with no write that a version would see.
    Application.objects.filter(pk=application.pk).update(stage_entered_at=timezone.now() - dt.timedelta(days=30))
    assert shown()[2]["applications"] == 1
    # A write to what the figures read shows at once: the plan, a sale, an application.
    plan.title = "Renamed"
    plan.save()
    SalesRecordFactory(partner=partner, date=today.replace(day=1), amount=Decimal("50"))
    ApplicationFactory(stage=Stage.SCREENING, by=director)
    d, funnel, _attention, _reads = shown()
    assert (d.plan.title, d.sales_mtd, funnel[Stage.SCREENING]) == ("Renamed", Decimal("250"), 2)


def test_the_dashboard_panels_html_is_kept_with_its_figures(settings, client, director):
    """The plan panel's HTML (all but the attention list) is rendered once per version of its figures and
    language: a rename shows at once, in either language, and the attention list is rendered every time."""
    from django.utils import timezone

    from recruitment.models import Application

    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    plan = PlanFactory(year=clock.today().year, status=Plan.Status.APPROVED, title="Plan of the year")
    application = ApplicationFactory(stage=Stage.SCREENING, by=director)
    client.force_login(director)

    def panel(language="en"):
        html = client.get("/", headers={"accept-language": language}).content.decode()
        return html[html.index('id="plan-dashboard"') :]

    first = panel()
    assert "Plan of the year" in first and "Sales this month" in first and panel() == first
    assert first.count('id="coverage-table"') == 1 and first.count('id="dashboard-plan"') == 1  # two blocks, one key
    assert "本月销售额" in panel("zh-hans") and "Sales this month" in panel()  # kept per language
    Application.objects.filter(pk=application.pk).update(stage_entered_at=timezone.now() - dt.timedelta(days=30))
    assert panel() != first  # the attention list counts the waiting application at once
    plan.title = "Renamed plan"
    plan.save()
    assert "Renamed plan" in panel() and "Plan of the year" not in panel()


def test_the_plan_pages_goal_and_budget_tables_are_kept_with_their_figures(settings, client, director):
    """The goal and budget tables are rendered once per computation of their figures: a spend shows at once,
    and a user who may not change the plan never gets the links of one who may."""
    from django.urls import reverse

    from tests.common.factories import FinanceFactory

    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    today = clock.today()
    plan = PlanFactory(year=today.year)
    GoalFactory(plan=plan, kind=GoalKind.SALES, yearly_value=Decimal("1200000"))
    line = BudgetLineFactory(plan=plan)
    url = reverse("plans:detail", kwargs={"pk": plan.pk})

    def tables(user):
        client.force_login(user)
        html = client.get(url).content.decode()
        return html[html.index('id="goal-table"') : html.index('id="risks"')]

    first = tables(director)
    assert tables(director) == first and reverse("plans:goal-create", kwargs={"pk": plan.pk}) in first
    assert reverse("plans:goal-create", kwargs={"pk": plan.pk}) not in tables(FinanceFactory())

    document = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 test")
    services.spend_add(
        line=line, spent_on=today, amount=Decimal("1234.00"), description="Fair", document=document, by=director
    )
    assert "1,234.00" in tables(director)
