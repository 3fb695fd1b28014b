import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from evaluations import models
from tests.partners.factories import PartnerFactory


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    partner = factory.SubFactory(PartnerFactory)
    period = dt.date(2026, 10, 1)
    amount = Decimal("100000.00")


class ManualKPIValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ManualKPIValue

    partner = factory.SubFactory(PartnerFactory)
    period = dt.date(2026, 10, 1)
    value = Decimal("80")


class ScorecardTemplateFactory(factory.django.DjangoModelFactory):
    """A template with one KPI (sales attainment, weight 100) and the default grade bands."""

    class Meta:
        model = models.ScorecardTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Template {n}")

    @factory.post_generation
    def kpis(self, create, extracted, **kwargs):
        if not create:
            return
        for position, spec in enumerate(extracted or [{"kind": models.KPIKind.SALES_ATTAINMENT, "weight": 100}]):
            models.KPI.objects.create(template=self, position=position, **spec)

    @factory.post_generation
    def bands(self, create, extracted, **kwargs):
        if not create:
            return
        for grade, minimum in (extracted or {"A": 90, "B": 75, "C": 60, "D": 0}).items():
            models.GradeBand.objects.create(template=self, grade=grade, min_total=Decimal(minimum))


class EvaluationCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EvaluationCycle
        django_get_or_create = ("period",)

    period = dt.date(2026, 10, 1)
    status = models.EvaluationCycle.Status.REVIEW


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Scorecard
        skip_postgeneration_save = True

    cycle = factory.SubFactory(EvaluationCycleFactory)
    partner = factory.SubFactory(PartnerFactory)
    channel_type = factory.LazyAttribute(lambda s: s.partner.channel_type)
    total = Decimal("80.00")
    grade = "B"
    rank = 1
    ranked_among = 1
    sales = Decimal("80000.00")
    target = Decimal("100000.00")
    calculated_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC))

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create and extracted is not False:
            models.ScorecardLine.objects.create(
                scorecard=self,
                kind=models.KPIKind.SALES_ATTAINMENT,
                raw_value=Decimal("80.00"),
                points=Decimal("80.00"),
                weight=Decimal("100"),
                contribution=Decimal("80.00"),
            )


class PeriodEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeriodEvaluation
        django_get_or_create = ("length", "period")

    length = models.PeriodEvaluation.Length.QUARTER
    period = dt.date(2026, 10, 1)
    status = models.EvaluationCycle.Status.REVIEW
    calculated_at = factory.LazyFunction(timezone.now)


class PeriodScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeriodScorecard

    evaluation = factory.SubFactory(PeriodEvaluationFactory)
    partner = factory.SubFactory(PartnerFactory)
    channel_type = factory.LazyAttribute(lambda s: s.partner.channel_type)
    total = Decimal("85.00")
    grade = "B"
    rank = 1
    ranked_among = 1
    sales = Decimal("330000.00")
    target = Decimal("300000.00")
    months = 3
    calculated_at = factory.LazyFunction(lambda: dt.datetime(2027, 1, 1, 2, 0, tzinfo=dt.UTC))
