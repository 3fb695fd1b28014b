"""The channel rules' KPI kinds scored by the monthly cycle: price compliance rate, inventory report on time,
weeks of stock within range."""

import datetime as dt
from decimal import Decimal as D

import pytest

from channelrules.models import Finding
from channelrules.services import finding_dismiss, findings_detect
from common.periods import Period
from evaluations.models import KPIKind, ScorecardLine, TemplateAssignment
from evaluations.services import cycle_calculate
from tests.channelrules.factories import (
    InventoryLineFactory,
    InventoryReportFactory,
    PriceListLineFactory,
    ProductFactory,
)
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import ScorecardTemplateFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


@pytest.fixture
def template():
    template = ScorecardTemplateFactory(
        kpis=[
            {"kind": KPIKind.PRICE_COMPLIANCE, "weight": D("50")},
            {"kind": KPIKind.INVENTORY_ON_TIME, "weight": D("25")},
            {"kind": KPIKind.STOCK_IN_RANGE, "weight": D("25")},
        ]
    )
    TemplateAssignment.objects.create(channel_type="distributor", template=template)
    return template


def _lines(partner):
    return {line.kind: line for line in ScorecardLine.objects.filter(scorecard__partner=partner)}


def test_the_cycle_scores_the_channel_rule_kpis(template):
    product = ProductFactory(code="HW-100")
    PriceListLineFactory(product=product, min_resale_price=D("100.00"))
    partner = PartnerFactory()
    for price in ("100.00", "120.00", "99.00", "50.00"):
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), product_code="HW-100", unit_price=D(price))
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), product_code="HW-100", quantity=13)
    findings_detect(period=OCT)
    finding_dismiss(finding=Finding.objects.filter(unit_price=D("99.00")).get(), reason="agreed", by=ManagerFactory())
    report = InventoryReportFactory(partner=partner, period=OCT.first_day, late=False)
    InventoryLineFactory(report=report, product=product, quantity=14)
    InventoryLineFactory(report=report, product=ProductFactory(code="HW-200"), quantity=0)  # a stock-out
    late_partner = PartnerFactory()
    InventoryReportFactory(partner=late_partner, period=OCT.first_day, late=True)
    missing = PartnerFactory()

    cycle_calculate(period=OCT)

    lines = _lines(partner)
    assert lines[KPIKind.PRICE_COMPLIANCE].raw_value == D("75.00")  # 4 priced lines, 1 under that counts
    assert lines[KPIKind.INVENTORY_ON_TIME].raw_value == D("100.00")
    # HW-100: 14 on hand, 53 sold over Aug-Oct (92 days, 4.03 a week): 3.5 weeks, in range; HW-200 is out.
    assert lines[KPIKind.STOCK_IN_RANGE].raw_value == D("50.00")
    assert _lines(late_partner)[KPIKind.INVENTORY_ON_TIME].raw_value == D("0.00")
    assert _lines(missing)[KPIKind.INVENTORY_ON_TIME].raw_value == D("0.00")
    assert _lines(missing)[KPIKind.PRICE_COMPLIANCE].raw_value is None
    assert _lines(missing)[KPIKind.STOCK_IN_RANGE].raw_value is None
