import datetime as dt
import random
from decimal import Decimal

import factory

from partners import models
from partners.credit_code import ALPHABET, with_check_character
from partners.sales_months import sales_months_refresh
from tests.common.factories import ManagerFactory, UserFactory


def credit_code(seed: int) -> str:
    """A valid unified social credit code, different for every seed."""
    rng = random.Random(seed)
    body = "91" + "".join(rng.choice(ALPHABET[:10]) for _ in range(6)) + "".join(rng.choice(ALPHABET) for _ in range(9))
    return with_check_character(body)


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = "440000"
    name = "广东省"
    name_en = "Guangdong"
    level = models.Region.Level.PROVINCE


class RegionFactory(factory.django.DjangoModelFactory):
    """A city; its province comes from the migrated list (Guangdong unless told)."""

    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"44{90 + n // 100:02d}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"测试市{n}")
    level = models.Region.Level.CITY
    parent = factory.SubFactory(ProvinceFactory)


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tier

    name = factory.Sequence(lambda n: f"Tier {n}")
    rank = factory.Sequence(lambda n: n + 1)
    annual_sales_threshold = Decimal("1000000.00")
    benefits = "Priority support"


class ProductCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProductCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CAT{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partner

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Sequence(lambda n: f"伙伴公司{n}")
    legal_name = factory.LazyAttribute(lambda p: f"{p.name}有限公司")
    credit_code = factory.Sequence(credit_code)
    channel_type = models.ChannelType.DISTRIBUTOR
    region = factory.SubFactory(RegionFactory)
    manager = factory.SubFactory(ManagerFactory)
    status = models.Partner.Status.ACTIVE
    joined_on = dt.date(2024, 1, 1)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Faker("name", locale="zh_CN")
    title = "销售经理"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.com")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    is_primary = False


class PartnerUserFactory(UserFactory):
    """A portal user: a user with a membership of `partner` (a new partner unless given)."""

    @factory.post_generation
    def partner(self, create, extracted, **kwargs):
        """`PartnerUserFactory(partner=p)`, or `partner__name=...` for a new partner; `partner__role=` sets the role."""
        if not create:
            return
        role = kwargs.pop("role", models.PartnerMembership.Role.ADMIN)
        models.PartnerMembership.objects.create(user=self, partner=extracted or PartnerFactory(**kwargs), role=role)


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerMembership

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = models.PartnerMembership.Role.MEMBER


class PartnerStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerStatusChange

    partner = factory.SubFactory(PartnerFactory)
    from_status = models.Partner.Status.ONBOARDING
    to_status = models.Partner.Status.ACTIVE
    reason = "Agreement signed"
    changed_by = factory.SubFactory(ManagerFactory)


PDF_BYTES = b"%PDF-1.4\n% a minimal test document\n%%EOF\n"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    partner = factory.SubFactory(PartnerFactory)
    number = factory.Sequence(lambda n: f"AG-2026-{n:04d}")
    status = models.Agreement.Status.SIGNED
    start_on = dt.date(2026, 1, 1)
    end_on = dt.date(2026, 12, 31)
    signed_file = factory.django.FileField(data=PDF_BYTES, filename="agreement.pdf")


class SalesRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SalesRecord

    partner = factory.SubFactory(PartnerFactory)
    date = dt.date(2026, 10, 15)
    amount = Decimal("10000.00")
    quantity = 10
    category = factory.SubFactory(ProductCategoryFactory, code="GENERAL", name="General")
    new_customers = 0
    source = models.SalesRecord.Source.MANUAL
    external_ref = factory.Sequence(lambda n: f"REF-{n:07d}")
    # A negative line is a return (the database refuses a negative sale).
    kind = factory.LazyAttribute(
        lambda o: models.SalesRecord.Kind.RETURN if Decimal(o.amount) < 0 else models.SalesRecord.Kind.SALE
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As every path that writes sales does: the monthly summary the pages read follows the line.
        record = super()._create(model_class, *args, **kwargs)
        sales_months_refresh(keys={(record.partner_id, record.date)})
        return record


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interaction

    partner = factory.SubFactory(PartnerFactory)
    kind = models.Interaction.Kind.VISIT
    occurred_on = dt.date(2026, 10, 1)
    notes = "Quarterly review visit"
    next_step = "Send the new price list"
    due_on = dt.date(2026, 10, 15)
    recorded_by = factory.SubFactory(ManagerFactory)


class ComplianceIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ComplianceIncident

    partner = factory.SubFactory(PartnerFactory)
    kind = models.ComplianceIncident.Kind.PRICE
    severity = models.ComplianceIncident.Severity.MEDIUM
    occurred_on = dt.date(2026, 10, 5)
    description = "Sold below the minimum advertised price"
    reported_by = factory.SubFactory(ManagerFactory)


class SalesImportFactory(factory.django.DjangoModelFactory):
    """A recorded portal upload of partner A's kind: imported, two new rows."""

    class Meta:
        model = models.SalesImport

    uploaded_by = factory.SubFactory(UserFactory)
    file_name = "sales.csv"
    partner = factory.SubFactory(PartnerFactory)
    source = models.SalesRecord.Source.PORTAL
    status = models.SalesImport.Status.IMPORTED
    rows_total = 2
    rows_new = 2


class ReturnRecordFactory(SalesRecordFactory):
    """A return / credit note (退货 / 红冲): a negative line, optionally linked to the sale it returns."""

    amount = Decimal("-1000.00")
    quantity = -1
    external_ref = factory.Sequence(lambda n: f"RET-{n:07d}")
    original_ref = factory.LazyAttribute(lambda o: o.original.external_ref if o.original else "")
    original = None
