"""Journey 5 with journey 2's last step: a partner registers a colleague, the trainer records attendance
and a passing score in the grid, and the partner then sees the certificate in the portal."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation
from playwright.sync_api import expect

from common import display
from tests.common.factories import TrainerFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory
from tests.training.factories import CourseFactory, SessionFactory
from training.models import Certification, Session


def _log_out(page):
    page.click("#user-menu")
    page.click("#logout-button")


def test_partner_registers_trainer_scores_partner_sees_certificate(login, live_server):
    partner = PartnerFactory(name="Partner A Trading")
    PartnerUserFactory(username="partner", partner=partner)
    ContactFactory(partner=partner, name="Li Na", email="li.na@partner-a.example.com")
    ContactFactory(name="Somebody Else")  # another partner's person: never offered
    TrainerFactory(username="coach", first_name="Wei", last_name="Liu")
    course = CourseFactory(title="Product basics", pass_score=Decimal("60"), validity_months=12)
    session = SessionFactory(course=course, capacity=5)

    # The partner registers its colleague for next week's session.
    page = login("partner")
    page.click("#portal-training-link")
    page.click("#portal-sessions-link")
    card = page.locator(f"#session-{session.pk}")
    expect(card.locator("select[name=contact] option")).to_have_text(["---------", "Li Na"])
    card.locator("select[name=contact]").select_option(label="Li Na")
    card.locator("button[type=submit]").click()
    expect(page.locator("#portal-upcoming")).to_contain_text("Li Na")
    expect(page.locator("#portal-upcoming")).to_contain_text("Product basics")
    _log_out(page)

    # A week later: the session took place.
    start = timezone.now() - dt.timedelta(hours=3)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))

    # The trainer records attendance and a passing score in the session's grid.
    page = login("coach")
    page.goto(f"{live_server.url}/training/sessions/")
    page.click("text=Past sessions")
    page.locator("#session-agenda").get_by_role("link", name="Product basics").click()
    expect(page.locator("#enrollment-table")).to_contain_text("Li Na")
    page.click("#record-attendance")
    row = page.locator("#attendance-grid tr[data-contact='Li Na']")
    row.locator("select").select_option("attended")
    row.locator("input[type=number]").fill("60")
    page.click("#save-attendance")
    expect(page.locator("#enrollment-table")).to_contain_text("Passed")
    _log_out(page)

    # The partner sees the certificate.
    certification = Certification.objects.get()
    page = login("partner")
    page.goto(f"{live_server.url}/portal/training/certificates/")
    table = page.locator("#portal-certificates")
    expect(table).to_contain_text(certification.number)
    expect(table).to_contain_text("Li Na")
    with translation.override("en"):
        expires = display.day(certification.expires_on)
    expect(table).to_contain_text(expires)
