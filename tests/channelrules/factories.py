import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from channelrules import models
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, SalesRecordFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Product
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"产品{n}")
    category = factory.SubFactory(ProductCategoryFactory, code="GENERAL", name="General")
    unit = "台"


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PriceList

    name = factory.Sequence(lambda n: f"价格表{n}")
    valid_from = dt.date(2026, 1, 1)
    valid_to = None


class PriceListLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PriceListLine

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(ProductFactory)
    category = None
    supply_price = Decimal("80.00")
    min_resale_price = Decimal("100.00")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Finding

    sale = factory.SubFactory(SalesRecordFactory, unit_price=Decimal("90.00"), product_code="SKU-A")
    partner = factory.SelfAttribute("sale.partner")
    kind = models.Finding.Kind.PRICE
    period = factory.LazyAttribute(lambda f: f.sale.date.replace(day=1))
    sold_on = factory.SelfAttribute("sale.date")
    product_code = "SKU-A"
    unit_price = Decimal("90.00")
    min_price = Decimal("100.00")


class InventoryReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InventoryReport

    partner = factory.SubFactory(PartnerFactory)
    period = dt.date(2026, 10, 1)
    submitted_at = factory.LazyFunction(timezone.now)


class InventoryLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InventoryLine

    report = factory.SubFactory(InventoryReportFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = 10


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Shipment

    partner = factory.SubFactory(PartnerFactory)
    product = factory.SubFactory(ProductFactory)
    shipped_on = dt.date(2026, 10, 10)
    quantity = 10
    external_ref = factory.Sequence(lambda n: f"SHIP-{n:06d}")
