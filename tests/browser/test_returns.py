"""Journey: a partner reports a return of a sale already paid through the portal upload; after November's
calculation its December statement shows the clawback line, citing the return and the original sale."""

import datetime as dt
from decimal import Decimal

from playwright.sync_api import expect

from common.periods import Period
from incentives import services
from incentives.models import Payout, PolicyKind
from partners.models import SalesRecord
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerUserFactory, ProductCategoryFactory, SalesRecordFactory
from tests.partners.sales_files import RETURNS_HEADER, csv_bytes, row

SEP, NOV, DEC = Period.month(2026, 9), Period.month(2026, 11), Period.month(2026, 12)


def _pay(partner, period):
    finance = FinanceFactory()
    payout = Payout.objects.get(partner=partner, period=period.first_day)
    services.payout_approve(payout=payout, by=finance)
    payout.refresh_from_db()
    services.payout_settle(
        payout=payout, by=finance, settlement="bank", paid_on=period.next().first_day, payment_reference="B"
    )


def test_a_partner_reports_a_return_and_reads_the_clawback_on_its_statement(
    login, live_server, transactional_db, tmp_path
):
    user = PartnerUserFactory(username="ptr", partner__code="P7001", partner__name="退货测试商贸")
    partner = user.partner_membership.partner
    category = ProductCategoryFactory(code="HW", name="硬件设备")
    PolicyFactory(kind=PolicyKind.COMMISSION, name="销售提成 3%", rules={"rate": "3"})
    SalesRecordFactory(
        partner=partner, amount=Decimal("10000"), date=dt.date(2026, 9, 12), external_ref="INV-9", category=category
    )
    services.rewards_calculate(period=SEP)
    _pay(partner, SEP)

    # The partner uploads the return, naming the sale it sends back.
    upload = tmp_path / "returns.csv"
    line = row(code="P7001", date="2026-11-03", amount="-10000.00", quantity="-5", category="HW", ref="RET-1")
    upload.write_bytes(csv_bytes([[*line, "退货", "INV-9"]], header=RETURNS_HEADER))
    page = login("ptr")
    page.goto(f"{live_server.url}/portal/partners/sales/upload/")
    expect(page.locator("#returns-guide")).to_be_visible()
    page.set_input_files("#id_file", str(upload))
    page.click("#sales-upload-submit")
    expect(page.locator("#import-success")).to_be_visible()
    assert SalesRecord.objects.get(external_ref="RET-1").original.external_ref == "INV-9"

    # The scheduled calculations of November and December run; Finance approves December.
    services.rewards_calculate(period=NOV)
    services.rewards_calculate(period=DEC)
    _pay(partner, DEC)

    page.goto(f"{live_server.url}/portal/incentives/statements/")
    page.click("text=December 2026")
    lines = page.locator("body")
    expect(lines).to_contain_text("Clawback of returns")
    expect(lines).to_contain_text("RET-1 of Nov. 3, 2026, returning INV-9 of Sept. 12, 2026")
    expect(lines).to_contain_text("-300.00")
