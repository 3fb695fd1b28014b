"""A partner contact answers the partner satisfaction survey from the emailed link; an end customer answers a
partner's public survey on a phone."""

import re

from django.core import mail
from playwright.sync_api import expect

from common import clock
from surveys import services
from surveys.models import Response, SurveySchedule
from tests.common.factories import PASSWORD
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory
from tests.surveys.factories import CustomerRoundFactory, standard_version


def test_partner_contact_answers_the_emailed_survey(page, live_server, django_capture_on_commit_callbacks):
    partner = PartnerFactory(name="Partner A Trading")
    PartnerUserFactory(username="partner", partner=partner)
    ContactFactory(partner=partner, name="Li Na", email="li.na@partner-a.example.com", language="en")
    version = standard_version()
    SurveySchedule.objects.create(template=version.template, next_on=clock.today())
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_rounds_start_due()

    # The email carries a personal link; the contact follows it and logs in.
    (email,) = mail.outbox
    path = re.search(r"https?://[^/]+(/portal/surveys/answer/[^/\s]+/)", email.body).group(1)
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=username]", "partner")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("#survey-form")).to_contain_text("How likely are you to recommend us")
    expect(page.locator("main")).to_contain_text("Answering as Li Na")

    q = list(version.questions.all())
    page.check(f"input[name=q{q[0].pk}][value='9']")
    page.check(f"input[name=q{q[1].pk}][value='4']")
    page.fill(f"textarea[name=q{q[3].pk}]", "Faster rebate statements, please.")
    page.click("#survey-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("your answer was recorded")
    expect(page.locator("#open-invitations")).to_contain_text("No survey is waiting for your answer")

    # The link cannot be used twice.
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("#survey-refusal")).to_contain_text("already used")
    assert Response.objects.get().partner == partner


def test_customer_answers_the_public_survey_on_a_phone(browser, live_server):
    today = clock.today()
    survey_round = CustomerRoundFactory(
        title="Store visitors, spring",
        partner=PartnerFactory(name="Partner A Trading"),
        version=standard_version(audience="customer"),
        opens_on=today,
        closes_on=today,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/survey/{survey_round.public_token}/")
    expect(page.locator("h1")).to_have_text("Store visitors, spring")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    q = list(survey_round.version.questions.all())
    page.check(f"input[name=q{q[0].pk}][value='10']")
    page.check(f"input[name=q{q[1].pk}][value='5']")
    page.check(f"input[name=q{q[2].pk}][value='Service']")
    sent = {
        name: page.locator(f"#survey-form input[name={name}]").input_value()
        for name in ("csrfmiddlewaretoken", "form_token")
    }
    page.click("#survey-form button[type=submit]")

    expect(page.locator("#survey-thanks")).to_contain_text("Thank you")
    assert Response.objects.get().partner == survey_round.partner
    # The same form sent again (a double tap, a resent request) does not count twice.
    again = page.request.post(
        page.url,
        form=sent | {f"q{q[0].pk}": "0", f"q{q[1].pk}": "1"},
        headers={"Referer": page.url},
    )
    assert again.status == 409
    assert "already answered" in again.text()
    assert Response.objects.count() == 1
    context.close()
