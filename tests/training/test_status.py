"""Per-partner training status: required courses by tier and channel type, completion, headcount, expiry."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners.models import ChannelType
from tests.partners.factories import ContactFactory, PartnerFactory, TierFactory
from tests.training.factories import CertificationFactory, CourseFactory, EnrollmentFactory, SessionFactory
from training.models import Enrollment
from training.selectors import tier_requirements_gap, training_status_for

AS_OF = dt.date(2026, 11, 15)


@pytest.fixture
def catalog(db):
    gold, silver = TierFactory(name="金牌", rank=1), TierFactory(name="银牌", rank=2)
    c = SimpleNamespace(gold=gold, silver=silver)
    c.product = CourseFactory(code="A-PROD", tiers=[gold, silver])  # certificate, required by tiers
    c.sales = CourseFactory(code="B-SALES", required_channel_types=[ChannelType.DISTRIBUTOR])  # by channel type
    c.onboarding = CourseFactory(code="C-ONBOARD", validity_months=None, tiers=[gold])  # no certificate
    c.retired = CourseFactory(code="D-OLD", is_active=False, tiers=[gold])  # inactive: never required
    c.optional = CourseFactory(code="E-OPT")
    return c


def _passed(contact, course, *, on=dt.date(2026, 10, 1)):
    start = timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
    session = SessionFactory(course=course, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    return EnrollmentFactory(
        session=session, contact=contact, status=Enrollment.Status.ATTENDED, score=Decimal("90"), passed=True
    )


def _cert(contact, course, *, issued=dt.date(2026, 1, 10), expires=dt.date(2027, 6, 30)):
    return CertificationFactory(contact=contact, course=course, issued_on=issued, expires_on=expires)


CASES = {
    "no tier, no requirement for its channel type": {
        "tier": None,
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: None,
        "expect": (0, 0, "100.00", (), True),
    },
    "gold distributor with nothing done": {
        "tier": "gold",
        "channel": ChannelType.DISTRIBUTOR,
        "setup": lambda c, p: None,
        "expect": (3, 0, "0.00", ("product", "sales", "onboarding"), False),
    },
    "gold: tier courses done, channel course missing": {
        "tier": "gold",
        "channel": ChannelType.DISTRIBUTOR,
        "setup": lambda c, p: (
            _cert(ContactFactory(partner=p), c.product),
            _passed(ContactFactory(partner=p), c.onboarding),
        ),
        "expect": (3, 2, "66.67", ("sales",), False),  # a course missing: never "met" (issue 19)
    },
    "everything done": {
        "tier": "silver",
        "channel": ChannelType.DISTRIBUTOR,
        "setup": lambda c, p: (_cert(ContactFactory(partner=p), c.product), _cert(ContactFactory(partner=p), c.sales)),
        "expect": (2, 2, "100.00", (), True),
    },
    "expired the day before as_of": {
        "tier": "silver",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: _cert(
            ContactFactory(partner=p), c.product, issued=dt.date(2025, 11, 14), expires=dt.date(2026, 11, 14)
        ),
        "expect": (1, 0, "0.00", ("product",), False),
    },
    "expires on as_of: still valid": {
        "tier": "silver",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: _cert(ContactFactory(partner=p), c.product, issued=dt.date(2025, 11, 15), expires=AS_OF),
        "expect": (1, 1, "100.00", (), True),
    },
    "issued after as_of": {
        "tier": "silver",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: _cert(
            ContactFactory(partner=p), c.product, issued=dt.date(2026, 11, 16), expires=dt.date(2027, 11, 16)
        ),
        "expect": (1, 0, "0.00", ("product",), False),
    },
    "another partner's certificate does not count": {
        "tier": "silver",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: _cert(ContactFactory(), c.product),
        "expect": (1, 0, "0.00", ("product",), False),
    },
    "a pass in a session after as_of does not count": {
        "tier": "gold",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: (
            _cert(ContactFactory(partner=p), c.product),
            _passed(ContactFactory(partner=p), c.onboarding, on=dt.date(2026, 11, 20)),
        ),
        "expect": (2, 1, "50.00", ("onboarding",), False),
    },
    "attended but failed does not count": {
        "tier": "gold",
        "channel": ChannelType.AGENT,
        "setup": lambda c, p: (
            _cert(ContactFactory(partner=p), c.product),
            EnrollmentFactory(
                session=SessionFactory(
                    course=c.onboarding,
                    starts_at=timezone.now() - dt.timedelta(days=400),
                    ends_at=timezone.now() - dt.timedelta(days=399),
                ),
                contact=ContactFactory(partner=p),
                status=Enrollment.Status.ATTENDED,
                score=Decimal("10"),
            ),
        ),
        "expect": (2, 1, "50.00", ("onboarding",), False),
    },
    "one of three: a third": {
        "tier": "gold",
        "channel": ChannelType.DISTRIBUTOR,
        "setup": lambda c, p: _cert(ContactFactory(partner=p), c.sales),
        "expect": (3, 1, "33.33", ("product", "onboarding"), False),
    },
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_status_table(catalog, case):
    partner = PartnerFactory(
        tier=getattr(catalog, case["tier"]) if case["tier"] else None, channel_type=case["channel"]
    )
    case["setup"](catalog, partner)
    required, completed, rate, missing, meets = case["expect"]

    status = training_status_for(partner_ids=[partner.pk], as_of=AS_OF)[partner.pk]

    assert status.required_courses == required
    assert status.completed_required == completed
    assert status.completion_rate == Decimal(rate)
    assert status.missing_course_ids == tuple(sorted(getattr(catalog, name).pk for name in missing))
    assert status.meets_requirements is meets


def test_headcount_counts_distinct_valid_holders_and_expiring_soon(catalog):
    partner = PartnerFactory(tier=catalog.gold)
    alice, bob, carol = ContactFactory.create_batch(3, partner=partner)
    _cert(alice, catalog.product, expires=AS_OF + dt.timedelta(days=60))  # expiring soon (day 60)
    _cert(bob, catalog.product)
    _cert(carol, catalog.product, issued=dt.date(2024, 1, 1), expires=dt.date(2025, 1, 1))  # expired
    _cert(carol, catalog.optional, expires=AS_OF + dt.timedelta(days=10))  # expiring soon
    _cert(bob, catalog.sales, expires=AS_OF + dt.timedelta(days=61))  # not yet "soon"

    status = training_status_for(partner_ids=[partner.pk], as_of=AS_OF)[partner.pk]

    assert status.certified_headcount == {catalog.product.pk: 2, catalog.sales.pk: 1, catalog.optional.pk: 1}
    assert status.expiring_soon == 2


def test_all_partners_when_no_ids_are_given(catalog):
    partners = PartnerFactory.create_batch(3, tier=catalog.silver)
    _cert(ContactFactory(partner=partners[0]), catalog.product)

    statuses = training_status_for(as_of=AS_OF)

    assert set(statuses) >= {p.pk for p in partners}
    assert [statuses[p.pk].completed_required for p in partners] == [1, 0, 0]


def _populate(catalog, count):
    for partner in PartnerFactory.create_batch(count, tier=catalog.gold):
        contact = ContactFactory(partner=partner)
        _cert(contact, catalog.product)
        _cert(contact, catalog.sales)  # required of distributors
        _passed(contact, catalog.onboarding)


@pytest.mark.parametrize("count", [2, 12])
def test_status_for_all_partners_in_a_fixed_number_of_queries(catalog, count, django_assert_num_queries):
    _populate(catalog, count)
    with django_assert_num_queries(5):
        statuses = training_status_for(as_of=AS_OF)
    assert sum(status.meets_requirements for status in statuses.values()) == count


def test_gap_to_another_tier(catalog):
    partner = PartnerFactory(tier=catalog.silver)
    _cert(ContactFactory(partner=partner), catalog.product)

    assert tier_requirements_gap(partner=partner, tier=catalog.silver, as_of=AS_OF) == []
    assert tier_requirements_gap(partner=partner, tier=catalog.gold, as_of=AS_OF) == [catalog.onboarding]
    _passed(ContactFactory(partner=partner), catalog.onboarding)
    assert tier_requirements_gap(partner=partner, tier=catalog.gold, as_of=AS_OF) == []


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_portal_badge_and_missing_list_agree(catalog, case, client):
    """Issue 19: never a green "met" badge beside a list of missing courses, on any case of the table."""
    from django.urls import reverse

    from tests.partners.factories import PartnerUserFactory

    partner = PartnerFactory(
        tier=getattr(catalog, case["tier"]) if case["tier"] else None, channel_type=case["channel"]
    )
    case["setup"](catalog, partner)
    client.force_login(PartnerUserFactory(partner=partner))
    page = client.get(reverse("training_portal:home")).content.decode()
    summary = page[page.index('id="training-status"') :]
    summary = summary[: summary.index('id="training-status"') + 2000]
    shows_missing = "Missing:" in summary
    shows_met = 'text-bg-success">Met<' in summary
    assert shows_met is not shows_missing
