import datetime as dt
from decimal import Decimal

import factory

from incentives import models
from tests.partners.factories import PartnerFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    """A monthly policy; its first version comes from `rules` (a retroactive rebate unless told)."""

    class Meta:
        model = models.IncentivePolicy
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Policy {n}")
    kind = models.PolicyKind.VOLUME_REBATE
    period_length = models.PeriodLength.MONTH
    valid_from = dt.date(2026, 1, 1)

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        if not create:
            return
        rules = extracted or {
            "mode": "retroactive",
            "brackets": [["0", "0"], ["100000", "2"], ["500000", "3"]],
        }
        models.PolicyVersion.objects.create(
            policy=self, number=1, effective_from=self.valid_from, rules=rules, cap=kwargs.get("cap")
        )


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    partner = factory.SubFactory(PartnerFactory)
    period = dt.date(2026, 10, 1)
    accrual_total = Decimal("1000.00")
    payable = Decimal("1000.00")
    updated_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


class PayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Payout

    statement = factory.SubFactory(StatementFactory)
    partner = factory.SelfAttribute("statement.partner")
    period = factory.SelfAttribute("statement.period")
    amount = factory.SelfAttribute("statement.payable")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Fund

    partner = factory.SubFactory(PartnerFactory)
    period = dt.date(2026, 10, 1)
    budget = Decimal("10000.00")


class FundRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundRequest

    fund = factory.SubFactory(FundFactory)
    partner = factory.SelfAttribute("fund.partner")
    activity = models.FundRequest.Activity.PROMOTION
    title = "Store opening promotion"
    plan = "Two weekends of in-store demos"
    amount = Decimal("4000.00")
