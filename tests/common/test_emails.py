"""The email log: recorded pending, sent, marked sent; subjects are plain text on one line."""

import pytest
from django.core import mail

from common.emails import Email, email_send_once
from common.models import EmailLog
from recruitment.models import Application
from recruitment.services import application_acknowledge
from tests.recruitment.factories import ApplicationFactory

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
