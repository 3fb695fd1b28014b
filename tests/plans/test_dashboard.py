import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import clock
from plans.models import BudgetCategory, BudgetSubLine, GoalKind, Plan
from tests.common.factories import FinanceFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory, TargetFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory, RiskFactory

pytestmark = pytest.mark.django_db


def add_partners(n, *, cycle, manager=None):
    today = clock.today()
    for _ in range(n):
        partner = PartnerFactory(manager=manager) if manager else PartnerFactory()
        SalesRecordFactory(partner=partner, date=today.replace(day=1), amount=Decimal("1000"))
        TargetFactory(partner=partner, period=today.replace(day=1), amount=Decimal("2000"))
        ScorecardFactory(cycle=cycle, partner=partner, grade="D", total=Decimal("40"))
        PayoutFactory(statement=StatementFactory(partner=partner, period=today.replace(day=1)))


@pytest.fixture
def full_plan(director):
    plan = PlanFactory(year=clock.today().year, status=Plan.Status.APPROVED)
    for kind in GoalKind.values:
        GoalFactory(plan=plan, kind=kind, yearly_value=Decimal("100"))
    BudgetLineFactory(plan=plan)
    BudgetLineFactory(plan=plan, category=BudgetCategory.PROMOTION, sub_line=BudgetSubLine.ADVERTISING)
    RiskFactory(plan=plan, next_review_on=dt.date(2020, 1, 1))
    return plan


def page_queries(client):
    """The queries of `/` with nothing kept yet (common.kept): what one size reads against what the other does."""
    from django.core.cache import cache

    from common import kept

    cache.clear()
    kept.forget()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_dashboard_query_count_is_the_same_at_10_and_200_partners(client, director, full_plan):
    cycle = EvaluationCycleFactory(period=clock.today().replace(day=1))
    client.force_login(director)
    add_partners(10, cycle=cycle)
    at_10, response = page_queries(client)
    assert response.context["d"].sales_mtd == Decimal("10000.00")

    add_partners(190, cycle=cycle)
    at_200, response = page_queries(client)

    assert at_200 == at_10
    assert response.context["d"].sales_mtd == Decimal("200000.00")


def test_dashboard_shows_goals_sales_and_the_attention_list_with_links(client, director, full_plan):
    cycle = EvaluationCycleFactory(period=clock.today().replace(day=1))
    add_partners(3, cycle=cycle)
    client.force_login(director)

    _n, response = page_queries(client)
    html = response.content.decode()
    d = response.context["d"]

    assert d.plan == full_plan
    assert len(d.goals) == len(GoalKind.values)
    assert d.sales_mtd == Decimal("3000.00") and d.target_mtd == Decimal("6000.00") and d.mtd_pct == Decimal("50.00")
    attention = {item.key: item for item in d.attention}
    assert attention["payouts"].count == 3
    assert attention["risks"].count == 1
    assert attention["risks"].url == "/plans/risks/?overdue=true"
    assert 'href="/plans/risks/?overdue=true"' in html
    assert 'id="plan-dashboard-data"' in html  # the charts' data, read by static/plans/dashboard.js
    assert "<script>" not in html  # CSP: no inline scripts


def test_manager_sees_own_partners_by_default_and_can_widen(client, manager, director, full_plan):
    cycle = EvaluationCycleFactory(period=clock.today().replace(day=1))
    add_partners(2, cycle=cycle, manager=manager)
    add_partners(3, cycle=cycle)
    client.force_login(manager)

    mine = client.get("/").context["d"]
    everyone = client.get("/?scope=all").context["d"]

    assert (mine.scope, mine.sales_mtd) == ("mine", Decimal("2000.00"))
    assert (everyone.scope, everyone.sales_mtd) == ("all", Decimal("5000.00"))


def test_risk_list_follows_the_dashboard_link(client, director, full_plan):
    RiskFactory(plan=full_plan, next_review_on=dt.date(2099, 1, 1))
    client.force_login(director)

    response = client.get("/plans/risks/?overdue=true")

    assert [r.next_review_on for r in response.context["risks"]] == [dt.date(2020, 1, 1)]


