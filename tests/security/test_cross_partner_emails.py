"""The email leg of the cross-partner check (issue 10): every email a partner's people receive — the
monthly scorecard, its correction, a certificate reminder, the portal invitation of a partner just
onboarded — carries none of another partner's names, codes or contacts, checked on the raw bytes of
each message as it leaves (headers and MIME parts as sent) and on its decoded subject and bodies."""

import datetime as dt
from decimal import Decimal as D
from email import message_from_bytes, policy

import pytest
from django.core import mail

from common.periods import Period
from evaluations.services import cycle_calculate, cycle_reopen
from recruitment.pipeline import Stage
from recruitment.services import application_move
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import ContactFactory, PartnerFactory, SalesRecordFactory
from tests.recruitment.factories import ApplicationFactory
from tests.security.hostile import identifying_strings
from tests.training.factories import CertificationFactory
from training.services import certification_reminders_send

pytestmark = pytest.mark.django_db

OCT = Period.month(2026, 10)


def _partner(name, legal_name, code, email, language, amount):
    partner = PartnerFactory(name=name, legal_name=legal_name, code=code, manager=ManagerFactory())
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), amount=amount)
    TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    contact = ContactFactory(partner=partner, is_primary=True, email=email, language=language)
    CertificationFactory(contact=contact, issued_on=dt.date(2025, 12, 31), expires_on=dt.date(2026, 12, 31))
    return partner, contact


def _texts(raw: bytes) -> list[bytes]:
    """The raw message, then its decoded subject and each decoded text part (a name could hide in base64
    or an encoded-word header)."""
    message = message_from_bytes(raw, policy=policy.default)
    decoded = [str(message["Subject"]).encode()]
    decoded += [part.get_content().encode() for part in message.walk() if part.get_content_maintype() == "text"]
    return [raw, *decoded]


def _leaks(message, marks: list[bytes]) -> list[bytes]:
    return [mark for text in _texts(message.message().as_bytes()) for mark in marks if mark in text]


@pytest.fixture
def every_email(django_capture_on_commit_callbacks):
    """Two partners (one reading English, one Chinese), each with a contact, a certificate about to expire
    and a scorecard; the cycle published, corrected and published again; and a third partner onboarded from
    an application. Returns the partners, their contacts and the onboarded partner's admin email."""
    a, contact_a = _partner("Alpha 甲贸易", "Alpha Legal 甲有限公司", "PA0001", "amy@alpha.example.com", "en", D("900"))
    b, contact_b = _partner(
        "Beta 乙商贸", "Beta Legal 乙有限公司", "PB0001", "bo@beta.example.com", "zh-hans", D("700")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = cycle_calculate(period=OCT, publish=True)
    # late sales lift B above A: a new version of both cards (ranks swap), each partner gets a correction
    SalesRecordFactory(partner=b, date=dt.date(2026, 10, 20), amount=D("5000"))
    with django_capture_on_commit_callbacks(execute=True):
        cycle_reopen(cycle=cycle, by=ManagerFactory(), reason="late sales")
    with django_capture_on_commit_callbacks(execute=True):
        cycle_calculate(period=OCT, publish=True)
    certification_reminders_send(today=dt.date(2026, 12, 15))
    application = ApplicationFactory(stage=Stage.SIGNED, email="new@gamma.example.com", company_name="Gamma 丙")
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=application, to_stage=Stage.ONBOARDED, by=ManagerFactory())
    return a, contact_a, b, contact_b, application.email


def test_emails_to_one_partner_never_carry_another_partners_names_or_codes(every_email):
    a, contact_a, b, contact_b, newcomer = every_email
    to = {}
    for message in mail.outbox:
        to.setdefault(message.to[0], []).append(message)

    # each partner's contact got its scorecard, its correction and its certificate reminder
    assert len(to[contact_a.email]) == len(to[contact_b.email]) == 3
    assert len(to[newcomer]) == 1  # the invitation

    # and the check sees a partner's own marks in its own mail (so it would see another's)
    assert _leaks(to[contact_a.email][0], identifying_strings(a, contact_a))
    assert _leaks(to[contact_b.email][0], identifying_strings(b, contact_b))

    # then no message to one partner names the other, in its raw bytes or decoded
    leaks = {
        f"{message.to[0]}: {message.subject}": found
        for recipient, marks in (
            (contact_b.email, identifying_strings(a, contact_a)),
            (contact_a.email, identifying_strings(b, contact_b)),
            (newcomer, identifying_strings(a, contact_a) + identifying_strings(b, contact_b)),
        )
        for message in to[recipient]
        if (found := _leaks(message, marks))
    }
    assert not leaks
