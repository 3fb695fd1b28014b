"""axe-core over every page each role reaches from the navigation bar of the demo data (and, for the director, the
pages linked from a partner and a cycle): no serious or critical violation (contrast, labels, landmarks), and no
page wider than a 1366 px screen."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from common.demo import DEMO_PASSWORD
from evaluations.models import EvaluationCycle
from partners.models import Partner
from tests.browser.pages import menu_urls, overflow, serious_violations

pytestmark = pytest.mark.browser

ROLES = ["director", "manager", "finance", "trainer", "partner-p0001"]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def test_every_menu_page_of_every_role_has_no_serious_accessibility_violation(demo, login, page, live_server):
    # One demo data set for all the roles: seeding it is the slow part.
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = {}
    for username in ROLES:
        page.context.clear_cookies()
        login(username, DEMO_PASSWORD)
        urls = menu_urls(page, live_server.url) + [live_server.url + path for path in _linked_pages(username)]
        problems |= _check(page, urls, username)
    assert not problems


def _linked_pages(username) -> list[str]:
    """Pages a director reaches from those of the menu: a partner's tabs, the follow-ups, a cycle's review."""
    if username != "director":
        return []
    partner = Partner.objects.get(code="P0001")
    detail = reverse("partners:detail", kwargs={"pk": partner.pk})
    cycle = EvaluationCycle.objects.first()
    return [
        *(f"{detail}?tab={tab}" for tab in ("scorecards", "statements", "rebate", "interactions")),
        reverse("partners:follow-ups") + "?scope=all",
        reverse("evaluations:cycle", kwargs={"period": cycle}),
        reverse("evaluations:scorecard", kwargs={"pk": cycle.scorecards.first().pk}),
    ]


def _check(page, urls, username) -> dict:
    problems = {}
    for url in urls:
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        found = serious_violations(page)
        if response.status != 200:
            found.append(f"status {response.status}")
        if overflow(page) > 0:
            found.append(f"{overflow(page)} px wider than the screen")
        if found:
            problems[f"{username} {url}"] = found
    return problems


# A few manager pages with wide tables, which scroll sideways inside their wrapper on a phone.
MANAGER_PHONE_PAGES = [
    "home",
    "partners:list",
    "incentives:statements",
    "incentives:approvals",
    "evaluations:cycle-list",
    "recruitment:application-list",
]


def test_portal_and_manager_pages_on_a_390_px_phone_have_no_serious_accessibility_violation(
    demo, login, page, live_server
):
    """On a phone, wide tables scroll inside `.table-responsive`: each scrolling wrapper must be focusable and
    named (axe's scrollable-region-focusable), or a keyboard user cannot read its hidden columns."""
    page.set_viewport_size({"width": 390, "height": 844})
    login("partner-p0001", DEMO_PASSWORD)
    # every page of the portal's menu (the bank account page among them), which must also fit the phone
    problems = _check(page, menu_urls(page, live_server.url), "partner-p0001")
    page.context.clear_cookies()
    login("manager", DEMO_PASSWORD)
    for name in MANAGER_PHONE_PAGES:
        page.goto(live_server.url + reverse(name))
        page.wait_for_load_state("networkidle")
        if found := serious_violations(page):
            problems[f"manager {name}"] = found
    assert not problems
    # the fix is what made them pass: some wrapper did scroll, and it is a named tab stop
    page.goto(live_server.url + reverse("incentives:statements"))
    page.wait_for_load_state("networkidle")
    scrolling = page.locator("[data-scroll-focus]")
    assert scrolling.count() >= 1
    assert scrolling.first.get_attribute("tabindex") == "0" and scrolling.first.get_attribute("aria-label")
