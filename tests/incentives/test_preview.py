"""The policy preview is the calculation as a dry run: for every kind and period shape, what it shows for a
month is what the month's calculation then accrues, line by line and word for word."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard, Target
from incentives.models import Accrual, PeriodLength, PolicyKind
from incentives.services import policy_preview, rewards_calculate
from tests.common.factories import ManagerFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import ComplianceIncidentFactory, PartnerFactory, SalesRecordFactory

RULES = {
    PolicyKind.COMMISSION: {"rate": "2", "category_rates": {}},
    PolicyKind.VOLUME_REBATE: {"mode": "incremental", "brackets": [["0", "0"], ["100000", "2"], ["300000", "3"]]},
    PolicyKind.TARGET_BONUS: {"attainment_pct": "90", "fixed_amount": "1000", "accelerator_pct": "1"},
    PolicyKind.GRADE_BONUS: {"amounts": {"A": "800", "B": "300"}},
    PolicyKind.PENALTY: {"amounts": {"medium": "200", "high": "1000"}},
}
SHAPES = [
    (PeriodLength.MONTH, False),
    (PeriodLength.QUARTER, True),
    (PeriodLength.QUARTER, False),
    (PeriodLength.YEAR, True),
    (PeriodLength.YEAR, False),
]
# Q4 and the end of the year: October opens a quarter, November is inside it, December closes both.
MONTHS = [Period.month(2026, month) for month in (10, 11, 12)]


def publish_grades(period, grades):
    cycle = EvaluationCycle.objects.create(
        period=period.first_day, status=EvaluationCycle.Status.PUBLISHED, published_at=timezone.now()
    )
    for rank, (partner, grade) in enumerate(grades, start=1):
        Scorecard.objects.create(
            cycle=cycle,
            partner=partner,
            channel_type=partner.channel_type,
            total=D("80"),
            grade=grade,
            rank=rank,
            ranked_among=len(grades),
            calculated_at=timezone.now(),
        )


@pytest.fixture
def channel(db):
    """Three partners whose months differ: growth, a big return in November, incidents, grades, targets."""
    big, small, returning = PartnerFactory(), PartnerFactory(), PartnerFactory()
    monthly_sales = {
        big: ("180000", "150000", "260000"),
        small: ("40000", "0", "75000"),
        returning: ("90000", "-60000", "20000"),
    }
    for partner, amounts in monthly_sales.items():
        for period, amount in zip(MONTHS, amounts, strict=True):
            SalesRecordFactory(partner=partner, amount=D(amount), date=period.first_day + dt.timedelta(days=9))
            Target.objects.create(partner=partner, period=period.first_day, amount=D("100000"))
    ComplianceIncidentFactory(partner=small, severity="high", occurred_on=dt.date(2026, 10, 5))
    ComplianceIncidentFactory(partner=returning, severity="medium", occurred_on=dt.date(2026, 12, 5))
    for period, grades in zip(MONTHS, ("ABC", "BCA", "AAD"), strict=True):
        publish_grades(period, list(zip((big, small, returning), grades, strict=True)))
    return big, small, returning


def previewed(policy, period):
    preview = policy_preview(policy=policy, period=period, limit=1000)
    return {(name, result.amount, result.explanation) for name, result in preview["rows"]}, preview


def accrued(policy, period):
    accruals = Accrual.objects.filter(policy=policy, period=period.first_day).select_related("partner")
    return {(a.partner.name, a.amount, a.explanation) for a in accruals}


def test_preview_equals_the_calculation_for_every_kind_and_period_shape(channel):
    policies = [
        PolicyFactory(kind=kind, rules=rules, period_length=length, monthly_advances=advances)
        for kind, rules in RULES.items()
        for length, advances in SHAPES
    ]
    paid_somewhere = set()
    for period in MONTHS:
        previews = {policy.pk: previewed(policy, period) for policy in policies}
        rewards_calculate(period=period)
        for policy in policies:
            rows, preview = previews[policy.pk]
            shape = (policy.kind, policy.period_length, policy.monthly_advances, str(period))
            assert rows == accrued(policy, period), shape
            assert preview["total"] == sum(amount for _name, amount, _why in rows), shape
            if any(amount for _name, amount, _why in rows):
                paid_somewhere.add(policy.kind)
    # the comparison is not vacuous: every kind paid (or deducted) something in some month
    assert paid_somewhere == set(PolicyKind.values)


def test_a_quarterly_policy_without_advances_previews_nothing_for_october(channel):
    policy = PolicyFactory(period_length=PeriodLength.QUARTER, rules=RULES[PolicyKind.VOLUME_REBATE])

    october = policy_preview(policy=policy, period=MONTHS[0])
    december = policy_preview(policy=policy, period=MONTHS[2])

    assert (october["rows"], october["total"]) == ([], D("0"))
    assert "last month of its period" in october["note"]
    assert december["total"] > 0


def test_the_preview_page_says_why_a_month_pays_nothing(client, channel):
    policy = PolicyFactory(period_length=PeriodLength.QUARTER, rules=RULES[PolicyKind.VOLUME_REBATE])
    client.force_login(ManagerFactory())
    url = reverse("incentives:policy-detail", args=[policy.pk])

    october = client.get(url + "?month=2026-10").content.decode()
    december = client.get(url + "?month=2026-12").content.decode()

    assert 'id="preview-note"' in october and 'id="preview-total"' not in october
    assert 'id="preview-total"' in december
    assert not Accrual.objects.exists()