def test_dashboard_does_not_link_finance_to_pages_it_cannot_open(db, client):
    client.force_login(FinanceFactory())
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("training:status")}"' not in html
    assert f'href="{reverse("recruitment:application-list")}?stage=' not in html


def test_funnel_and_applications_waiting_read_with_the_page(client, director, full_plan):
    from django.utils import timezone

    from recruitment.models import Application
    from recruitment.pipeline import Stage
    from tests.recruitment.factories import ApplicationFactory

    waiting = ApplicationFactory(stage=Stage.SCREENING)
    ApplicationFactory(stage=Stage.SCREENING)  # entered its stage just now
    rejected = ApplicationFactory(stage=Stage.REJECTED)  # closed: never waiting
    Application.objects.filter(pk__in=[waiting.pk, rejected.pk]).update(
        stage_entered_at=timezone.now() - dt.timedelta(days=30)
    )
    client.force_login(director)

    with CaptureQueriesContext(connection) as queries:
        d = client.get("/").context["d"]

    assert {value: n for value, _label, n in d.funnel}[Stage.SCREENING] == 2
    assert {item.key: item.count for item in d.attention}["applications"] == 1
    # The funnel's one GROUP BY (kept with the figures), and the waiting ones counted with the page's other counts
    # (common.counts), as they move with the clock.
    reads = [q["sql"] for q in queries if 'FROM "recruitment_application"' in q["sql"]]
    assert len(reads) == 2
    assert any("GROUP BY" in sql for sql in reads) and any(sql.startswith("SELECT (SELECT COUNT(*)") for sql in reads)


def test_approved_payouts_are_read_once_for_the_goal_the_budget_and_the_spend(client, director, full_plan):
    from incentives.models import LineStatus

    today = clock.today()
    for period, amount in ((today.replace(day=1), "300"), (today.replace(year=today.year - 1, day=1), "50")):
        PayoutFactory(
            statement=StatementFactory(period=period), period=period, amount=Decimal(amount), status=LineStatus.PAID
        )
    PayoutFactory(statement=StatementFactory(period=today.replace(day=1)))  # a draft: no spend
    client.force_login(director)

    with CaptureQueriesContext(connection) as queries:
        d = client.get("/").context["d"]

    approved_sums = [
        q["sql"]
        for q in queries
        if 'SUM("incentives_payout"."amount")' in q["sql"] and '"incentives_payout"."status" IN' in q["sql"]
    ]
    assert len(approved_sums) == 1  # by month over two years: the goal, the budget's line and the spend
    goal = next(g for g in d.goals if g.kind == GoalKind.INCENTIVE_SPEND)
    assert goal.actual == Decimal("300.00")
    assert d.incentive_spend == Decimal("300.00")


def test_the_payouts_panel_counts_every_payout_only_after_a_payout_is_written(client, director):
    from incentives.models import LineStatus

    month = clock.today().replace(day=1)
    PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("300.00"), status=LineStatus.PAID)
    waiting = PayoutFactory(statement=StatementFactory(period=month), amount=Decimal("200.00"))
    client.force_login(director)

    def panel():
        with CaptureQueriesContext(connection) as queries:
            rows = client.get("/").context["rows"]
        read = [q for q in queries if 'FROM "incentives_payout"' in q["sql"] and "GROUP BY" in q["sql"]]
        return {value: (n, total) for value, _label, n, total in rows}, len(read)

    rows, reads = panel()
    assert rows[LineStatus.DRAFT] == (1, Decimal("200.00")) and rows[LineStatus.PAID] == (1, Decimal("300.00"))
    assert reads == 1
    assert panel()[1] == 0  # kept: the sum over every payout is not read again

    waiting.status = LineStatus.APPROVED  # any payout write adds a history row, and the panel counts again
    waiting.save()
    rows, reads = panel()
    assert rows[LineStatus.DRAFT] == (0, None) and rows[LineStatus.APPROVED] == (1, Decimal("200.00"))
    assert reads == 1


def test_the_dashboard_reads_the_versions_once(client, director, full_plan, settings):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300  # as in production: figures kept under versions
    PartnerFactory()
    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len([q for q in queries if 'MAX("history_id")' in q["sql"]]) == 1
