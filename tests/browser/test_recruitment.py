"""Journey 4: an applicant applies on the public form, a manager screens, qualifies, negotiates, signs and
onboards it on the board, and the new partner logs in through the invitation link."""

import re

from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from partners.models import Partner, Region
from recruitment.models import Application
from tests.common.factories import ManagerFactory
from tests.partners.factories import credit_code
from tests.recruitment.factories import CampaignFactory, CampaignGoalFactory

NEW_PASSWORD = "Blue-sea-2026!"


def test_public_application_to_onboarded_partner_logging_in(login, page, live_server, transactional_db, settings):
    cache.clear()
    settings.SITE_URL = live_server.url
    manager = ManagerFactory(username="mgr", first_name="Mei", last_name="Li")
    campaign = CampaignFactory(slug="east-2026", name="East China 2026", owner=manager)
    CampaignGoalFactory(campaign=campaign)
    code = credit_code(4242)

    # The applicant, not logged in, on a phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/apply/east-2026/")
    expect(page.locator("h1")).to_have_text("East China 2026")
    page.fill("#id_company_name", "Blue Sea Trading")
    page.fill("#id_legal_name", "Hangzhou Blue Sea Trading Co., Ltd.")
    page.fill("#id_credit_code", code.lower())
    page.select_option("#id_channel_type", "distributor")
    page.select_option("#id_regions", [str(Region.objects.get(code="330100").pk)])
    page.select_option("#id_revenue_band", "5m_20m")
    page.fill("#id_team_size", "25")
    page.fill("#id_brands", "Brand A, Brand B")
    page.fill("#id_contact_name", "Chen Jing")
    page.fill("#id_email", "chen.jing@bluesea.example.com")
    page.fill("#id_phone", "13912345678")
    page.check("#id_consent")
    page.click("#application-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Thank you for your application")
    application = Application.objects.get(credit_code=code)
    assert application.score == 83  # 85.17 for the typical distributor, less 2.5 for no e-commerce store
    # the applicant's acknowledgement, and one notice to the campaign's owner (issue 19)
    assert sorted(message.to[0] for message in mail.outbox) == ["chen.jing@bluesea.example.com", manager.email]

    # The manager moves the card along the board, one click per stage.
    page.set_viewport_size({"width": 1600, "height": 1000})
    login("mgr")
    page.goto(f"{live_server.url}/recruitment/?campaign={campaign.pk}")
    card = f"#card-{application.pk}"
    expect(page.locator(f'section[data-stage="applied"] {card}')).to_be_visible()
    for stage in ("screening", "qualified", "negotiation", "signed"):
        page.locator(f"{card} button.move-next").click()
        expect(page.locator(f'section[data-stage="{stage}"] {card}')).to_be_visible()
    # Onboarding creates a partner, an account and an email: its own page says so and asks first.
    page.locator(f"{card} button.move-next").click()
    expect(page.locator("#consequences")).to_contain_text("chen.jing@bluesea.example.com")
    assert not Partner.objects.filter(credit_code=code).exists()
    page.click("#confirm-button")
    expect(page.locator(f'section[data-stage="onboarded"] {card}')).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("Blue Sea Trading moved to Onboarded")
    partner = Partner.objects.get(credit_code=code)
    assert partner.status == Partner.Status.ONBOARDING
    page.click("#user-menu")
    page.click("#logout-button")

    # The new partner follows the invitation link, sets a password and lands on its portal.
    invitation = mail.outbox[-1]
    assert invitation.to == ["chen.jing@bluesea.example.com"]
    link = re.search(rf"{re.escape(live_server.url)}/accounts/reset/\S+/", invitation.body).group(0)
    page.goto(link)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Password set")
    page = login("chen.jing@bluesea.example.com", NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.locator("h1")).to_have_text("Blue Sea Trading")
    assert len(mail.outbox) == 3  # acknowledgement, owner notice, invitation
