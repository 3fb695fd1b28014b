"""The director's month and the partner's month: a manager publishes the cycle, the partner reads its
scorecard and sees the 12-month chart drawn."""

import datetime as dt
from decimal import Decimal as D

from playwright.sync_api import expect

from common.periods import Period
from evaluations.services import cycle_calculate
from tests.browser.pages import wait_for_chart
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory


def test_manager_publishes_and_partner_reads_its_scorecard_and_chart(login, live_server, transactional_db):
    manager = ManagerFactory(username="mgr")
    partner = PartnerFactory(name="Harbour Trading", manager=manager)
    other = PartnerFactory(name="Other Trading", manager=manager)
    for month in (9, 10):
        SalesRecordFactory(partner=partner, date=dt.date(2026, month, 8), amount=D("90000"))
        TargetFactory(partner=partner, period=dt.date(2026, month, 1), amount=D("100000"))
    SalesRecordFactory(partner=other, date=dt.date(2026, 10, 8), amount=D("5000"))
    cycle_calculate(period=Period.month(2026, 9), publish=True)
    cycle_calculate(period=Period.month(2026, 10))
    PartnerUserFactory(username="harbour", partner=partner)

    page = login("mgr")
    page.click("#nav-evaluations")
    page.click("text=Evaluation cycles")
    page.click("text=October 2026")
    expect(page.locator("#cycle-status")).to_have_text("In review")
    expect(page.locator("#scorecards")).to_contain_text("Harbour Trading")
    page.click("#publish-button")
    expect(page.locator("#consequences")).to_contain_text("show 2 scorecards to their partners in the portal;")
    page.click("#confirm-button")
    expect(page.locator("#cycle-status")).to_have_text("Published")
    page.click("#user-menu")
    page.click("#logout-button")

    page = login("harbour")
    page.click("text=Scorecards")
    expect(page.locator("body")).not_to_contain_text("Other Trading")
    page.click("text=October 2026")
    expect(page.locator("h1")).to_contain_text("Scorecard October 2026")
    expect(page.locator("#scorecard-lines")).to_contain_text(
        "Sales of CNY 90,000.00 against a target of CNY 100,000.00: 90.00% attained."
    )
    expect(page.locator("#tier-gap")).to_be_visible()
    # Chart.js drew the trend: two published months with a total, twelve labels
    wait_for_chart(page, "trend-chart")
    labels = page.evaluate("document.getElementById('trend-chart').chart.data.labels.length")
    totals = page.evaluate(
        "document.getElementById('trend-chart').chart.data.datasets[0].data.filter(x => x !== null).length"
    )
    assert (labels, totals) == (12, 2)
    assert page.evaluate("document.getElementById('trend-chart').width") > 0


def test_message_to_the_partner_is_previewed_as_typed_and_the_note_stays_internal(login, live_server, transactional_db):
    """Issue 19: two texts for two readers; the partner-facing one is previewed as the portal shows it."""
    manager = ManagerFactory(username="mgr")
    partner = PartnerFactory(name="Harbour Trading", manager=manager)
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 8), amount=D("90000"))
    cycle = cycle_calculate(period=Period.month(2026, 10))
    card = cycle.scorecards.get()

    page = login("mgr")
    page.goto(f"{live_server.url}/evaluations/scorecards/{card.pk}/")
    expect(page.locator("#partner-message-empty")).to_be_visible()
    page.fill("#id_note", "Live streams fell in October; talked to the owner.")
    page.fill("#id_partner_message", "Thank you for October.\nPlease focus on new customers.")
    expect(page.locator("#partner-message")).to_be_visible()
    expect(page.locator("#partner-message")).to_contain_text("Message from your channel manager:")
    expect(page.locator("#partner-message-text")).to_contain_text("Please focus on new customers.")
    expect(page.locator("#partner-message-preview")).not_to_contain_text("Live streams fell")
    expect(page.locator("#partner-message-empty")).to_be_hidden()
    page.click("#note-form button[type=submit]")
    card.refresh_from_db()
    assert card.note.startswith("Live streams") and card.partner_message.startswith("Thank you")


def test_manager_makes_and_publishes_a_quarter_and_the_partner_reads_its_card(login, live_server, transactional_db):
    from evaluations.services import cycle_publish

    manager = ManagerFactory(username="mgr")
    partner = PartnerFactory(name="Quarter Trading", manager=manager, joined_on=dt.date(2024, 1, 1))
    for month in (10, 11, 12):
        SalesRecordFactory(partner=partner, date=dt.date(2025, month, 8), amount=D("110000"))
        TargetFactory(partner=partner, period=dt.date(2025, month, 1), amount=D("100000"))
        cycle_publish(cycle=cycle_calculate(period=Period.month(2025, month)), notify=False)
    PartnerUserFactory(username="quarter", partner=partner)

    page = login("mgr")
    page.click("#nav-evaluations")
    page.click("text=Quarterly and yearly evaluations")
    page.select_option("#id_length", "quarter")
    page.fill("#id_period", "2025-11")
    page.click("#period-run-form button[type=submit]")
    expect(page.locator("#period-status")).to_have_text("In review")
    expect(page.locator("#period-scorecards")).to_contain_text("Quarter Trading")
    page.click("#publish-button")
    page.click("#confirm-button")
    expect(page.locator("#period-status")).to_have_text("Published")
    page.click("#user-menu")
    page.click("#logout-button")

    page = login("quarter")
    page.click("text=Quarterly and yearly")
    page.click("text=Q4 2025")
    expect(page.locator("h1")).to_contain_text("Scorecard Q4 2025")
    expect(page.locator("#period-lines")).to_contain_text("The period's sales against the period's target")
