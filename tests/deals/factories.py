import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from deals import matching
from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer
from tests.partners.factories import PartnerFactory, RegionFactory


class DealRegistrationFactory(factory.django.DjangoModelFactory):
    """A registration as `registration_submit` would store it (its key computed from the name)."""

    class Meta:
        model = DealRegistration

    partner = factory.SubFactory(PartnerFactory)
    customer_name = factory.Sequence(lambda n: f"终端客户{n}有限公司")
    customer_key = factory.LazyAttribute(lambda r: matching.normalise_name(r.customer_name))
    credit_code = ""
    region = factory.LazyAttribute(lambda r: r.partner.region)
    expected_amount = Decimal("500000.00")
    expected_close_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    status = DealRegistration.Status.PENDING


class ApprovedRegistrationFactory(DealRegistrationFactory):
    status = DealRegistration.Status.APPROVED
    protected_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    decided_at = factory.LazyFunction(timezone.now)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    customer_name = factory.Sequence(lambda n: f"线索客户{n}")
    region = factory.SubFactory(RegionFactory)
    contact_name = "王先生"
    contact_phone = "13900000000"


class LeadOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadOffer

    lead = factory.SubFactory(LeadFactory, status=Lead.Status.OFFERED)
    partner = factory.SubFactory(PartnerFactory)
    offered_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyAttribute(lambda o: o.offered_at + dt.timedelta(hours=48))


class ConflictCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictCase
        skip_postgeneration_save = True

    subject = ConflictCase.Subject.CUSTOMER
    customer_name = "争议客户"
    description = "Both partners visited the customer."

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
