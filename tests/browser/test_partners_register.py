"""A channel manager registers a partner, finds it in the list and walks its tabs; a partner admin
keeps its contacts and downloads its agreement in the portal."""

import re

from playwright.sync_api import expect

from partners.models import Partner
from tests.common.factories import ManagerFactory
from tests.partners.factories import (
    AgreementFactory,
    PartnerUserFactory,
    RegionFactory,
    SalesRecordFactory,
    TierFactory,
    credit_code,
)


def test_manager_registers_a_partner_and_sees_it_in_the_list_and_tabs(login, live_server, transactional_db):
    ManagerFactory(username="mgr", first_name="Mei", last_name="Li")
    city = RegionFactory(name="佛山市")
    TierFactory(name="金牌", rank=1)
    page = login("mgr")

    page.click("text=Partners")
    page.click("#new-partner")
    page.fill("#id_code", "P8001")
    page.fill("#id_name", "佛山顺德家电")
    page.fill("#id_legal_name", "佛山市顺德家电销售有限公司")
    good = credit_code(8001)
    page.fill("#id_credit_code", good[:-1] + ("0" if good[-1] != "0" else "1"))  # a wrong check digit first
    page.select_option("#id_channel_type", "retailer")
    page.select_option("#id_tier", label="金牌")
    page.select_option("#id_region", str(city.pk))
    page.select_option("#id_status", "onboarding")
    page.click("#partner-form button[type=submit]")
    expect(page.locator("#partner-form")).to_contain_text("does not match its check digit")

    page.fill("#id_credit_code", good)
    page.click("#partner-form button[type=submit]")
    expect(page.locator("#partner-name")).to_have_text("佛山顺德家电")
    partner = Partner.objects.get(code="P8001")

    # The list finds it by free text and by status.
    page.click("nav >> text=Partners")
    page.fill("#id_q", "顺德")
    page.select_option("#id_status", "onboarding")
    page.click("#partner-filter button[type=submit]")
    rows = page.locator("#partner-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("P8001")
    rows.first.locator("a", has_text="佛山顺德家电").click()

    # Contacts tab: add the primary contact.
    page.click("#partner-tabs >> text=Contacts")
    page.click("#add-contact")
    page.fill("#id_name", "何静")
    page.fill("#id_email", "he.jing@example.com")
    page.check("#id_is_primary")
    page.click("#child-form button[type=submit]")
    expect(page.locator("#contact-table")).to_contain_text("何静")

    # Status: onboarding → active with a reason, visible in the history tab.
    page.click("#change-status")
    page.select_option("#id_status", "active")
    page.fill("#id_reason", "协议签署完成")
    page.click("#status-form button[type=submit]")
    expect(page.locator("#status-history")).to_contain_text("协议签署完成")
    expect(page.locator("#partner-tabs .active")).to_have_text("History")

    # Sales tab: the chart is drawn from the monthly figures.
    SalesRecordFactory(partner=partner, date=partner.status_changes.first().changed_at.date(), amount="12345.60")
    page.click("#partner-tabs >> text=Sales")
    expect(page.locator("#sales-chart")).to_have_attribute("data-ready", "true")
    expect(page.locator("#monthly-sales")).to_contain_text("12,345.60")

    for tab in ("Overview", "Agreements", "Interactions", "Compliance incidents"):
        page.click(f"#partner-tabs >> text={tab}")
        expect(page.locator("#partner-tabs .active")).to_have_text(tab)


def test_partner_admin_edits_contacts_and_downloads_its_agreement(login, live_server, transactional_db):
    user = PartnerUserFactory(username="padmin", partner__name="Guangzhou Trading")
    agreement = AgreementFactory(partner=user.partner_membership.partner, number="HT-2026-0042")
    page = login("padmin")

    page.click("nav >> text=Contacts")
    page.click("#add-contact")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", "not-an-email")
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#contact-form")).to_contain_text("Enter a valid email address")
    page.fill("#id_email", "wang.fang@example.com")
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#contact-table")).to_contain_text("wang.fang@example.com")

    page.click("nav >> text=Agreements")
    expect(page.locator("#agreement-table")).to_contain_text(agreement.number)
    with page.expect_download() as download:
        page.click("#agreement-table >> text=Download")
    assert re.match(r"agreement.*\.pdf", download.value.suggested_filename)

    page.click("nav >> text=Sales")
    expect(page.locator("#sales-chart")).to_have_attribute("data-ready", "true")
