"""The email log: recorded pending, sent, marked sent; subjects are plain text on one line."""

import datetime as dt

import pytest
from django.core import mail

from channelrules.services import inventory_reminders_send
from common.emails import Email, email_send_once
from common.models import EmailLog
from deals.services import protection_reminders_send
from plans.services import risk_reminders_send
from recruitment.models import Application
from recruitment.services import application_acknowledge
from surveys.models import SurveyRound
from surveys.services import round_invitations_send
from tests.deals.factories import ApprovedRegistrationFactory
from tests.partners.factories import ContactFactory, PartnerFactory
from tests.plans.factories import RiskFactory
from tests.recruitment.factories import ApplicationFactory
from tests.surveys.factories import InvitationFactory, SurveyRoundFactory

NAME = "Lin & Sons <East>\nTrading"


def test_subject_keeps_ampersand_and_angle_brackets_and_never_breaks_the_line(db):
    application = ApplicationFactory(company_name=NAME)
    Application.objects.filter(pk=application.pk).update(language="en")
    mail.outbox.clear()

    assert application_acknowledge(application_id=application.pk) is True

    subject = mail.outbox[0].subject
    assert subject == "We received your partner application (Lin & Sons <East> Trading)"
    assert "&amp;" not in mail.outbox[0].body and "Lin & Sons" in mail.outbox[0].body
    assert "Lin &amp; Sons &lt;East&gt;" in mail.outbox[0].alternatives[0][0]  # the HTML part stays escaped


def _email(**overrides) -> Email:
    return Email(
        **{
            "kind": EmailLog.Kind.ACKNOWLEDGEMENT,
            "recipient": "a@example.com",
            "language": "en",
            "template": "recruitment/email/acknowledgement",
            "context": {"application": Application(company_name="Acme", contact_name="Amy")},
            "about": "application:1",
            **overrides,
        }
    )


def test_a_failed_send_stays_pending_and_the_retry_sends_it_once(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    with pytest.raises(OSError):
        email_send_once(_email())
    assert EmailLog.objects.get().status == EmailLog.Status.PENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send_once(_email()) is True
    assert email_send_once(_email()) is False
    log = EmailLog.objects.get()
    assert log.status == EmailLog.Status.SENT and log.sent_at is not None
    assert len(mail.outbox) == 1


def test_a_new_version_is_a_new_email(db):
    assert email_send_once(_email(version=1)) is True
    assert email_send_once(_email(version=2)) is True
    assert email_send_once(_email(version=2)) is False
    assert len(mail.outbox) == 2


# The later apps compose their subjects in code, around a name a user typed: the same plain-text rule holds.


def test_a_deal_protection_reminder_names_the_customer_as_typed(db):
    registration = ApprovedRegistrationFactory(customer_name=NAME, protected_until=dt.date(2026, 11, 10))
    ContactFactory(partner=registration.partner, is_primary=True, email="boss@example.com", language="en")

    assert protection_reminders_send(today=dt.date(2026, 11, 1)) == 1

    message = mail.outbox[0]
    assert message.subject == "The protection of Lin & Sons <East> Trading ends on Nov. 10, 2026"
    assert "Lin & Sons <East>" in message.body and "&amp;" not in message.body


def test_a_survey_invitation_names_the_round_as_typed(db):
    survey_round = SurveyRoundFactory(title=NAME, status=SurveyRound.Status.OPEN)
    InvitationFactory(round=survey_round, contact=ContactFactory(name="Amy & Bo", language="en"))

    assert round_invitations_send(round_id=survey_round.pk) == 1

    message = mail.outbox[0]
    assert message.subject == "How satisfied are you with us? (Lin & Sons <East> Trading)"
    assert "Dear Amy & Bo," in message.body


def test_a_missing_inventory_reminder_and_a_risk_review_keep_names_plain_in_their_text(db):
    partner = PartnerFactory(name=NAME)
    ContactFactory(partner=partner, is_primary=True, name="Amy & Bo", language="en")
    inventory_reminders_send(today=dt.date(2026, 11, 3))
    risk = RiskFactory(description="Price war <East> & West", next_review_on=dt.date(2026, 10, 1))
    risk.owner.email = "owner@example.com"
    risk.owner.save()
    risk_reminders_send(today=dt.date(2026, 11, 1))

    inventory, review = mail.outbox
    assert inventory.subject == "Your channel inventory report for October 2026 is missing"
    assert "Dear Amy & Bo," in inventory.body and "Lin & Sons <East>" in inventory.body
    assert "\n" not in review.subject
    assert "Price war <East> & West" in review.body and "&lt;" not in review.body
