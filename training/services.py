"""Writes of the training app. Views, forms, commands and tasks call these and nothing else writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import clock, display
from common.emails import Email, email_send_once
from common.history import changed_by
from common.models import EmailLog
from common.periods import local_date
from training.assessment import is_pass
from training.certificates import REMINDER_DAYS_BEFORE, expiry_date, renewed_expiry
from training.models import Certification, Course, CourseMaterial, Enrollment, Session

# --- courses and sessions ---------------------------------------------------------------------------


@transaction.atomic
def course_save(*, course: Course, required_for_tiers) -> Course:
    """Create or update a course with the tiers that require it."""
    course.full_clean()
    course.save()
    course.required_for_tiers.set(required_for_tiers)
    return course


@transaction.atomic
def material_add(*, course: Course, title: str, file, by) -> CourseMaterial:
    """Attach a file to a course; the model's validator checks its type (by content) and size."""
    material = CourseMaterial(course=course, title=title, file=file, uploaded_by=by)
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def session_save(*, session: Session) -> Session:
    if session.pk:
        taken = session.enrollments.filter(status__in=Enrollment.SEAT_STATUSES).count()
        if session.capacity is not None and session.capacity < taken:
            raise ValidationError(
                {"capacity": _("%(taken)d people are registered; the capacity cannot be lower.") % {"taken": taken}}
            )
    session.full_clean()
    session.save()
    return session


# --- enrollments --------------------------------------------------------------------------------------


def seats_taken(session: Session) -> int:
    return session.enrollments.filter(status__in=Enrollment.SEAT_STATUSES).count()


@transaction.atomic
def enrollment_register(*, session: Session, contact, by, invite_only: bool = False, late: bool = False) -> Enrollment:
    """Register a contact for a session (or only invite them, which holds no seat).

    The session row is locked first (SELECT ... FOR UPDATE), so two registrations arriving at once are
    counted one after the other and the capacity holds. An existing invitation becomes a registration.
    Partners register before the start; staff (`late=True`) may still add a late arrival once the
    session has started, until its attendance is closed.
    """
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    refusal = registration_refusal(session=session, late=late and not invite_only)
    if refusal:
        raise ValidationError(refusal)
    enrollment = Enrollment.objects.filter(session=session, contact=contact).first()
    if enrollment and (invite_only or enrollment.status != Enrollment.Status.INVITED):
        raise ValidationError(_("%(name)s is already enrolled in this session.") % {"name": contact.name})
    if invite_only:
        enrollment = Enrollment(session=session, contact=contact, status=Enrollment.Status.INVITED, registered_by=by)
    else:
        if seats_taken(session) >= session.capacity:
            raise ValidationError(_("This session is full."))
        enrollment = enrollment or Enrollment(session=session, contact=contact, registered_by=by)
        enrollment.status = Enrollment.Status.REGISTERED
        enrollment.registered_by = by
    enrollment.full_clean()
    enrollment.save()
    return enrollment


def registration_refusal(*, session: Session, late: bool = False) -> str | None:
    """Why nobody can be added to the session now, or None: the one rule the page and the service follow."""
    if session.attendance_closed:
        return _("The attendance of this session is closed.")
    if not late and session.starts_at <= timezone.now():
        return _("This session has already started.")
    return None


@transaction.atomic
def session_attendance_close(*, session: Session, by, closed: bool = True) -> Session:
    """Close (or reopen) a started session's attendance: once closed, nobody is added and the attendance
    grid and import are refused."""
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    if closed and session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be closed once the session has started."))
    session.attendance_closed = closed
    changed_by(session, by)
    session.save(update_fields=["attendance_closed"])
    return session


# Only a seat still promised may be given back; attendance and no-shows are records of what happened.
CANCELLABLE_STATUSES = (Enrollment.Status.INVITED, Enrollment.Status.REGISTERED)


def enrollment_cancel_refusal(*, enrollment: Enrollment) -> str | None:
    """Why the enrollment may not be withdrawn, or None when it may: the one rule the page and the
    service both follow."""
    if enrollment.status not in CANCELLABLE_STATUSES:
        return _("Only a registration or an invitation can be withdrawn.")
    if enrollment.session.starts_at <= timezone.now():
        return _("This session has already started.")
    return None


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment) -> None:
    """Withdraw a registration or invitation before the session starts; the seat becomes free."""
    refusal = enrollment_cancel_refusal(enrollment=enrollment)
    if refusal:
        raise ValidationError(refusal)
    enrollment.delete()


@dataclass(frozen=True)
class AttendanceEntry:
    """One line of the attendance grid or of an imported file."""

    enrollment_id: int
    status: str
    score: Decimal | None


def _check_entry(entry: AttendanceEntry, enrollment: Enrollment) -> list[str]:
    errors = []
    if entry.status not in (Enrollment.Status.REGISTERED, Enrollment.Status.ATTENDED, Enrollment.Status.NO_SHOW):
        errors.append(_("Status must be registered, attended or no-show."))
    if entry.score is not None:
        if entry.status != Enrollment.Status.ATTENDED:
            errors.append(_("Only people who attended get a score."))
        if not Decimal("0") <= entry.score <= Decimal("100"):
            errors.append(_("A score is between 0 and 100."))
    withdrawn_pass = enrollment.passed and not (
        entry.status == Enrollment.Status.ATTENDED
        and is_pass(score=entry.score, pass_score=enrollment.session.course.pass_score)
    )
    if withdrawn_pass and Certification.objects.filter(enrollment=enrollment).exists():
        errors.append(_("This pass already earned a certificate; it cannot be withdrawn here."))
    return errors


