from playwright.sync_api import expect

from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerUserFactory


def test_manager_switches_language_and_logs_out_then_partner_lands_on_portal(login, live_server, transactional_db):
    ManagerFactory(username="mgr", first_name="Mei", last_name="Li")
    PartnerUserFactory(username="partner", partner__name="Partner A Trading")

    page = login("mgr")
    expect(page.locator("h1")).to_have_text("Dashboard")

    page.select_option("#language-switcher select", "zh-hans")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("仪表盘")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.click("#user-menu")
    page.click("#logout-button")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")

    page = login("partner")
    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.locator("h1")).to_have_text("Partner A Trading")
