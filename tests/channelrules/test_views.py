"""The pages: the partner's own price list and its downloads, the product import, the violation report and
its decisions, and list pages whose query count does not grow with their rows."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from channelrules.models import Finding, PriceListLine, Product, StockThreshold
from partners.models import ComplianceIncident
from tests.channelrules.factories import (
    FindingFactory,
    InventoryLineFactory,
    InventoryReportFactory,
    PriceListFactory,
    PriceListLineFactory,
    ProductFactory,
    ShipmentFactory,
)
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, ProductCategoryFactory, TierFactory
from tests.partners.sales_files import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers():
    gold, silver = TierFactory(name="Gold"), TierFactory(name="Silver")
    product = ProductFactory(code="HW-100", name="Router")
    gold_list = PriceListFactory(name="Gold 2026", tier=gold)
    PriceListLineFactory(price_list=gold_list, product=product, supply_price=D("70.00"), min_resale_price=D("95.00"))
    silver_list = PriceListFactory(name="Silver 2026", tier=silver)
    PriceListLineFactory(price_list=silver_list, product=product, supply_price=D("80.00"), min_resale_price=D("99.00"))
    return gold, silver


def _partner_client(client, tier):
    user = PartnerUserFactory(partner=PartnerFactory(tier=tier))
    client.force_login(user)
    return client


def test_a_partner_sees_only_its_tier_s_current_list(client, tiers):
    gold, _silver = tiers
    page = _partner_client(client, gold).get(reverse("channelrules_portal:prices")).content.decode()
    assert "Gold 2026" in page and "70.00" in page and "95.00" in page
    assert "Silver 2026" not in page and "80.00" not in page


def test_a_partner_without_a_list_in_force_is_told_so(client, tiers):
    page = _partner_client(client, TierFactory()).get(reverse("channelrules_portal:prices")).content.decode()
    assert 'id="no-price-list"' in page


def test_the_price_list_downloads_as_csv_and_xlsx(client, tiers):
    gold, _silver = tiers
    client = _partner_client(client, gold)
    response = client.get(reverse("channelrules_portal:prices-download", kwargs={"fmt": "csv"}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert text.splitlines()[1] == "HW-100,Router,General,台,70.00,95.00"
    response = client.get(reverse("channelrules_portal:prices-download", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == ["HW-100", "Router", "General", "台", 70, 95]
    assert client.get(reverse("channelrules_portal:prices-download", kwargs={"fmt": "pdf"})).status_code == 404


def test_products_are_imported_from_the_page_and_bad_files_write_nothing(client):
    ProductCategoryFactory(code="HW", name="Hardware")
    client.force_login(ManagerFactory())
    good = io.BytesIO(
        csv_bytes(
            [["HW-1", "路由器", "hw", "台"], ["HW-2", "交换机", "Hardware", "台"]],
            header=["code", "name", "category", "unit"],
        )
    )
    good.name = "products.csv"
    response = client.post(reverse("channelrules:product-import"), {"file": good})
    assert response.status_code == 302
    assert list(Product.objects.values_list("code", "category__code")) == [("HW-1", "HW"), ("HW-2", "HW")]
    bad = io.BytesIO(
        csv_bytes(
            [["HW-3", "网关", "HW", "台"], ["HW-4", "", "NOPE", "台"]],
            header=["产品编码", "产品名称", "产品类别", "单位"],
        )
    )
    bad.name = "products.csv"
    response = client.post(reverse("channelrules:product-import"), {"file": bad})
    assert response.status_code == 400
    assert "“NOPE” is not a known product category." in response.content.decode()
    assert Product.objects.count() == 2


def test_a_price_line_for_a_product_already_listed_is_refused(client, tiers):
    client.force_login(ManagerFactory())
    listed = PriceListLine.objects.get(price_list__name="Gold 2026")
    response = client.post(
        reverse("channelrules:price-line-add", kwargs={"pk": listed.price_list_id}),
        {"product": listed.product_id, "supply_price": "1.00", "min_resale_price": "2.00"},
    )
    assert response.status_code == 400
    assert PriceListLine.objects.filter(price_list_id=listed.price_list_id).count() == 1


def test_a_manager_raises_an_incident_from_the_report(client):
    finding = FindingFactory(sale__date=dt.date(2026, 10, 9))
    client.force_login(ManagerFactory())
    page = client.get(reverse("channelrules:violations") + "?period=2026-10").content.decode()
    assert reverse("channelrules:finding-detail", kwargs={"pk": finding.pk}) in page
    response = client.post(reverse("channelrules:finding-incident", kwargs={"pk": finding.pk}), {"severity": "high"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == Finding.Status.INCIDENT
    assert ComplianceIncident.objects.get().severity == "high"
    page = client.get(reverse("channelrules:finding-detail", kwargs={"pk": finding.pk})).content.decode()
    assert "Incident raised" in page and 'id="incident-form"' not in page


def test_dismissing_without_a_reason_shows_the_error(client):
    finding = FindingFactory()
    client.force_login(ManagerFactory())
    response = client.post(reverse("channelrules:finding-dismiss", kwargs={"pk": finding.pk}), {"reason": ""})
    assert response.status_code == 400
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def _stocked_partner():
    partner = PartnerFactory()
    report = InventoryReportFactory(partner=partner, period=dt.date(2026, 10, 1))
    InventoryLineFactory(report=report, product=ProductFactory(code="HW-100"))
    ShipmentFactory(partner=partner, product=ProductFactory(code="HW-100"))


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("channelrules:products", lambda: ProductFactory()),
        ("channelrules:price-lists", lambda: PriceListLineFactory()),
        ("channelrules:violations", lambda: FindingFactory(sale__date=dt.date(2026, 10, 9))),
        ("channelrules:inventory", lambda: _stocked_partner()),
        ("channelrules:inventory-reports", lambda: _stocked_partner()),
    ],
)
def test_list_pages_read_a_fixed_number_of_queries(client, django_assert_num_queries, url, make):
    client.force_login(ManagerFactory())
    target = reverse(url) + "?period=2026-10"
    client.get(target)  # warm the session and permission caches
    make()  # after it, as after the four below, what is kept until the partners change is read afresh
    with CaptureQueriesContext(connection) as one:
        client.get(target)
    for _ in range(4):
        make()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(target)


def test_the_portal_inventory_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    user = PartnerUserFactory()
    partner = user.partner_membership.partner
    client.force_login(user)
    url = reverse("channelrules_portal:inventory")
    ProductFactory()
    InventoryReportFactory(partner=partner, period=dt.date(2026, 9, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for month in (5, 6, 7, 8):
        ProductFactory()
        InventoryReportFactory(partner=partner, period=dt.date(2026, month, 1))
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_manager_sets_and_changes_the_default_threshold(client):
    client.force_login(ManagerFactory())
    url = reverse("channelrules:thresholds")
    assert client.post(url, {"product": "", "min_weeks": "3", "max_weeks": "9"}).status_code == 302
    assert client.post(url, {"product": "", "min_weeks": "4", "max_weeks": "10"}).status_code == 302
    assert list(StockThreshold.objects.values_list("product", "min_weeks", "max_weeks")) == [(None, D("4"), D("10"))]
    response = client.post(url, {"product": "", "min_weeks": "9", "max_weeks": "2"})
    assert response.status_code == 400
    assert StockThreshold.objects.get().min_weeks == D("4")


def test_the_pages_read_in_chinese(client, settings, tiers):
    gold, _silver = tiers
    finding = FindingFactory(sale__date=dt.date(2026, 10, 9))
    report = InventoryReportFactory(partner=finding.partner, period=dt.date(2026, 10, 1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(ManagerFactory())
    internal = [
        reverse("channelrules:products"),
        reverse("channelrules:price-lists"),
        reverse("channelrules:price-list-detail", kwargs={"pk": PriceListLine.objects.first().price_list_id}),
        reverse("channelrules:violations") + "?period=2026-10",
        reverse("channelrules:finding-detail", kwargs={"pk": finding.pk}),
        reverse("channelrules:inventory") + "?period=2026-10",
        reverse("channelrules:inventory-reports") + "?period=2026-10",
        reverse("channelrules:thresholds"),
    ]
    for url in internal:
        page = client.get(url).content.decode()
        assert "渠道管理规则" in page, url
    assert "最低零售限价" in client.get(internal[4]).content.decode()
    user = PartnerUserFactory(partner=finding.partner)
    finding.partner.tier = gold
    finding.partner.save()
    client.force_login(user)
    for url in (
        reverse("channelrules_portal:prices"),
        reverse("channelrules_portal:inventory"),
        reverse("channelrules_portal:inventory-detail", kwargs={"pk": report.pk}),
    ):
        page = client.get(url).content.decode()
        assert "渠道库存" in page or "价格表" in page, url
