import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from plans import services
from plans.models import GoalKind, GoalRevision, Plan, Review, Risk
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.plans.factories import GoalFactory, PlanFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_plan_goes_draft_approved_closed_and_approval_freezes_goals(director):
    plan = services.plan_create(year=2026, title="2026 渠道工作计划", owner=director, by=director)
    with pytest.raises(ValidationError):
        services.plan_approve(plan=plan, by=director)  # no goal yet
    goal = services.goal_save(plan=plan, kind=GoalKind.SALES, yearly_value=Decimal("1200"), by=director)

    plan = services.plan_approve(plan=plan, by=director)
    assert plan.status == Plan.Status.APPROVED and plan.approved_by == director

    with pytest.raises(ValidationError) as error:
        services.goal_save(plan=plan, goal=goal, kind=GoalKind.SALES, yearly_value=Decimal("2400"), by=director)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.goal_save(plan=plan, kind=GoalKind.COVERAGE, yearly_value=Decimal("80"), by=director)

    services.goal_save(
        plan=plan, goal=goal, kind=GoalKind.SALES, yearly_value=Decimal("2400"), reason="New product line", by=director
    )
    revision = GoalRevision.objects.get()
    assert revision.before["yearly_value"] == "1200.00"
    assert revision.after["yearly_value"] == "2400.00"
    assert revision.reason == "New product line"
    assert plan.history.count() == 2  # created, approved

    services.plan_close(plan=plan, by=director)
    with pytest.raises(ValidationError):
        services.goal_save(
            plan=plan, goal=goal, kind=GoalKind.SALES, yearly_value=Decimal("1"), reason="x", by=director
        )


def test_cumulative_goal_months_must_add_up(director):
    plan = PlanFactory()
    with pytest.raises(ValidationError):
        services.goal_save(
            plan=plan, kind=GoalKind.SALES, yearly_value=Decimal("1200"), months=[Decimal("1")] * 12, by=director
        )
    goal = services.goal_save(plan=plan, kind=GoalKind.SALES, yearly_value=Decimal("1000"), by=director)
    values = list(goal.months.values_list("value", flat=True))
    assert values[:11] == [Decimal("83.33")] * 11 and values[11] == Decimal("83.37")


def test_closed_review_keeps_its_snapshot_after_sales_change(director):
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 8, 10), amount=Decimal("300"))
    goal = GoalFactory(kind=GoalKind.SALES, yearly_value=Decimal("1200"))
    review = services.review_create(plan=goal.plan, kind=Review.Kind.QUARTER, period=dt.date(2026, 8, 20), by=director)
    assert review.period == dt.date(2026, 7, 1)

    review = services.review_close(review=review, by=director, today=dt.date(2026, 11, 29))
    # the quarter's figures: as of 1 October
    assert review.snapshot["as_of"] == "2026-10-01"
    assert review.snapshot["goals"][0]["actual"] == "300.00"

    SalesRecordFactory(partner=partner, date=dt.date(2026, 8, 11), amount=Decimal("700"))
    review.refresh_from_db()
    assert review.snapshot["goals"][0]["actual"] == "300.00"
    with pytest.raises(ValidationError):
        services.review_save(review=review, went_well="x", problems="", changes="", by=director)
    with pytest.raises(ValidationError):
        services.review_close(review=review, by=director)


def test_risk_reminder_is_sent_once_when_the_review_date_passes(director):
    RiskFactory(owner=director, next_review_on=dt.date(2026, 11, 20))
    RiskFactory(owner=director, next_review_on=dt.date(2026, 12, 20))  # not yet due
    RiskFactory(owner=director, next_review_on=dt.date(2026, 11, 1), status=Risk.Status.CLOSED)

    assert services.risk_reminders_send(today=dt.date(2026, 11, 19)) == 0
    assert services.risk_reminders_send(today=dt.date(2026, 11, 21)) == 1
    assert services.risk_reminders_send(today=dt.date(2026, 11, 22)) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [director.email]
    assert "2026年11月20日" in mail.outbox[0].subject  # the owner's language (Chinese by default)


def test_risk_reminder_task_runs_the_service(director):
    from plans.tasks import risk_review_reminders

    RiskFactory(owner=director, next_review_on=dt.date(2026, 1, 2))
    assert risk_review_reminders("2026-01-03") == 1
    assert risk_review_reminders("2026-01-04") == 0
