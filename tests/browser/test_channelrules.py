"""A partner uploads its inventory report (after fixing a bad row) and reads its price list; a channel
manager opens the violation report, checks the month's sales and raises an incident from a finding."""

import datetime as dt
from decimal import Decimal as D

from playwright.sync_api import expect

from channelrules.models import Finding, InventoryReport
from common.periods import Period
from partners.models import ComplianceIncident
from tests.channelrules.factories import PriceListFactory, PriceListLineFactory, ProductFactory
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory, TierFactory
from tests.partners.sales_files import csv_bytes


def test_partner_reports_inventory_and_manager_raises_an_incident(login, live_server, transactional_db, tmp_path, page):
    gold = TierFactory(name="金牌")
    router = ProductFactory(code="HW-100", name="企业路由器")
    ProductFactory(code="HW-200", name="交换机")
    price_list = PriceListFactory(name="金牌价格表", tier=gold, valid_from=dt.date(2020, 1, 1))
    PriceListLineFactory(price_list=price_list, product=router, supply_price=D("700.00"), min_resale_price=D("899.00"))
    partner = PartnerFactory(name="顺德电器", tier=gold)
    PartnerUserFactory(username="shunde", partner=partner)
    ManagerFactory(username="mgr")
    last_month = Period.current().previous()
    SalesRecordFactory(
        partner=partner, date=last_month.first_day + dt.timedelta(days=4), product_code="HW-100", unit_price=D("850.00")
    )

    # The partner reads its price list, then uploads a stock file with a bad row, fixes it and uploads again.
    page = login("shunde")
    page.click("#portal-prices-link")
    expect(page.locator("#portal-price-table")).to_contain_text("899.00")
    page.click("#portal-inventory-link")
    stock = tmp_path / "stock.csv"
    stock.write_bytes(csv_bytes([["HW-100", "12"], ["HW-999", "3"]], header=["product_code", "quantity"]))
    page.fill("#inventory-upload-form #id_period", str(last_month))
    page.set_input_files("#inventory-upload-form #id_file", str(stock))
    page.click("#inventory-upload-form button[type=submit]")
    expect(page.locator("#import-errors")).to_contain_text("No product has the code “HW-999”.")
    assert not InventoryReport.objects.exists()
    stock.write_bytes(csv_bytes([["HW-100", "12"], ["HW-200", "3"]], header=["product_code", "quantity"]))
    page.fill("#inventory-upload-form #id_period", str(last_month))
    page.set_input_files("#inventory-upload-form #id_file", str(stock))
    page.click("#inventory-upload-form button[type=submit]")
    expect(page.locator("#inventory-lines")).to_contain_text("HW-200")
    assert InventoryReport.objects.get().partner == partner

    # The manager checks last month's sales and raises an incident from the under-priced one.
    page.context.clear_cookies()
    page = login("mgr")
    page.goto(f"{live_server.url}/channelrules/violations/?period={last_month}")
    page.click("#violations-run-form button[type=submit]")
    rows = page.locator("#finding-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("顺德电器")
    rows.first.locator("a").click()
    page.select_option("#id_severity", "high")
    page.click("#incident-form button[type=submit]")
    page.click("#confirm-dialog-go")  # the confirmation dialog (static/js/confirm.js)
    expect(page.locator("#finding-status")).to_have_text("Incident raised")
    expect(page.locator("#history-table, table").last).to_contain_text("Incident raised")
    incident = ComplianceIncident.objects.get()
    assert (incident.partner, incident.severity, incident.kind) == (partner, "high", "price")
    assert Finding.objects.get().incident == incident
