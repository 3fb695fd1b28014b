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
