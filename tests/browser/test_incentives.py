# ruff: noqa: RUF001 -- the explanation uses the multiplication sign of a printed statement
"""Journey: a manager creates a rebate policy and runs the calculation, Finance approves, the partner sees it."""

import datetime as dt
from decimal import Decimal

from playwright.sync_api import expect

from tests.common.factories import FinanceFactory, ManagerFactory
from tests.partners.factories import PartnerUserFactory, SalesRecordFactory


def test_rebate_policy_to_partner_statement(login, live_server, transactional_db):
    ManagerFactory(username="mgr")
    FinanceFactory(username="fin")
    partner_user = PartnerUserFactory(username="ptr", partner__name="Rebate Trading")
    SalesRecordFactory(
        partner=partner_user.partner_membership.partner, amount=Decimal("600000"), date=dt.date(2026, 10, 15)
    )

    page = login("mgr")
    page.goto(f"{live_server.url}/incentives/")
    page.click("#new-policy")
    page.click("#new-volume_rebate")
    page.fill("#id_name", "Volume rebate 2026")
    page.fill("#id_valid_from", "2026-01-01")
    page.select_option("#id_mode", "retroactive")
    page.fill("#id_brackets", "0:0\n100000:2\n500000:3")
    page.click("#policy-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Volume rebate 2026")

    page.goto(f"{live_server.url}/incentives/calculate/")
    page.fill("#id_month", "2026-10")
    page.click("#run-calculation")
    expect(page.locator("#calculation-progress")).to_have_attribute("data-run-state", "done")
    page.click("#calculation-progress a")
    expect(page.locator("#accrual-table")).to_contain_text(
        "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)"
    )
    page.context.clear_cookies()

    page = login("fin")
    page.goto(f"{live_server.url}/incentives/approvals/")
    expect(page.locator("#approval-table")).to_contain_text("Rebate Trading")
    page.locator("#approval-table button", has_text="Approve").click()
    expect(page.locator(".alert")).to_contain_text("approved")
    page.context.clear_cookies()

    page = login("ptr")
    page.click("#portal-statements")
    page.click("text=October 2026")
    expect(page.locator("#statement-lines")).to_contain_text(
        "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)"
    )
    expect(page.locator("#payable")).to_have_text("18,000.00")
    with page.expect_download() as download:
        page.click("#download-csv")
    assert download.value.suggested_filename.endswith("2026-10.csv")
