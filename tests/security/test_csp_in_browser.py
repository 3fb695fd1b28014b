"""Under the enforced Content-Security-Policy the pages still work in Chromium: both charts draw, the language
menu submits itself, the honeypot stays hidden, and the browser reports no violation on any page visited."""

import datetime as dt
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from common.periods import Period
from evaluations.services import cycle_calculate
from tests.browser.pages import wait_for_chart
from tests.common.factories import PASSWORD, ManagerFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory

pytestmark = pytest.mark.browser


def test_pages_work_with_no_csp_violation(page, live_server, transactional_db):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    manager = ManagerFactory(username="mgr")
    partner = PartnerFactory(name="Harbour Trading", manager=manager)
    for month in (9, 10):
        SalesRecordFactory(partner=partner, date=dt.date(2026, month, 8), amount=D("90000"))
        TargetFactory(partner=partner, period=dt.date(2026, month, 1), amount=D("100000"))
    cycle_calculate(period=Period.month(2026, 10), publish=True)
    PartnerUserFactory(username="harbour", partner=partner)

    def login(username):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")

    login("mgr")
    page.goto(f"{live_server.url}/partners/{partner.pk}/?tab=sales")
    wait_for_chart(page, "sales-chart")
    page.select_option("#language-switcher select", "zh-hans")  # data-autosubmit, no onchange=
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.select_option("#language-switcher select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_load_state("networkidle")

    login("harbour")
    page.goto(f"{live_server.url}/portal/evaluations/scorecards/2026-10/")
    wait_for_chart(page, "trend-chart")
    datasets = page.evaluate("document.getElementById('trend-chart').chart.data.datasets.map(d => d.label)")
    assert datasets == ["Total points", "Sales", "Target"]
    expect(page.locator("[data-print]")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/apply/")
    honeypot = page.locator(".hp-field").first.bounding_box()
    assert honeypot is None or honeypot["x"] < 0  # off-screen: the stylesheet, not an inline <style>, hides it

    assert violations == []
