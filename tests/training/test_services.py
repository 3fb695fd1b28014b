"""Registration and capacity, attendance and scores, certifications and their renewal, reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.models import EmailLog
from tests.common.factories import ManagerFactory, TrainerFactory
from tests.partners.factories import ContactFactory, PartnerFactory
from tests.training.factories import CertificationFactory, CourseFactory, EnrollmentFactory, SessionFactory
from training.models import Certification, Enrollment
from training.services import (
    AttendanceEntry,
    attendance_record,
    certification_reminders_send,
    enrollment_cancel,
    enrollment_register,
)
from training.tasks import certification_reminders

ATTENDED = Enrollment.Status.ATTENDED


def _past_session(course=None, *, ended_on=dt.date(2026, 3, 31), **kwargs):
    end = timezone.make_aware(dt.datetime.combine(ended_on, dt.time(17)))
    return SessionFactory(
        course=course or CourseFactory(), starts_at=end - dt.timedelta(hours=3), ends_at=end, **kwargs
    )


# --- registration and capacity --------------------------------------------------------------------------


def test_register_until_the_session_is_full(db):
    session = SessionFactory(capacity=2)
    first, second, third = ContactFactory.create_batch(3)
    enrollment_register(session=session, contact=first, by=None)
    enrollment_register(session=session, contact=second, by=None)

    with pytest.raises(ValidationError, match="full"):
        enrollment_register(session=session, contact=third, by=None)
    assert session.enrollments.count() == 2


def test_invitations_hold_no_seat_until_accepted(db):
    session = SessionFactory(capacity=1)
    invited, other = ContactFactory.create_batch(2)
    enrollment_register(session=session, contact=invited, by=None, invite_only=True)
    enrollment_register(session=session, contact=other, by=None)  # the one seat

    with pytest.raises(ValidationError, match="full"):
        enrollment_register(session=session, contact=invited, by=None)
    assert Enrollment.objects.get(contact=invited).status == Enrollment.Status.INVITED


def test_an_invitation_becomes_a_registration(db):
    session = SessionFactory()
    contact = ContactFactory()
    enrollment_register(session=session, contact=contact, by=None, invite_only=True)
    enrollment = enrollment_register(session=session, contact=contact, by=None)
    assert enrollment.status == Enrollment.Status.REGISTERED
    assert session.enrollments.count() == 1


def test_no_double_registration_and_none_after_the_start(db):
    session = SessionFactory()
    contact = ContactFactory()
    enrollment_register(session=session, contact=contact, by=None)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrollment_register(session=session, contact=contact, by=None)
    with pytest.raises(ValidationError, match="started"):
        enrollment_register(session=_past_session(), contact=contact, by=None)


def test_cancel_frees_the_seat_but_not_after_the_start(db):
    session = SessionFactory(capacity=1)
    enrollment = enrollment_register(session=session, contact=ContactFactory(), by=None)
    enrollment_cancel(enrollment=enrollment)
    enrollment_register(session=session, contact=ContactFactory(), by=None)

    started = EnrollmentFactory(session=_past_session())
    with pytest.raises(ValidationError):
        enrollment_cancel(enrollment=started)


@pytest.mark.parametrize("status", [Enrollment.Status.ATTENDED, Enrollment.Status.NO_SHOW])
def test_an_attended_or_missed_session_cannot_be_withdrawn_even_by_a_crafted_post(db, client, status):
    from django.urls import reverse

    from tests.partners.factories import PartnerUserFactory

    enrollment = EnrollmentFactory(status=status)
    with pytest.raises(ValidationError, match="Only a registration"):
        enrollment_cancel(enrollment=enrollment)
    client.force_login(PartnerUserFactory(partner=enrollment.contact.partner))
    client.post(reverse("training_portal:cancel", kwargs={"pk": enrollment.pk}))
    assert Enrollment.objects.filter(pk=enrollment.pk, status=status).exists()
    assert b"Withdraw</button>" not in client.get(reverse("training_portal:home")).content


# --- attendance, scores and certificates ---------------------------------------------------------------


@pytest.mark.parametrize(("score", "passed"), [("59.99", False), ("60.00", True), ("60.01", True)])
def test_pass_at_the_boundary_score_issues_a_certificate(db, score, passed):
    session = _past_session(
        CourseFactory(pass_score=Decimal("60.00"), validity_months=24), ended_on=dt.date(2026, 1, 31)
    )
    enrollment = EnrollmentFactory(session=session)

    attendance_record(session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, Decimal(score))], by=None)

    enrollment.refresh_from_db()
    assert enrollment.passed is passed
    certification = Certification.objects.filter(contact=enrollment.contact).first()
    if passed:
        assert (certification.issued_on, certification.expires_on) == (dt.date(2026, 1, 31), dt.date(2028, 1, 31))
    else:
        assert certification is None


def test_course_without_validity_gives_no_certificate(db):
    session = _past_session(CourseFactory(validity_months=None))
    enrollment = EnrollmentFactory(session=session)
    summary = attendance_record(
        session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, Decimal(90))], by=None
    )
    assert summary == {"recorded": 1, "passed": 1, "certified": 0}
    assert not Certification.objects.exists()


def test_grid_is_all_or_nothing(db):
    session = _past_session()
    good, bad = EnrollmentFactory.create_batch(2, session=session)
    entries = [
        AttendanceEntry(good.pk, ATTENDED, Decimal(90)),
        AttendanceEntry(bad.pk, Enrollment.Status.NO_SHOW, Decimal(50)),  # a no-show gets no score
    ]
    with pytest.raises(ValidationError) as error:
        attendance_record(session=session, entries=entries, by=None)

    assert set(error.value.message_dict) == {bad.pk}
    good.refresh_from_db()
    assert (good.status, good.score, good.passed) == (Enrollment.Status.REGISTERED, None, False)
    assert not Certification.objects.exists()


def test_attendance_only_once_the_session_started(db):
    session = SessionFactory()
    enrollment = EnrollmentFactory(session=session)
    with pytest.raises(ValidationError, match="started"):
        attendance_record(session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, None)], by=None)


def test_recording_the_same_pass_twice_issues_one_certificate(db):
    session = _past_session()
    enrollment = EnrollmentFactory(session=session)
    entries = [AttendanceEntry(enrollment.pk, ATTENDED, Decimal(80))]
    attendance_record(session=session, entries=entries, by=None)
    second = attendance_record(session=session, entries=entries, by=None)
    assert second["certified"] == 0
    assert Certification.objects.get().expires_on == dt.date(2027, 3, 31)


def test_a_pass_that_earned_a_certificate_cannot_be_withdrawn(db):
    session = _past_session()
    enrollment = EnrollmentFactory(session=session)
    attendance_record(session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, Decimal(80))], by=None)
    with pytest.raises(ValidationError):
        attendance_record(session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, Decimal(10))], by=None)
    assert Enrollment.objects.get().passed


def _pass(contact, course, ended_on):
    session = _past_session(course, ended_on=ended_on)
    enrollment = EnrollmentFactory(session=session, contact=contact)
    attendance_record(session=session, entries=[AttendanceEntry(enrollment.pk, ATTENDED, Decimal(95))], by=None)
    return Certification.objects.get(contact=contact, course=course)


def test_renewal_by_passing_again_while_valid_runs_on_from_the_expiry(db):
    course, contact = CourseFactory(validity_months=12), ContactFactory()
    first = _pass(contact, course, dt.date(2024, 2, 29))
    assert first.expires_on == dt.date(2025, 2, 28)

    renewed = _pass(contact, course, dt.date(2025, 2, 1))

    assert renewed.pk == first.pk and renewed.number == first.number
    assert (renewed.issued_on, renewed.renewed_on, renewed.expires_on) == (
        dt.date(2024, 2, 29),
        dt.date(2025, 2, 1),
        dt.date(2026, 2, 28),
    )
    assert renewed.history.count() == 2


def test_renewal_after_lapse_starts_from_the_pass(db):
    course, contact = CourseFactory(validity_months=12), ContactFactory()
    _pass(contact, course, dt.date(2024, 1, 31))
    renewed = _pass(contact, course, dt.date(2025, 3, 10))
    assert (renewed.issued_on, renewed.expires_on) == (dt.date(2025, 3, 10), dt.date(2026, 3, 10))


# --- reminders ---------------------------------------------------------------------------------------


@pytest.fixture
def expiring(db):
    manager = ManagerFactory(email="manager@example.com")
    contact = ContactFactory(partner=PartnerFactory(manager=manager), email="holder@partner.example.com", language="en")
    return CertificationFactory(contact=contact, issued_on=dt.date(2025, 12, 31), expires_on=dt.date(2026, 12, 31))


def test_reminder_thirty_days_before_to_holder_and_manager_once_even_when_run_twice(expiring):
    assert certification_reminders_send(today=dt.date(2026, 11, 30)) == 0  # 31 days ahead: not yet

    assert certification_reminders(today="2026-12-01") == 2
    assert certification_reminders(today="2026-12-01") == 0
    assert certification_reminders(today="2026-12-02") == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["holder@partner.example.com", "manager@example.com"]
    holder = next(m for m in mail.outbox if m.to == ["holder@partner.example.com"])
    assert expiring.number in holder.subject and "Dec. 31, 2026" in holder.body
    assert holder.alternatives and "text/html" in holder.alternatives[0][1]
    assert EmailLog.objects.filter(status=EmailLog.Status.SENT).count() == 2


def test_reminder_in_the_holders_language(expiring):
    expiring.contact.language = "zh-hans"
    expiring.contact.save()
    certification_reminders_send(today=dt.date(2026, 12, 15))
    holder = next(m for m in mail.outbox if m.to == ["holder@partner.example.com"])
    assert "到期" in holder.subject and "2026年12月31日" in holder.subject


def test_a_renewal_earns_a_new_reminder_for_the_new_expiry(expiring):
    certification_reminders_send(today=dt.date(2026, 12, 10))
    expiring.expires_on = dt.date(2027, 12, 31)
    expiring.save()
    assert certification_reminders_send(today=dt.date(2027, 12, 1)) == 2
    assert EmailLog.objects.filter(status=EmailLog.Status.SENT).count() == 4


def test_expired_certificates_get_no_reminder(expiring):
    assert certification_reminders_send(today=dt.date(2027, 1, 1)) == 0


def test_no_manager_means_only_the_holder(db):
    contact = ContactFactory(partner=PartnerFactory(manager=None))
    CertificationFactory(contact=contact, issued_on=dt.date(2025, 6, 1), expires_on=dt.date(2026, 6, 1))
    assert certification_reminders_send(today=dt.date(2026, 5, 20)) == 1


def test_trainer_factory_is_a_trainer(db):
    assert TrainerFactory().groups.filter(name="Trainer").exists()
