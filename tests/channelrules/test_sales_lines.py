"""Sales lines carry product, unit price and the customer's region through the sales import, and the
violation report reads them."""

import io
from decimal import Decimal as D

import pytest

from channelrules.models import Finding
from channelrules.services import findings_detect
from common.periods import Period
from partners.imports.services import sales_import_run
from partners.models import SalesImport, SalesRecord
from tests.channelrules.factories import PriceListLineFactory, ProductFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import HEADER, RETURNS_HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


def _run(rows):
    return sales_import_run(file=io.BytesIO(csv_bytes(rows, header=HEADER)), file_name="sales.csv")


def test_product_price_and_region_are_imported_and_checked():
    ProductCategoryFactory(code="GENERAL", name="General")
    partner = PartnerFactory(code="P00001")
    result = _run([row(ref="A", product="HW-100", unit_price="99.50", region="440000"), row(ref="B", region="广东省")])
    assert result.status == SalesImport.Status.IMPORTED, result.errors
    lines = {line.external_ref: line for line in SalesRecord.objects.filter(partner=partner)}
    assert (lines["A"].product_code, lines["A"].unit_price, lines["A"].customer_region.code) == (
        "HW-100",
        D("99.50"),
        "440000",
    )
    assert lines["B"].customer_region.code == "440000" and lines["B"].unit_price is None

    bad = _run([row(ref="C", unit_price="1.234", region="Atlantis")])
    assert bad.status == SalesImport.Status.REJECTED
    assert [(error["code"], error["column"]) for error in bad.errors] == [
        ("amount_decimals", "unit_price"),
        ("unknown_region", "customer_region"),
    ]


def test_an_imported_under_priced_line_is_found():
    ProductCategoryFactory(code="GENERAL", name="General")
    PartnerFactory(code="P00001")
    PriceListLineFactory(product=ProductFactory(code="HW-100"), min_resale_price=D("100.00"))
    _run([row(ref="A", product="HW-100", unit_price="99.99"), row(ref="B", product="HW-100", unit_price="100.00")])

    findings_detect(period=Period.month(2026, 10))

    assert list(Finding.objects.values_list("sale__external_ref", "kind")) == [("A", "price")]


def test_a_return_is_not_a_sale_under_the_minimum_price():
    # given a sale at the minimum price and its return (a negative line) stating the same unit price
    ProductCategoryFactory(code="GENERAL", name="General")
    PartnerFactory(code="P00001")
    PriceListLineFactory(product=ProductFactory(code="HW-100"), min_resale_price=D("100.00"))
    sale = row(ref="A", product="HW-100", unit_price="99.00")
    back = row(ref="R", amount="-99.00", quantity="-1", product="HW-100", unit_price="99.00")
    result = sales_import_run(
        file=io.BytesIO(csv_bytes([[*sale, "", ""], [*back, "return", "A"]], header=RETURNS_HEADER)),
        file_name="sales.csv",
    )
    assert result.status == SalesImport.Status.IMPORTED, result.errors

    # when
    findings_detect(period=Period.month(2026, 10))

    # then only the sale is a finding
    assert list(Finding.objects.values_list("sale__external_ref", flat=True)) == ["A"]
