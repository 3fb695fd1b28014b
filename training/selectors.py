"""Reads of training data: what each partner has completed, and what a user may see.

`training_status_for()` is the read that the tier checks and pages use; it answers for any
number of partners in five queries (partners, required courses, tier links, valid certifications,
passed enrollments of courses without a certificate).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from common.kept import expire_at, kept
from common.periods import local_date
from common.versions import KEPT_SECONDS, version_of
from partners.models import Partner
from training.access import certifications_visible_to
from training.certificates import EXPIRING_SOON_DAYS
from training.models import Certification, Course, Enrollment, Session

HUNDRED = Decimal("100.00")


@dataclass(frozen=True)
class PartnerTrainingStatus:
    partner_id: int
    required_courses: int
    completed_required: int
    completion_rate: Decimal
    certified_headcount: dict[int, int]
    expiring_soon: int
    missing_course_ids: tuple[int, ...]

    @property
    def meets_requirements(self) -> bool:
        """One rule for the badge and the list beside it: met exactly when nothing required is missing
        (the tier's courses and the channel type's alike)."""
        return not self.missing_course_ids


@dataclass(frozen=True)
class _Requirements:
    """Active courses with requirements: by tier, by channel type, and which give no certificate."""

    by_tier: dict[int, set[int]]
    by_channel_type: dict[str, set[int]]

    def for_partner(self, *, tier_id: int | None, channel_type: str) -> set[int]:
        return self.by_tier.get(tier_id, set()) | self.by_channel_type.get(channel_type, set())


def _requirements(course_ids: Iterable[int] | None = None) -> tuple[_Requirements, set[int]]:
    """Two queries: the active courses that anyone requires, and their tier links."""
    courses = Course.objects.filter(is_active=True)
    if course_ids is not None:
        courses = courses.filter(pk__in=list(course_ids))
    by_channel_type: dict[str, set[int]] = defaultdict(set)
    without_certificate: set[int] = set()
    active: set[int] = set()
    for course_id, channel_types, validity in courses.values_list("pk", "required_channel_types", "validity_months"):
        active.add(course_id)
        for channel_type in channel_types or ():
            by_channel_type[channel_type].add(course_id)
        if validity is None:
            without_certificate.add(course_id)
    by_tier: dict[int, set[int]] = defaultdict(set)
    links = Course.required_for_tiers.through.objects.filter(course__is_active=True)
    for course_id, tier_id in links.values_list("course_id", "tier_id"):
        if course_id in active:
            by_tier[tier_id].add(course_id)
    return _Requirements(dict(by_tier), dict(by_channel_type)), without_certificate


def _completion_reads(*, partner_ids: list[int] | None, as_of: dt.date):
    """(valid certifications, passed enrollments of courses without a certificate) on `as_of`: the one rule of
    what completes a course, for `_completions` and `training_completion_rates` alike."""
    certifications = Certification.objects.filter(issued_on__lte=as_of, expires_on__gte=as_of)
    enrollments = Enrollment.objects.filter(
        passed=True, session__course__validity_months__isnull=True, session__starts_at__date__lte=as_of
    )
    if partner_ids is not None:
        certifications = certifications.filter(contact__partner_id__in=partner_ids)
        enrollments = enrollments.filter(contact__partner_id__in=partner_ids)
    return certifications, enrollments


def _completions(*, partner_ids: list[int] | None, as_of: dt.date, without_certificate: set[int]):
    """Per partner: completed course ids, headcount per course, certificates expiring soon (two queries)."""
    completed: dict[int, set[int]] = defaultdict(set)
    holders: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    expiring: dict[int, int] = defaultdict(int)
    certifications, enrollments = _completion_reads(partner_ids=partner_ids, as_of=as_of)
    soon = as_of + dt.timedelta(days=EXPIRING_SOON_DAYS)
    for partner_id, contact_id, course_id, expires_on in certifications.values_list(
        "contact__partner_id", "contact_id", "course_id", "expires_on"
    ):
        completed[partner_id].add(course_id)
        holders[partner_id][course_id].add(contact_id)
        if expires_on <= soon:
            expiring[partner_id] += 1
    if without_certificate:
        for partner_id, course_id in enrollments.values_list("contact__partner_id", "session__course_id").distinct():
            completed[partner_id].add(course_id)
    return completed, holders, expiring


def training_completion_rates(*, partners: Iterable[tuple[int, int | None, str]], as_of: dt.date) -> dict[int, Decimal]:
    """partner id → the completion rate of its required training on `as_of` (`training_status_for`'s
    `completion_rate`, the same rule and figure), for partners given as (id, tier id, channel type).

    The monthly cycle's read: four queries whatever the number of partners (required courses, their tier
    links, the (partner, course) pairs completed), no object built per partner; the courses a tier and
    channel type require, and the rate of a partner that completed none, are worked out once per pair."""
    requirements, without_certificate = _requirements()
    certifications, enrollments = _completion_reads(partner_ids=None, as_of=as_of)
    completed: dict[int, set[int]] = defaultdict(set)
    for partner_id, course_id in certifications.values_list("contact__partner_id", "course_id").distinct():
        completed[partner_id].add(course_id)
    if without_certificate:
        for partner_id, course_id in enrollments.values_list("contact__partner_id", "session__course_id").distinct():
            completed[partner_id].add(course_id)
    required_by: dict[tuple, tuple[set[int], Decimal]] = {}
    rates = {}
    for partner_id, tier_id, channel_type in partners:
        key = (tier_id, channel_type)
        if key not in required_by:
            required = requirements.for_partner(tier_id=tier_id, channel_type=channel_type)
            required_by[key] = (required, _rate(0, len(required)))
        required, rate_of_none = required_by[key]
        done = completed.get(partner_id)
        rates[partner_id] = _rate(len(required & done), len(required)) if done else rate_of_none
    return rates


def _rate(done: int, required: int) -> Decimal:
    if not required:
        return HUNDRED
    return (Decimal(done) * 100 / Decimal(required)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def training_status_for(
    *, partner_ids: Iterable[int] | None = None, as_of: dt.date
) -> dict[int, PartnerTrainingStatus]:
    """The training status of the given partners (all partners when None) on `as_of`.

    A required course is one of the partner's tier or of its channel type. It is completed when a
    contact of the partner holds a certification valid on `as_of` or, for a course that gives no
    certificate, has passed a session of it that started on or before `as_of`.
    """
    ids = None if partner_ids is None else list(partner_ids)
    partners = Partner.objects.all() if ids is None else Partner.objects.filter(pk__in=ids)
    rows = list(partners.values_list("pk", "tier_id", "channel_type"))
    requirements, without_certificate = _requirements()
    completed, holders, expiring = _completions(partner_ids=ids, as_of=as_of, without_certificate=without_certificate)
    result = {}
    for partner_id, tier_id, channel_type in rows:
        required = requirements.for_partner(tier_id=tier_id, channel_type=channel_type)
        done = completed.get(partner_id, set())
        missing = tuple(sorted(required - done))
        result[partner_id] = PartnerTrainingStatus(
            partner_id=partner_id,
            required_courses=len(required),
            completed_required=len(required & done),
            completion_rate=_rate(len(required & done), len(required)),
            certified_headcount={course: len(contacts) for course, contacts in sorted(holders[partner_id].items())},
            expiring_soon=expiring.get(partner_id, 0),
            missing_course_ids=missing,
        )
    return result


def tier_requirements_gap(*, partner, tier, as_of: dt.date) -> list[Course]:
    """The active courses `tier` requires that `partner` has not completed on `as_of` (the gap to that tier)."""
    required = list(tier.required_courses.filter(is_active=True).order_by("code"))
    if not required:
        return []
    without_certificate = {course.pk for course in required if course.validity_months is None}
    completed, _holders, _expiring = _completions(
        partner_ids=[partner.pk], as_of=as_of, without_certificate=without_certificate
    )
    done = completed.get(partner.pk, set())
    return [course for course in required if course.pk not in done]


def courses_required_for(*, partner) -> list[Course]:
    """The active courses the partner's tier or channel type requires."""
    requirements, _without = _requirements()
    ids = requirements.for_partner(tier_id=partner.tier_id, channel_type=partner.channel_type)
    return list(Course.objects.filter(pk__in=ids).order_by("code"))


