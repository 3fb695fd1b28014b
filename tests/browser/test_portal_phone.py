"""The partner portal on a 390 px phone and a 1366 px laptop: no page wider than the screen, table headers on
one line, the trend chart not squashed, and the home page leads to the latest published scorecard."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from common.demo import DEMO_PASSWORD
from incentives.models import BankAccount, BankAccountChange
from tests.browser.pages import overflow
from tests.partners.factories import PartnerFactory, PartnerUserFactory

pytestmark = pytest.mark.browser

# The journeys of a partner admin of the demo data: from the home page to each page it reaches.
JOURNEY = [
    "/portal/evaluations/scorecards/",
    "/portal/incentives/statements/",
    "/portal/incentives/rebate-account/",
    "/portal/incentives/funds/",
    "/portal/incentives/bank-account/",
    "/portal/partners/sales/",
    "/portal/partners/sales/upload/",
    "/portal/channel/inventory/upload/",
    "/portal/partners/contacts/",
    "/portal/partners/agreements/",
    "/portal/training/",
    "/portal/deals/",
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def _fits(page) -> list[str]:
    """What does not fit: sideways scrolling, or table headers broken over several lines."""
    problems = []
    if overflow(page) > 0:
        problems.append(f"{overflow(page)} px too wide")
    tallest = page.evaluate("Math.max(0, ...[...document.querySelectorAll('main th')].map(th => th.offsetHeight))")
    if tallest > 48:
        problems.append(f"a header {tallest} px tall")
    return problems


@pytest.mark.parametrize("width", [390, 1366])
def test_portal_journeys_fit_the_screen(width, demo, login, live_server):
    page = login("partner-p0001", DEMO_PASSWORD)
    page.set_viewport_size({"width": width, "height": 844})
    problems = {"home": _fits(page)}

    # The home page shows the latest published scorecard; its link opens it, chart and all.
    expect(page.locator("#evaluations-portal-panel #latest-grade .badge")).to_be_visible()
    page.click("#latest-scorecard")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#trend-chart[data-ready=true]")).to_be_attached()
    problems["scorecard"] = _fits(page)
    box = page.locator("#trend-chart").bounding_box()
    assert box["height"] >= box["width"] / 2.5, "the trend chart is squashed"

    page.goto(f"{live_server.url}/portal/incentives/statements/")
    page.locator("#portal-statement-table tbody a").first.click()
    page.wait_for_load_state("networkidle")
    problems["statement"] = _fits(page)

    for path in JOURNEY:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        problems[path] = _fits(page)
    assert not {where: found for where, found in problems.items() if found}


def test_a_partner_admin_submits_its_bank_account_on_a_phone(login, live_server, transactional_db):
    partner = PartnerFactory(legal_name="深圳甲科技有限公司")
    BankAccount.objects.create(
        partner=partner,
        bank_name="招商银行",
        branch="深圳分行",
        account_name="深圳甲科技有限公司",
        account_number="6225880112345678",
    )
    user = PartnerUserFactory(partner=partner)
    page = login(user.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/incentives/bank-account/")
    assert not _fits(page)

    page.fill("#id_bank_name", "工商银行")
    page.fill("#id_branch", "南山支行")
    page.fill("#id_account_number", "6222 0202 0011 2233")
    page.click("#bank-account-form button[type=submit]")
    page.wait_for_load_state("networkidle")

    expect(page.locator("#pending-change")).to_contain_text("•••• 2233")
    expect(page.locator("#current-account")).to_contain_text("•••• 5678")
    assert not _fits(page)
    assert BankAccountChange.objects.get().submitted_by == user
