"""The monthly emails against a real SMTP server (aiosmtpd) started by the test."""

import datetime as dt
import socket
from decimal import Decimal as D
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from common.models import EmailLog
from common.periods import Period
from evaluations.emails import cycle_emails_send
from evaluations.models import Scorecard
from evaluations.services import cycle_calculate, cycle_reopen
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import ContactFactory, PartnerFactory, SalesRecordFactory

OCT = Period.month(2026, 10)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.messages.append((rcpt, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://cw.example.com"
    try:
        yield inbox
    finally:
        controller.stop()


def test_each_contact_gets_exactly_one_email_in_its_language(db, smtp, django_capture_on_commit_callbacks):
    # given two partners with three contacts with email (one English, two Chinese) and one without
    first, second = PartnerFactory(name="First Co"), PartnerFactory(name="Second Co")
    for partner in (first, second):
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), amount=D("900"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    english = ContactFactory(partner=first, language="en", email="amy@first.example.com")
    chinese = ContactFactory(partner=first, language="zh-hans", email="wang@first.example.com")
    other = ContactFactory(partner=second, language="zh-hans", email="li@second.example.com")
    ContactFactory(partner=second, email="")

    # when the cycle is published (the email task runs when the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_calculate(period=OCT, publish=True)

    # then every contact and each manager received exactly one message
    recipients = sorted(rcpt for rcpt, _msg in smtp.messages)
    managers = sorted({first.manager.email, second.manager.email})
    assert recipients == sorted([english.email, chinese.email, other.email, *managers])
    by_rcpt = dict(smtp.messages)
    mail = by_rcpt[english.email]
    grade = Scorecard.objects.get(partner=first).grade
    assert mail["Subject"] == f"Your October 2026 scorecard: grade {grade}"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "https://cw.example.com/portal/evaluations/scorecards/2026-10/" in text
    assert 'href="https://cw.example.com/portal/evaluations/scorecards/2026-10/"' in html
    assert "评分卡" in by_rcpt[chinese.email]["Subject"]
    assert "First Co" in by_rcpt[first.manager.email].get_body(("plain",)).get_content()
    assert EmailLog.objects.filter(sent_at__isnull=False).count() == 5

    # a retried task sends nothing again
    assert cycle_emails_send(cycle_id=Scorecard.objects.first().cycle_id) == 0
    assert len(smtp.messages) == 5


def test_a_failed_send_stays_pending_so_the_retry_sends_it(db, settings, smtp):
    partner = PartnerFactory()
    contact = ContactFactory(partner=partner, email="x@partner.example.com")
    cycle = cycle_calculate(period=OCT, publish=True)
    good_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    with pytest.raises(OSError):
        cycle_emails_send(cycle_id=cycle.pk)
    assert not EmailLog.objects.filter(status=EmailLog.Status.SENT).exists()
    settings.EMAIL_PORT = good_port
    assert cycle_emails_send(cycle_id=cycle.pk) == 2  # the contact and the manager
    assert [rcpt for rcpt, _m in smtp.messages].count(contact.email) == 1


def test_unpublished_cycle_sends_nothing(db, smtp):
    ContactFactory(email="y@partner.example.com")
    cycle = cycle_calculate(period=OCT)
    assert cycle_emails_send(cycle_id=cycle.pk) == 0
    assert smtp.messages == []


def test_an_address_shared_by_two_partners_gets_each_partners_scorecard(db, smtp):
    # given one person who is a contact of two partners
    first, second = PartnerFactory(name="First Co"), PartnerFactory(name="Second Co")
    for partner in (first, second):
        ContactFactory(partner=partner, language="en", email="shared@example.com")

    cycle = cycle_calculate(period=OCT, publish=True)
    cycle_emails_send(cycle_id=cycle.pk)

    to_shared = [msg for rcpt, msg in smtp.messages if rcpt == "shared@example.com"]
    bodies = [msg.get_body(("plain",)).get_content() for msg in to_shared]
    assert len(to_shared) == 2
    assert any("First Co" in body for body in bodies) and any("Second Co" in body for body in bodies)
    assert cycle_emails_send(cycle_id=cycle.pk) == 0  # and only once each


def test_a_republished_correction_is_sent_once_to_the_partners_whose_card_changed(db, smtp):
    manager = ManagerFactory()
    # given a published October where both partners were told their card
    changed, unchanged = PartnerFactory(name="Changed Co"), PartnerFactory(name="Same Co")
    for partner, sales in ((changed, D("900")), (unchanged, D("5000"))):  # ranks stay as they are
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), amount=sales)
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
        ContactFactory(partner=partner, language="en", email=f"boss@{partner.code.lower()}.example.com")
    cycle = cycle_calculate(period=OCT, publish=True)
    cycle_emails_send(cycle_id=cycle.pk)
    before = Scorecard.objects.get(partner=changed)
    smtp.messages.clear()

    # when a late sale is booked, the cycle is reopened, recalculated and published again
    SalesRecordFactory(partner=changed, date=dt.date(2026, 10, 20), amount=D("300"))
    cycle_reopen(cycle=cycle, by=manager, reason="late sales")
    cycle = cycle_calculate(period=OCT, publish=True, by=manager)
    cycle_emails_send(cycle_id=cycle.pk)

    # then only the changed partner's contact hears of it, once, with what changed
    after = Scorecard.objects.get(partner=changed)
    assert [rcpt for rcpt, _m in smtp.messages] == [f"boss@{changed.code.lower()}.example.com"]
    mail = smtp.messages[0][1]
    assert mail["Subject"] == f"Corrected: your October 2026 scorecard: grade {after.grade}"
    text = mail.get_body(("plain",)).get_content()
    assert "was corrected" in text
    assert f"Total: {before.total} → {after.total}" in text
    assert "Sales: 900.00 → 1200.00" in text
    assert EmailLog.objects.get(partner_id=changed.pk, version=2).status == EmailLog.Status.SENT

    # and publishing again without a change sends nothing more
    cycle_reopen(cycle=cycle, by=manager, reason="check")
    assert cycle_emails_send(cycle_id=cycle_calculate(period=OCT, publish=True, by=manager).pk) == 0
    assert len(smtp.messages) == 1