# --- pages --------------------------------------------------------------------------------------------


def course_list() -> QuerySet[Course]:
    return Course.objects.annotate(
        upcoming_sessions=Count("sessions", filter=Q(sessions__starts_at__gte=timezone.now()), distinct=True),
        holders=Count("certifications", distinct=True),
    ).order_by("code")


def session_list(*, upcoming: bool = True) -> QuerySet[Session]:
    """Sessions with their course, trainer and the seats taken, soonest first (latest first for the past)."""
    now = timezone.now()
    sessions = Session.objects.select_related("course", "trainer").annotate(
        seats_taken=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.SEAT_STATUSES))
    )
    if upcoming:
        return sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def open_sessions() -> QuerySet[Session]:
    """Upcoming sessions partners may register for themselves."""
    return session_list().filter(registration_open=True, starts_at__gt=timezone.now(), course__is_active=True)


def group_by_day(sessions) -> list[tuple[dt.date, list[Session]]]:
    """Sessions grouped by their local start date, for the calendar-like list."""
    days: dict[dt.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(local_date(session.starts_at), []).append(session)
    return list(days.items())


def certification_list(*, user) -> QuerySet[Certification]:
    return certifications_visible_to(user).select_related("contact__partner", "course").order_by("expires_on", "pk")


def partner_enrollments(*, partner, upcoming: bool) -> QuerySet[Enrollment]:
    now = timezone.now()
    enrollments = Enrollment.objects.filter(contact__partner=partner).select_related("contact", "session__course")
    if upcoming:
        return enrollments.filter(session__ends_at__gte=now).order_by("session__starts_at", "pk")
    return enrollments.filter(session__ends_at__lt=now).order_by("-session__starts_at", "-pk")


# What the panels below show is read from these (each write adds a history row, common.versions).
SESSION_TABLES = ("courses", "sessions", "enrollments")


def _until_the_first_ends(ends: list[dt.datetime]) -> None:
    """An upcoming session leaves the list when it ends: what lists them is kept no longer (common.kept)."""
    if ends:
        expire_at(min(ends).timestamp())


def upcoming_sessions(*, shown: int, memo: dict | None = None) -> list[Session]:
    """The first `shown` of `session_list()` (the internal dashboard's), kept under the versions of the sessions,
    their enrollments (the seats taken) and courses, until the first of them ends."""

    def compute():
        sessions = list(session_list()[:shown])
        _until_the_first_ends([session.ends_at for session in sessions])
        return sessions

    return kept(f"training:upcoming:{shown}:{version_of(*SESSION_TABLES, memo=memo)}", compute, KEPT_SECONDS)


def portal_panel(*, partner, as_of: dt.date, shown: int, memo: dict | None = None):
    """The partner's training status on `as_of` and its first `shown` upcoming registrations (the portal home's
    panel), kept under the versions of what they read (the courses and their required tiers, sessions,
    enrollments, certifications, the partner's contacts, tier and channel type) until the first of the
    registrations' sessions ends."""

    def compute():
        status = training_status_for(partner_ids=[partner.pk], as_of=as_of)[partner.pk]
        upcoming = list(partner_enrollments(partner=partner, upcoming=True)[:shown])
        _until_the_first_ends([enrollment.session.ends_at for enrollment in upcoming])
        return status, upcoming

    tables = (*SESSION_TABLES, "certifications", "contacts", "partners", "tiers")
    key = f"training:portal:{partner.pk}:{as_of}:{shown}:{version_of(*tables, memo=memo)}"
    return kept(key, compute, KEPT_SECONDS)
