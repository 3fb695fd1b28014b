"""Journey: the director writes and approves this year's plan, follows a dashboard number to the list behind
it, and records, closes and prints a quarterly review."""

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from playwright.sync_api import expect

from common import clock
from tests.common.factories import DirectorFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory


def test_director_plans_follows_the_dashboard_and_prints_a_review(login, live_server, transactional_db):
    cache.clear()  # the plan's remembered sums (plans.caching) of earlier tests' databases
    DirectorFactory(username="dir", first_name="Wei", last_name="Wang")
    today = clock.today()
    partner = PartnerFactory(name="Harbour Trading")
    SalesRecordFactory(partner=partner, date=today.replace(day=1), amount=Decimal("250000"))

    page = login("dir")
    expect(page.locator("#plan-dashboard")).to_contain_text("There is no channel work plan for this year yet.")
    page.click("#dashboard-new-plan")
    page.fill("#id_title", "Channel work plan")
    page.click("#plan-form button[type=submit]")
    expect(page.locator("#plan-status")).to_have_text("Draft")

    page.click("#add-goal")
    page.select_option("#id_kind", "sales")
    page.fill("#id_yearly_value", "1200000")
    page.click("#goal-form button[type=submit]")
    expect(page.locator("#goal-table tr[data-kind=sales] .goal-actual")).to_contain_text("250,000.00")

    # Approving asks first (static/js/confirm.js): cancelling leaves the plan a draft, confirming approves it.
    page.click("#approve-plan")
    expect(page.locator("#confirm-dialog")).to_contain_text("Approving fixes the plan")
    expect(page.locator("#confirm-dialog-go")).to_have_text("Approve the plan")
    page.click("#confirm-dialog-cancel")
    expect(page.locator("#confirm-dialog")).not_to_be_visible()
    expect(page.locator("#plan-status")).to_have_text("Draft")
    page.click("#approve-plan")
    page.click("#confirm-dialog-go")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator(".alert")).to_contain_text("goals are frozen")

    page.click("text=Add a risk")
    page.select_option("#id_category", "channel")
    page.fill("#id_description", "Key distributor may leave")
    page.fill("#id_likelihood", "3")
    page.fill("#id_impact", "5")
    page.fill("#id_response", "Three-year agreement")
    page.fill("#id_next_review_on", (today - dt.timedelta(days=3)).isoformat())
    page.click("#risk-form button[type=submit]")
    expect(page.locator("#risk-table")).to_contain_text("Key distributor may leave")

    # The dashboard: the plan's goals and a number to follow.
    page.click("text=Dashboard")
    expect(page.locator("#dashboard-goals")).to_contain_text("Sales amount")
    expect(page.locator("#sales-mtd")).to_contain_text("250,000.00")
    # the vendored Chart.js drew both charts (no inline script: the CSP would refuse it)
    assert page.evaluate("!!Chart.getChart('plan-sales-chart') && !!Chart.getChart('plan-coverage-chart')")
    risks = page.locator("#attention-list li[data-key=risks] a")
    expect(risks).to_contain_text("1")
    risks.click()
    expect(page.locator("h1")).to_have_text("Risk register")
    expect(page.locator("#risk-list")).to_contain_text("Key distributor may leave")
    page.click("#risk-list a")

    # A quarterly review: notes, close, print.
    page.click("#new-review")
    page.select_option("#id_kind", "quarter")
    page.fill("#id_period", today.isoformat())
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-title")).to_contain_text("Quarterly review")
    expect(page.locator("#review-figures tr[data-kind=sales] .review-actual")).to_contain_text("250,000.00")
    page.fill("#id_went_well", "E-commerce grew faster than planned")
    page.fill("#id_problems", "The north lags behind")
    page.click("#review-form button[type=submit]")
    page.click("#close-review")
    page.click("#confirm-dialog-go")  # the confirmation dialog (static/js/confirm.js)
    expect(page.locator("#review-status")).to_have_text("Closed")
    expect(page.locator("#went-well")).to_contain_text("E-commerce grew faster than planned")

    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("#print-review")
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("#print-review")).to_be_hidden()
    expect(page.locator("#review-figures")).to_be_visible()