@transaction.atomic
def attendance_record(*, session: Session, entries: list[AttendanceEntry], by) -> dict:
    """Record attendance and scores for a whole session, all or nothing.

    Raises ValidationError with a dict {enrollment_id: [messages]} when any line is wrong; nothing is
    written then. A pass of a course with a validity issues (or renews) the contact's certification.
    """
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    now = timezone.now()
    if session.starts_at > now:
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    if session.attendance_closed:
        raise ValidationError(_("The attendance of this session is closed."))
    enrollments = {e.pk: e for e in session.enrollments.select_related("contact", "session__course")}
    errors: dict[int, list[str]] = {}
    for entry in entries:
        enrollment = enrollments.get(entry.enrollment_id)
        if enrollment is None:
            errors[entry.enrollment_id] = [_("Not enrolled in this session.")]
            continue
        problems = _check_entry(entry, enrollment)
        if problems:
            errors[entry.enrollment_id] = problems
    if errors:
        raise ValidationError(errors)
    passed_on = local_date(min(session.ends_at, now))
    summary = {"recorded": 0, "passed": 0, "certified": 0}
    for entry in entries:
        enrollment = enrollments[entry.enrollment_id]
        enrollment.status = entry.status
        enrollment.score = entry.score
        enrollment.passed = entry.status == Enrollment.Status.ATTENDED and is_pass(
            score=entry.score, pass_score=session.course.pass_score
        )
        enrollment.full_clean()
        enrollment.save()
        summary["recorded"] += 1
        if enrollment.passed:
            summary["passed"] += 1
            if session.course.gives_certificate and certification_issue(enrollment=enrollment, passed_on=passed_on):
                summary["certified"] += 1
    return summary


# --- certifications -----------------------------------------------------------------------------------


def certificate_number(*, course: Course, contact) -> str:
    """Stable across renewals: one certificate per contact and course."""
    return f"CW-{course.code}-{contact.pk:06d}"


@transaction.atomic
def certification_issue(*, enrollment: Enrollment, passed_on: dt.date) -> Certification | None:
    """Issue the certificate for a pass, or renew the contact's existing one. Idempotent per enrollment.

    Returns the certification when it was issued or renewed now, None when nothing changed.
    """
    course = enrollment.session.course
    if not enrollment.passed or not course.gives_certificate:
        return None
    existing = Certification.objects.select_for_update().filter(contact=enrollment.contact, course=course).first()
    if existing is None:
        certification = Certification(
            contact=enrollment.contact,
            course=course,
            number=certificate_number(course=course, contact=enrollment.contact),
            issued_on=passed_on,
            expires_on=expiry_date(issued_on=passed_on, validity_months=course.validity_months),
            enrollment=enrollment,
        )
    else:
        if existing.enrollment_id == enrollment.pk:
            return None
        new_expiry = renewed_expiry(
            current_expiry=existing.expires_on, passed_on=passed_on, validity_months=course.validity_months
        )
        if new_expiry <= existing.expires_on:
            return None
        certification = existing
        if passed_on > existing.expires_on:
            # The old certificate had lapsed: the new one is valid from this pass on.
            certification.issued_on = passed_on
        certification.renewed_on = passed_on
        certification.expires_on = new_expiry
        certification.enrollment = enrollment
    certification.full_clean()
    certification.save()
    return certification


def _send_reminder(*, certification: Certification, kind: str, email: str, language: str) -> bool:
    """Send one reminder through the email log: once per certificate, expiry date and recipient."""
    with translation.override(language):
        subject = _("Certificate %(number)s expires on %(date)s") % {
            "number": certification.number,
            "date": display.day(certification.expires_on),
        }
    context = {
        "certification": certification,
        "contact": certification.contact,
        "partner": certification.contact.partner,
        "course": certification.course,
        "for_manager": kind == EmailLog.Kind.CERTIFICATE_MANAGER,
        "site_url": settings.SITE_URL,
    }
    return email_send_once(
        Email(
            kind=kind,
            recipient=email,
            language=language,
            template="training/email/expiry_reminder",
            context=context,
            subject=subject,
            partner_id=certification.contact.partner_id,
            period=certification.expires_on.isoformat(),
            about=certification_email_about(certification.pk),
        )
    )


def certification_email_about(certification_id: int) -> str:
    """How the email log names a certificate (the key of its expiry reminders)."""
    return f"certification:{certification_id}"


def certification_reminders_send(*, today: dt.date | None = None) -> int:
    """Email the holder and the partner's channel manager of every certificate expiring in the next
    30 days, once per certification and expiry date (a renewal moves the date and earns a new reminder)."""
    today = today or clock.today()
    due = (
        Certification.objects.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE)
        )
        .select_related("contact__partner__manager", "course")
        .order_by("pk")
    )
    sent = 0
    for certification in due:
        partner = certification.contact.partner
        recipients = []
        if certification.contact.email:
            recipients.append(
                (EmailLog.Kind.CERTIFICATE_HOLDER, certification.contact.email, certification.contact.language)
            )
        if partner.manager and partner.manager.email:
            recipients.append((EmailLog.Kind.CERTIFICATE_MANAGER, partner.manager.email, settings.LANGUAGE_CODE))
        for kind, email, language in recipients:
            sent += _send_reminder(certification=certification, kind=kind, email=email, language=language)
    return sent
