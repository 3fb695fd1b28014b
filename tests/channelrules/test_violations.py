"""The violation report on a table of cases: prices at and under the minimum, a list that expired the day
before, territory by province and by city, a partner without a territory; then the case workflow."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from channelrules.models import Finding
from channelrules.services import finding_dismiss, finding_raise_incident, findings_detect
from common.periods import Period
from partners.models import ComplianceIncident, Region
from partners.selectors import incident_counts
from tests.channelrules.factories import PriceListFactory, PriceListLineFactory, ProductFactory
from tests.common.factories import ManagerFactory
from tests.partners.factories import (
    AgreementFactory,
    PartnerFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesRecordFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


@pytest.fixture
def setting():
    tier = TierFactory()
    product = ProductFactory(code="HW-100")
    price_list = PriceListFactory(tier=tier, valid_from=dt.date(2026, 1, 1))
    PriceListLineFactory(price_list=price_list, product=product, min_resale_price=D("100.00"))
    guangdong = Region.objects.get(code="440000")
    shenzhen = RegionFactory(parent=guangdong)
    guangzhou = RegionFactory(parent=guangdong)
    return {
        "tier": tier,
        "product": product,
        "price_list": price_list,
        "guangdong": guangdong,
        "shenzhen": shenzhen,
        "guangzhou": guangzhou,
    }


def _sale(partner, *, price=None, region=None, day=dt.date(2026, 10, 15), product="HW-100"):
    return SalesRecordFactory(partner=partner, date=day, unit_price=price, customer_region=region, product_code=product)


def _kinds(sale):
    return sorted(Finding.objects.filter(sale=sale).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("price", "found"),
    [(D("100.00"), []), (D("99.99"), ["price"]), (D("150.00"), []), (None, [])],
    ids=["exactly-at-minimum", "one-cent-below", "above", "no-price-stated"],
)
def test_a_sale_under_the_minimum_resale_price_is_found(setting, price, found):
    partner = PartnerFactory(tier=setting["tier"])
    sale = _sale(partner, price=price)

    findings_detect(period=OCT)

    assert _kinds(sale) == found


def test_a_price_list_that_expired_the_day_before_does_not_apply(setting):
    setting["price_list"].valid_to = dt.date(2026, 10, 14)
    setting["price_list"].save()
    partner = PartnerFactory(tier=setting["tier"])
    on_last_day = _sale(partner, price=D("50.00"), day=dt.date(2026, 10, 14))
    day_after = _sale(partner, price=D("50.00"), day=dt.date(2026, 10, 15))

    findings_detect(period=OCT)

    assert _kinds(on_last_day) == ["price"]
    assert _kinds(day_after) == []


def test_the_most_specific_list_and_a_category_line_apply(setting):
    other_tier_partner = PartnerFactory(tier=TierFactory())
    everybody = PriceListFactory(valid_from=dt.date(2026, 6, 1))
    PriceListLineFactory(
        price_list=everybody, product=None, category=setting["product"].category, min_resale_price=D("60.00")
    )
    tier_partner = PartnerFactory(tier=setting["tier"])
    cheap_for_everybody = _sale(other_tier_partner, price=D("59.00"))
    fine_for_everybody = _sale(other_tier_partner, price=D("60.00"))
    tier_sale = _sale(tier_partner, price=D("70.00"))  # its tier's list (minimum 100) wins over the general one

    findings_detect(period=OCT)

    assert _kinds(cheap_for_everybody) == ["price"]
    assert _kinds(fine_for_everybody) == []
    assert _kinds(tier_sale) == ["price"]


def test_territory_by_province_and_by_city(setting):
    beijing = Region.objects.get(code="110000")
    by_province = PartnerFactory()
    AgreementFactory(partner=by_province).territory.add(setting["guangdong"])
    by_city = PartnerFactory()
    AgreementFactory(partner=by_city).territory.add(setting["shenzhen"])
    no_territory = PartnerFactory()

    city_in_province = _sale(by_province, region=setting["shenzhen"])
    other_province = _sale(by_province, region=beijing)
    own_city = _sale(by_city, region=setting["shenzhen"])
    neighbour_city = _sale(by_city, region=setting["guangzhou"])
    only_the_province = _sale(by_city, region=setting["guangdong"])
    anywhere = _sale(no_territory, region=beijing)
    no_region = _sale(by_city)

    findings_detect(period=OCT)

    assert _kinds(city_in_province) == []
    assert _kinds(other_province) == ["territory"]
    assert _kinds(own_city) == []
    assert _kinds(neighbour_city) == ["territory"]
    assert _kinds(only_the_province) == ["territory"]
    assert _kinds(anywhere) == []
    assert _kinds(no_region) == []


def test_an_agreement_not_in_force_on_the_sale_date_does_not_count(setting):
    partner = PartnerFactory()
    AgreementFactory(partner=partner, start_on=dt.date(2026, 11, 1), end_on=dt.date(2027, 10, 31)).territory.add(
        setting["shenzhen"]
    )
    sale = _sale(partner, region=setting["guangzhou"])

    findings_detect(period=OCT)

    assert _kinds(sale) == []


def test_the_report_run_twice_finds_each_sale_once_and_keeps_decisions(setting):
    partner = PartnerFactory(tier=setting["tier"])
    sale = _sale(partner, price=D("10.00"))
    assert findings_detect(period=OCT) == {"new": 1, "withdrawn": 0}
    finding_dismiss(finding=Finding.objects.get(), reason="Clearance sale agreed", by=ManagerFactory())

    assert findings_detect(period=OCT) == {"new": 0, "withdrawn": 0}
    assert Finding.objects.get(sale=sale).status == Finding.Status.DISMISSED


def test_an_open_finding_is_withdrawn_when_the_sale_is_corrected(setting):
    partner = PartnerFactory(tier=setting["tier"])
    sale = _sale(partner, price=D("10.00"))
    findings_detect(period=OCT)
    sale.unit_price = D("120.00")
    sale.save()

    assert findings_detect(period=OCT) == {"new": 0, "withdrawn": 1}
    assert not Finding.objects.exists()


def test_raising_an_incident_counts_against_the_partner(setting):
    partner = PartnerFactory(tier=setting["tier"])
    _sale(partner, price=D("99.99"))
    findings_detect(period=OCT)
    finding = Finding.objects.get()
    manager = ManagerFactory()

    incident = finding_raise_incident(finding=finding, by=manager)

    finding.refresh_from_db()
    assert finding.status == Finding.Status.INCIDENT and finding.incident == incident
    assert incident.kind == ComplianceIncident.Kind.PRICE and incident.occurred_on == dt.date(2026, 10, 15)
    assert "99.99" in incident.description and "100.00" in incident.description
    assert incident_counts(first=OCT, last=OCT) == {(partner.pk, OCT.first_day): {"medium": 1}}
    assert finding.history.first().history_user == manager
    with pytest.raises(ValidationError):
        finding_raise_incident(finding=finding, by=manager)
    assert ComplianceIncident.objects.count() == 1


def test_dismissing_needs_a_reason(setting):
    partner = PartnerFactory(tier=setting["tier"])
    _sale(partner, price=D("1.00"))
    findings_detect(period=OCT)
    finding = Finding.objects.get()

    with pytest.raises(ValidationError):
        finding_dismiss(finding=finding, reason="  ", by=ManagerFactory())

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_the_report_reads_a_fixed_number_of_queries(setting, django_assert_max_num_queries):
    beijing = Region.objects.get(code="110000")
    for _ in range(6):
        partner = PartnerFactory(tier=setting["tier"])
        AgreementFactory(partner=partner).territory.add(setting["shenzhen"])
        _sale(partner, price=D("1.00"), region=beijing)
    ProductCategoryFactory()
    with django_assert_max_num_queries(12):
        assert findings_detect(period=OCT)["new"] == 12
