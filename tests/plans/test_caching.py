"""The plan's expensive reads are remembered for a few minutes; closing a review reads afresh."""

import datetime as dt
from decimal import Decimal

import pytest

from plans import figures, services
from plans.models import GoalKind, Review
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.plans.factories import GoalFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


def test_sales_are_remembered_but_a_closed_review_reads_afresh(settings, director):
    settings.PLANS_FIGURES_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.clear()
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 2, 1), amount=Decimal("100"))
    goal = GoalFactory(kind=GoalKind.SALES)
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("100")

    SalesRecordFactory(partner=partner, date=dt.date(2026, 2, 2), amount=Decimal("50"))
    assert figures.goal_figures(goal.plan, today=TODAY)[0].actual == Decimal("100")  # remembered
    assert figures.goal_figures(goal.plan, today=TODAY, fresh=True)[0].actual == Decimal("150")

    review = services.review_create(plan=goal.plan, kind=Review.Kind.YEAR, period=TODAY, by=director)
    review = services.review_close(review=review, by=director, today=TODAY)
    assert review.snapshot["goals"][0]["actual"] == "150.00"
