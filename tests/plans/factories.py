import datetime as dt
from decimal import Decimal

import factory

from plans import models
from tests.common.factories import DirectorFactory


class PlanFactory(factory.django.DjangoModelFactory):
    """One plan per year and region (the database allows no second): asking again returns it."""

    class Meta:
        model = models.Plan
        django_get_or_create = ("year", "region")

    year = 2026
    region = None
    title = factory.Sequence(lambda n: f"2026 channel work plan {n}")
    owner = factory.SubFactory(DirectorFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal with its twelve months split evenly (cumulative kinds) or held level."""

    class Meta:
        model = models.Goal
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    kind = models.GoalKind.SALES
    yearly_value = Decimal("1200000.00")

    @factory.post_generation
    def months(self, create, extracted, **kwargs):
        if not create:
            return
        from plans.figures import CUMULATIVE
        from plans.forecasting import split_evenly

        values = extracted or (split_evenly(self.yearly_value) if self.kind in CUMULATIVE else [self.yearly_value] * 12)
        models.GoalMonth.objects.bulk_create(
            models.GoalMonth(goal=self, month=m, value=v) for m, v in enumerate(values, start=1)
        )


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BudgetLine

    plan = factory.SubFactory(PlanFactory)
    category = models.BudgetCategory.MANAGEMENT
    sub_line = models.BudgetSubLine.INCENTIVES
    q1 = Decimal("25000.00")
    q2 = Decimal("25000.00")
    q3 = Decimal("25000.00")
    q4 = Decimal("25000.00")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Risk

    plan = factory.SubFactory(PlanFactory)
    category = models.Risk.Category.CHANNEL
    description = "A large distributor may leave for a competitor"
    likelihood = 3
    impact = 4
    owner = factory.SubFactory(DirectorFactory)
    response = "Sign a three-year agreement with volume rebates"
    next_review_on = dt.date(2026, 12, 31)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Review

    plan = factory.SubFactory(PlanFactory)
    kind = models.Review.Kind.QUARTER
    period = dt.date(2026, 7, 1)


class SpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Spend

    line = factory.SubFactory(BudgetLineFactory)
    spent_on = dt.date(2026, 5, 10)
    amount = Decimal("1000.00")
    description = "Trade fair booth"
    document = factory.django.FileField(filename="invoice.pdf", data=b"%PDF-1.4 test")
