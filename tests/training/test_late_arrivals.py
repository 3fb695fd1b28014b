"""Issue 19, item 7: a late arrival is added to a session that has started, until its attendance is closed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.common.factories import TrainerFactory
from tests.partners.factories import ContactFactory
from tests.training.factories import EnrollmentFactory, SessionFactory
from training.models import Enrollment, Session
from training.services import attendance_record, enrollment_register, session_attendance_close


def _started_session(**kwargs):
    start = timezone.now() - dt.timedelta(minutes=30)
    return SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3), **kwargs)


def test_staff_add_a_late_arrival_until_attendance_is_closed(db):
    session = _started_session()
    late = enrollment_register(session=session, contact=ContactFactory(), by=None, late=True)
    assert late.status == Enrollment.Status.REGISTERED
    # partners register themselves only before the start, and nobody is invited to a session under way
    with pytest.raises(ValidationError, match="started"):
        enrollment_register(session=session, contact=ContactFactory(), by=None)
    with pytest.raises(ValidationError, match="started"):
        enrollment_register(session=session, contact=ContactFactory(), by=None, invite_only=True, late=True)

    session_attendance_close(session=session, by=None)
    with pytest.raises(ValidationError, match="closed"):
        enrollment_register(session=session, contact=ContactFactory(), by=None, late=True)
    with pytest.raises(ValidationError, match="closed"):
        attendance_record(session=session, entries=[], by=None)
    assert session.enrollments.count() == 1


def test_attendance_cannot_be_closed_before_the_start(db):
    session = SessionFactory()
    with pytest.raises(ValidationError, match="started"):
        session_attendance_close(session=session, by=None)
    assert not Session.objects.get(pk=session.pk).attendance_closed


def test_trainer_adds_a_late_arrival_on_the_session_page_then_closes_attendance(client, db):
    client.force_login(TrainerFactory())
    session = _started_session()
    EnrollmentFactory(session=session)
    contact = ContactFactory()
    detail = reverse("training:session-detail", kwargs={"pk": session.pk})
    page = client.get(detail).content.decode()
    assert 'id="register-form"' in page and "late arrival" in page

    response = client.post(reverse("training:session-register", kwargs={"pk": session.pk}), {"contact": contact.pk})
    assert response.status_code == 302
    assert session.enrollments.filter(contact=contact, status=Enrollment.Status.REGISTERED).exists()

    client.post(reverse("training:attendance-close", kwargs={"pk": session.pk}), {"closed": "1"})
    page = client.get(detail).content.decode()
    assert 'id="attendance-closed"' in page and 'id="register-form"' not in page
    assert 'id="record-attendance"' not in page

    client.post(reverse("training:attendance-close", kwargs={"pk": session.pk}), {"closed": "0"})
    assert not Session.objects.get(pk=session.pk).attendance_closed
