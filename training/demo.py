"""Demo training data for the demo partners (which partners' demo created before this runs).

Courses of every category, past sessions with attendance, scores and certificates (some expiring within
the next two months, so reminders and the "expiring soon" figures show), and upcoming sessions open for
registration. Dates come from the pure rules, the rows from bulk inserts; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from partners.models import ChannelType, Contact, Partner, Tier
from training.assessment import is_pass
from training.certificates import expiry_date, renewed_expiry
from training.models import Certification, Course, Enrollment, Session
from training.services import certificate_number

# code, title, category, mode, hours, pass score, validity months, tiers, channel types
COURSES = [
    (
        "PK-101",
        "产品知识入门",
        Course.Category.PRODUCT,
        Course.Mode.ONLINE,
        "3",
        "60",
        12,
        ["铜牌", "银牌", "金牌"],
        [],
    ),
    ("PK-201", "旗舰产品线深度解析", Course.Category.PRODUCT, Course.Mode.CLASSROOM, "8", "70", 12, ["金牌"], []),
    ("SS-101", "顾问式销售技巧", Course.Category.SALES, Course.Mode.CLASSROOM, "6", "65", 12, ["银牌", "金牌"], []),
    ("SS-201", "直播带货实战", Course.Category.SALES, Course.Mode.LIVE_STREAM, "4", "60", 12, [], [ChannelType.SOCIAL]),
    ("CS-101", "客户服务标准与投诉处理", Course.Category.SERVICE, Course.Mode.ONLINE, "4", "60", 24, ["金牌"], []),
    (
        "CP-101",
        "渠道合规与价格政策",
        Course.Category.COMPLIANCE,
        Course.Mode.ONLINE,
        "2",
        "80",
        24,
        [],
        ChannelType.values,
    ),
    ("ON-101", "新伙伴入驻培训", Course.Category.COMPLIANCE, Course.Mode.LIVE_STREAM, "2", "60", None, [], []),
]
PLACES = ["广州市天河区培训中心", "杭州市西湖区渠道学院", "上海市浦东新区培训室", ""]
# Past sessions, in days before today: a pass 335 days ago with a 12-month certificate expires within a month.
PAST_OFFSETS = [335, 310, 200, 90, 30]
UPCOMING_OFFSETS = [5, 12, 26, 40]
TRAINEES_PER_PARTNER = 3


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _courses() -> list[Course]:
    tiers = {tier.name: tier for tier in Tier.objects.all()}
    courses = []
    for code, title, category, mode, hours, pass_score, validity, tier_names, channel_types in COURSES:
        course, created = Course.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "category": category,
                "mode": mode,
                "duration_hours": Decimal(hours),
                "pass_score": Decimal(pass_score),
                "validity_months": validity,
                "required_channel_types": list(channel_types),
                "description": f"{title}:课程讲义、案例与考核。",
            },
        )
        if created:
            course.required_for_tiers.set([tiers[name] for name in tier_names if name in tiers])
        courses.append(course)
    return courses


def _trainees(ctx, partners) -> dict[int, list[Contact]]:
    """Each demo partner's people who take courses: its contacts, topped up to a few trainees."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(ctx.rng.randint(0, 10**6))
    existing: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(partner__in=partners).order_by("pk"):
        existing.setdefault(contact.partner_id, []).append(contact)
    new = []
    for partner in partners:
        for index in range(len(existing.get(partner.pk, [])), TRAINEES_PER_PARTNER):
            new.append(
                Contact(
                    partner=partner,
                    name=fake.name(),
                    title=["销售代表", "客服主管", "门店店长"][index % 3],
                    email=f"trainee{index}.{partner.code.lower()}@partner.example.com",
                    phone=f"139{partner.pk:04d}{index:04d}",
                )
            )
    for contact in Contact.objects.bulk_create(new):
        existing.setdefault(contact.partner_id, []).append(contact)
    return existing


def _certificate(previous: Certification | None, *, contact, course, passed_on: dt.date) -> Certification:
    """The certificate after a pass: new, or `previous` renewed by the same rule the service applies."""
    months = course.validity_months
    if previous is None or passed_on > previous.expires_on:
        issued_on, renewed_on = passed_on, (passed_on if previous else None)
        expires_on = expiry_date(issued_on=passed_on, validity_months=months)
    else:
        issued_on, renewed_on = previous.issued_on, passed_on
        expires_on = renewed_expiry(current_expiry=previous.expires_on, passed_on=passed_on, validity_months=months)
    return Certification(
        contact=contact,
        course=course,
        number=certificate_number(course=course, contact=contact),
        issued_on=issued_on,
        renewed_on=renewed_on,
        expires_on=expires_on,
    )


def seed(ctx) -> None:
    courses = _courses()
    if Session.objects.filter(course__in=courses).exists():
        return  # seeded before: sessions, enrollments and certificates are already there
    partners = list(
        Partner.objects.filter(status__in=(Partner.Status.ACTIVE, Partner.Status.ONBOARDING)).order_by("code")
    )
    trainer = ctx.users.get("trainer")
    trainees = _trainees(ctx, partners)
    people = [contact for partner in partners for contact in trainees.get(partner.pk, [])]

    sessions = []
    for number, course in enumerate(courses):
        for offset in PAST_OFFSETS:
            day = ctx.today - dt.timedelta(days=offset + number)
            sessions.append((course, day, True))
        for offset in UPCOMING_OFFSETS[: 2 + number % 3]:
            sessions.append((course, ctx.today + dt.timedelta(days=offset + number), False))
    created = Session.objects.bulk_create(
        [
            Session(
                course=course,
                starts_at=_at(day, 9),
                ends_at=_at(day, 9) + dt.timedelta(hours=float(course.duration_hours)),
                location=PLACES[i % len(PLACES)] if course.mode == Course.Mode.CLASSROOM else "",
                meeting_link=""
                if course.mode == Course.Mode.CLASSROOM
                else f"https://meeting.example.com/{course.code}-{i}",
                trainer=trainer,
                capacity=max(12, len(people) // 4),
                registration_open=True,
            )
            for i, (course, day, _past) in enumerate(sessions)
        ]
    )

    enrollments, certificates = [], {}
    for session, (course, day, past) in zip(created, sessions, strict=True):
        # A rotating slice of the trainees takes each session.
        size = min(session.capacity, len(people), max(3, len(people) // 6))
        start = ctx.rng.randrange(len(people)) if people else 0
        for contact in (people[(start + k) % len(people)] for k in range(size)):
            if not past:
                status = Enrollment.Status.REGISTERED if ctx.rng.random() < 0.8 else Enrollment.Status.INVITED
                enrollments.append(Enrollment(session=session, contact=contact, status=status))
                continue
            if ctx.rng.random() < 0.1:
                enrollments.append(Enrollment(session=session, contact=contact, status=Enrollment.Status.NO_SHOW))
                continue
            score = Decimal(ctx.rng.randint(45, 100))
            passed = is_pass(score=score, pass_score=course.pass_score)
            enrollments.append(
                Enrollment(
                    session=session, contact=contact, status=Enrollment.Status.ATTENDED, score=score, passed=passed
                )
            )
            if passed and course.validity_months:
                # The latest pass gives the certificate (passes are seeded oldest first per course).
                key = (contact.pk, course.pk)
                certificates[key] = _certificate(certificates.get(key), contact=contact, course=course, passed_on=day)
    Enrollment.objects.bulk_create(enrollments, ignore_conflicts=True)
    Certification.objects.bulk_create(certificates.values(), ignore_conflicts=True)
