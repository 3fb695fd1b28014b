"""The training panels of `/` and of the portal home are kept under the versions of what they show (each write
adds a history row), and no longer than until the first session they list has ended."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.periods import local_date
from tests.partners.factories import ContactFactory, PartnerFactory
from tests.training.factories import CertificationFactory, CourseFactory, EnrollmentFactory, SessionFactory
from training import selectors

pytestmark = pytest.mark.django_db


def training_reads(compute) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        compute()
    tables = ('"training_session"', '"training_enrollment"', '"training_certification"', '"training_course"')
    return [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]


def ending_soon(seconds: float = 2):
    now = timezone.now()
    return SessionFactory(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(seconds=seconds))


def wait_until_ended(session) -> None:
    time.sleep(max(0.0, (session.ends_at - timezone.now()).total_seconds()) + 0.2)


def test_the_dashboards_upcoming_sessions_follow_writes_and_the_clock():
    soon, later = ending_soon(), SessionFactory()

    def upcoming():
        return selectors.upcoming_sessions(shown=5)

    assert upcoming() == [soon, later]
    assert training_reads(upcoming) == []  # kept
    EnrollmentFactory(session=later)
    assert [session.seats_taken for session in upcoming()] == [0, 1]  # a seat taken shows at once
    wait_until_ended(soon)
    assert upcoming() == [later]  # ended: gone with nothing written


def test_the_portal_panel_follows_certificates_registrations_renames_and_the_clock():
    partner = PartnerFactory()
    contact = ContactFactory(partner=partner, name="李娜")
    course = CourseFactory()
    today = local_date(timezone.now())

    def panel():
        return selectors.portal_panel(partner=partner, as_of=today, shown=3)

    status, upcoming = panel()
    assert status.certified_headcount == {} and upcoming == []
    assert training_reads(panel) == []  # kept

    CertificationFactory(contact=contact, course=course, issued_on=today, expires_on=today + dt.timedelta(days=365))
    assert panel()[0].certified_headcount == {course.pk: 1}
    soon = ending_soon()
    enrollment = EnrollmentFactory(contact=contact, session=soon)
    assert panel()[1] == [enrollment]
    contact.name = "李娜娜"
    contact.save()
    assert panel()[1][0].contact.name == "李娜娜"
    wait_until_ended(soon)
    assert panel()[1] == []
