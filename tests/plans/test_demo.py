from django.core.management import call_command

from common import clock
from common.periods import Period
from plans.models import BudgetLine, Plan, Review, Risk


def test_seed_demo_writes_this_years_approved_plan(db):
    call_command("seed_demo")
    today = clock.today()

    plan = Plan.objects.get(year=today.year, region__isnull=True)
    assert plan.status == Plan.Status.APPROVED
    assert plan.goals.filter(kind="sales").get().yearly_value > 0
    assert plan.goals.count() >= 10
    assert BudgetLine.objects.filter(plan=plan).count() == 9
    assert Risk.objects.filter(plan=plan).values("category").distinct().count() == 3
    last_quarter = Period.containing(today).previous(3)
    if last_quarter.year == today.year:
        review = Review.objects.get(plan=plan, kind="quarter")
        assert review.is_closed and review.snapshot["goals"]
