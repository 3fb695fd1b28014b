import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import BudgetLine, Goal, GoalRevision, MarketSize, Plan, Review, Spend
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_director_writes_and_approves_a_plan_through_the_pages(client, director):
    client.force_login(director)
    response = client.post(
        "/plans/new/", {"year": 2027, "title": "2027 渠道工作计划", "owner": director.pk, "strategy": "Grow online"}
    )
    plan = Plan.objects.get(year=2027)
    assert response.url == f"/plans/{plan.pk}/"

    client.post(f"/plans/{plan.pk}/goals/new/", {"kind": "sales", "yearly_value": "1200000", "split": "even"})
    client.post(
        f"/plans/{plan.pk}/goals/new/",
        {"kind": "active_partners", "channel_type": "retailer", "yearly_value": "40", "split": "even"},
    )
    assert Goal.objects.filter(plan=plan).count() == 2

    client.post(f"/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED

    goal = plan.goals.get(kind="sales")
    months = {f"m{m}": "100000" for m in range(1, 13)}
    response = client.post(
        f"/plans/goals/{goal.pk}/edit/", {"kind": "sales", "yearly_value": "1200000", "split": "manual", **months}
    )
    assert "say why the goal changes" in response.content.decode()
    client.post(
        f"/plans/goals/{goal.pk}/edit/",
        {"kind": "sales", "yearly_value": "1200000", "split": "manual", "reason": "Reshaped", **months},
    )
    assert GoalRevision.objects.get().reason == "Reshaped"

    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Reshaped" in page and 'id="goal-table"' in page and 'id="reconciliation-table"' in page


def test_budget_line_and_spend_with_a_document(client, director):
    plan = PlanFactory()
    client.force_login(director)
    client.post(
        f"/plans/{plan.pk}/budget/new/",
        {"category": "building", "sub_line": "training", "q1": "100", "q2": "0", "q3": "0", "q4": "0"},
    )
    line = BudgetLine.objects.get(plan=plan, sub_line="training")
    bad = client.post(
        f"/plans/{plan.pk}/budget/new/",
        {"category": "building", "sub_line": "advertising", "q1": "1", "q2": "0", "q3": "0", "q4": "0"},
    )
    assert "does not belong to the category" in bad.content.decode()

    client.post(
        f"/plans/budget/{line.pk}/spend/",
        {
            "spent_on": "2026-02-03",
            "amount": "95",
            "description": "Trainer fee",
            "document": SimpleUploadedFile("fee.pdf", b"%PDF-1.4 x"),
        },
    )
    spend = Spend.objects.get()
    assert client.get(f"/plans/spend/{spend.pk}/document/").status_code == 200
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "90% used" in page


def test_review_notes_close_and_print(client, director):
    goal = GoalFactory()
    client.force_login(director)
    client.post(f"/plans/{goal.plan.pk}/reviews/new/", {"kind": "quarter", "period": "2026-08-15"})
    review = Review.objects.get()
    assert review.period == dt.date(2026, 7, 1)
    client.post(
        f"/plans/reviews/{review.pk}/",
        {"went_well": "Online grew", "problems": "North lagging", "changes": "Add 2 agents"},
    )
    client.post(f"/plans/reviews/{review.pk}/close/")
    review.refresh_from_db()
    assert review.is_closed and review.went_well == "Online grew"
    page = client.get(f"/plans/reviews/{review.pk}/").content.decode()
    assert "data-print" in page and "Online grew" in page and 'id="review-form"' not in page


def test_finance_reads_but_cannot_change_a_review(client):
    from tests.common.factories import FinanceFactory

    review = ReviewFactory()
    client.force_login(FinanceFactory())
    assert client.get(f"/plans/reviews/{review.pk}/").status_code == 200
    assert client.post(f"/plans/reviews/{review.pk}/", {"went_well": "x"}).status_code == 403


def test_market_size_and_coverage_targets(client, director):
    from partners.models import Region

    plan = PlanFactory()
    client.force_login(director)
    client.post("/plans/market-size/", {"month": "2026-03", "amount": "5000000"})
    assert MarketSize.objects.get().amount == Decimal("5000000")
    gd = Region.objects.get(code="440000")
    client.post(f"/plans/{plan.pk}/coverage/", {"regions": [gd.pk]})
    assert list(plan.coverage_targets.values_list("region_id", flat=True)) == [gd.pk]


def test_plan_list_is_paginated_filtered_with_an_empty_state(client, director, django_assert_max_num_queries):
    client.force_login(director)
    assert "No plan yet" in client.get("/plans/").content.decode()
    PlanFactory()
    BudgetLineFactory()
    assert "2026 channel work plan" in client.get("/plans/?year=2026").content.decode()
    assert "No plan yet" in client.get("/plans/?year=2030").content.decode()


@pytest.mark.parametrize("url", ["/plans/", "/plans/risks/"])
def test_lists_query_count_does_not_grow_with_rows(client, director, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.models import Region
    from tests.plans.factories import RiskFactory

    client.force_login(director)
    provinces = list(Region.objects.filter(level="province")[:6])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    RiskFactory(plan=PlanFactory(region=provinces[0]))
    one = count()
    for province in provinces[1:]:
        RiskFactory(plan=PlanFactory(region=province))
    assert count() == one


def test_approvals_queue_shows_the_remaining_incentive_budget(client, director):
    from common import clock
    from plans.models import Plan
    from tests.common.factories import FinanceFactory
    from tests.incentives.factories import PayoutFactory, StatementFactory
    from tests.partners.factories import PartnerFactory

    year = clock.today().year
    plan = PlanFactory(year=year, status=Plan.Status.APPROVED)
    BudgetLineFactory(plan=plan)  # incentives: 100,000.00 planned
    partner = PartnerFactory()
    PayoutFactory(
        statement=StatementFactory(partner=partner, period=dt.date(year, 1, 1), payable=Decimal("30000")),
        status="approved",
    )
    PayoutFactory(statement=StatementFactory(partner=partner, period=dt.date(year, 2, 1), payable=Decimal("50000")))
    client.force_login(FinanceFactory())

    page = client.get("/incentives/approvals/").content.decode()

    assert "100,000.00 planned" in page
    assert "70,000.00 remaining" in page
    assert "20,000.00 after approving" in page


def test_review_exports_as_pdf(client, director):
    review = ReviewFactory(went_well="线上增长超出计划")
    client.force_login(director)

    response = client.get(f"/plans/reviews/{review.pk}/review.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="review-2026-quarter-2026-07.pdf"'
    assert response.content.startswith(b"%PDF")


def test_new_risk_offers_the_usual_response_of_its_category(client, director):
    plan = PlanFactory()
    client.force_login(director)

    form = client.get(f"/plans/{plan.pk}/risks/new/?category=channel").context["form"]

    assert form.initial["category"] == "channel"
    assert "Enforce authorised territories" in str(form.initial["response"])
    assert form.initial["owner"] == director.pk
