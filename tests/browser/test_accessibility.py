"""axe-core over every page each role reaches from the navigation bar of the demo data: no serious or critical
violation (contrast, labels, landmarks), and no page wider than a 1366 px screen."""

import io

import pytest
from django.core.management import call_command

from common.demo import DEMO_PASSWORD
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
        problems |= _check_menu_pages(page, live_server.url, username)
    assert not problems


def _check_menu_pages(page, base_url, username) -> dict:
    problems = {}
    for url in menu_urls(page, base_url):
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
