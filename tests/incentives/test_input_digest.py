"""A rerun skips the partners whose inputs did not change (incentives.services.digests): every kind of input
the calculation reads moves the digest, so after any change the stored rows are what a full calculation
gives, only the partners concerned are calculated again, and approved rows are never touched."""

import datetime as dt
from decimal import Decimal as D

import pytest

from common.money import round_money
from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard, Target
from incentives.models import (
    Accrual,
    Adjustment,
    LineStatus,
    Payout,
    PeriodLength,
    PolicyKind,
    PolicyVersion,
    Statement,
)
from incentives.services import freshness, rewards, rewards_calculate
from partners.models import Partner, SalesRecord
from tests.evaluations.factories import ManualKPIValueFactory, ScorecardFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import (
    ComplianceIncidentFactory,
    PartnerFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesRecordFactory,
    TierFactory,
)
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

OCT, NOV = Period.month(2026, 10), Period.month(2026, 11)


@pytest.fixture
def month(monkeypatch):
    """Three partners, five policies (the rebate quarterly with monthly advances), October and November
    calculated; yields what a test needs and records which partners each later run calculates."""
    require_postgres()
    region, tier = RegionFactory(), TierFactory()
    hardware, software = (ProductCategoryFactory(code=code, name=code) for code in ("HW", "SW"))
    partners = PartnerFactory.create_batch(3, region=region, tier=tier, manager=None)
    policies = {
        "commission": PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "1", "category_rates": {"SW": "3"}}),
        "rebate": PolicyFactory(period_length=PeriodLength.QUARTER, monthly_advances=True),
        "target": PolicyFactory(kind=PolicyKind.TARGET_BONUS, rules={"attainment_pct": "100", "fixed_amount": "500"}),
        "grade": PolicyFactory(kind=PolicyKind.GRADE_BONUS, rules={"amounts": {"A": "800", "B": "300"}}),
        "penalty": PolicyFactory(kind=PolicyKind.PENALTY, rules={"amounts": {"medium": "100"}}),
    }
    cycle = EvaluationCycle.objects.create(period=NOV.first_day, status=EvaluationCycle.Status.PUBLISHED)
    for i, partner in enumerate(partners):
        for period in (OCT, NOV):
            SalesRecordFactory(partner=partner, category=hardware, amount=D(120_000 + i), date=period.first_day)
            SalesRecordFactory(partner=partner, category=software, amount=D(30_000), date=period.first_day)
        Target.objects.create(partner=partner, period=NOV.first_day, amount=D(100_000))
        ScorecardFactory(cycle=cycle, partner=partner, grade="B", lines=False)
    rewards_calculate(period=OCT)
    rewards_calculate(period=NOV)

    calculated: set[int] = set()
    policy_result = rewards.policy_result

    def recording(policy, version, partner_id, months, facts):
        calculated.add(partner_id)
        return policy_result(policy, version, partner_id, months, facts)

    monkeypatch.setattr(rewards, "policy_result", recording)
    return {"partners": partners, "policies": policies, "categories": (hardware, software), "calculated": calculated}


def _stored() -> dict:
    return {
        (a.partner_id, a.policy_id): (a.version_id, a.basis, a.rate, a.amount, a.why)
        for a in Accrual.objects.filter(period=NOV.first_day)
    }


def _full() -> dict:
    """What a calculation of every partner gives (the dry run the policy preview shows)."""
    return {
        key: (version.pk, round_money(result.basis), result.rate, result.amount, result.why)
        for key, (version, _start, result) in rewards.accrual_results(NOV, rewards.policies_in_force(NOV)).items()
    }


def _summaries_are_current():
    for statement in Statement.objects.filter(period=NOV.first_day):
        now = freshness.inputs_now([(statement.partner_id, NOV.first_day)])[(statement.partner_id, NOV.first_day)]
        assert freshness.changed_inputs(statement.inputs, now) == []


def _sell(m):
    SalesRecordFactory(partner=m["partners"][0], amount=D(400_000), date=dt.date(2026, 11, 20))


def _recategorise(m):
    hardware, software = m["categories"]
    SalesRecord.objects.filter(partner=m["partners"][0], category=hardware, date__gte=NOV.first_day).update(
        category=software
    )


def _earlier_month_sale_deleted(m):
    SalesRecord.objects.filter(partner=m["partners"][0], date__lt=NOV.first_day, category=m["categories"][0]).delete()


def _target(m):
    Target.objects.filter(partner=m["partners"][0]).update(amount=D(200_000))


def _grade(m):
    Scorecard.objects.filter(partner=m["partners"][0]).update(grade="A")


def _incident(m):
    ComplianceIncidentFactory(partner=m["partners"][0], occurred_on=NOV.first_day, severity="medium", reported_by=None)


def _manual_value(m):
    ManualKPIValueFactory(partner=m["partners"][0], period=NOV.first_day)


def _earlier_accrual_adjusted(m):
    source = Accrual.objects.get(partner=m["partners"][0], policy=m["policies"]["rebate"], period=OCT.first_day)
    Adjustment.objects.create(
        partner=m["partners"][0],
        period=NOV.first_day,
        kind=Adjustment.Kind.RECALCULATION,
        policy=m["policies"]["rebate"],
        source_accrual=source,
        amount=D("-100.00"),
        reason="test",
        status=LineStatus.APPROVED,
    )


def _partner_tier(m):
    m["policies"]["grade"].tiers.add(m["partners"][1].tier)  # a change of scope: everyone is calculated
    rewards_calculate(period=NOV)
    m["calculated"].clear()
    Partner.objects.filter(pk=m["partners"][0].pk).update(tier=TierFactory())  # out of the grade bonus


def _partner_region_parent(m):
    region = m["partners"][0].region
    region.parent = RegionFactory()
    region.save()


def _policy_rules(m):
    PolicyVersion.objects.filter(policy=m["policies"]["commission"]).update(rules={"rate": "2"})


def _policy_scope(m):
    m["policies"]["target"].tiers.add(TierFactory())


# (the change, the partners it concerns: None for every partner)
CHANGES = {
    "a sale": (_sell, [0]),
    "a sale's category": (_recategorise, [0]),
    "a sale of an earlier month of the quarter": (_earlier_month_sale_deleted, [0]),
    "a target": (_target, [0]),
    "a grade": (_grade, [0]),
    "an incident": (_incident, [0]),
    "a manual KPI value": (_manual_value, [0]),
    "an adjustment of an earlier accrual": (_earlier_accrual_adjusted, [0]),
    "a partner's tier": (_partner_tier, [0]),
    "a region's parent": (_partner_region_parent, None),
    "a policy's rules": (_policy_rules, None),
    "a policy's scope": (_policy_scope, None),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_rerun_picks_up_every_kind_of_input(month, change):
    apply, concerned = CHANGES[change]
    assert _stored() == _full()
    before = _stored()

    apply(month)
    month["calculated"].clear()
    rewards_calculate(period=NOV)

    expected = {p.pk for p in month["partners"]} if concerned is None else {month["partners"][i].pk for i in concerned}
    assert month["calculated"] == expected
    assert _stored() == _full()
    _summaries_are_current()
    if change not in ("a manual KPI value", "a region's parent"):
        assert _stored() != before


def test_an_unchanged_rerun_calculates_nobody_and_a_dropped_partner_goes(month):
    month["calculated"].clear()
    rewards_calculate(period=NOV)
    assert month["calculated"] == set()

    gone = month["partners"][2]
    Partner.objects.filter(pk=gone.pk).update(joined_on=dt.date(2026, 12, 1))
    rewards_calculate(period=NOV)
    assert not Accrual.objects.filter(partner=gone, period=NOV.first_day).exists()
    assert _stored() == _full()


def test_approved_rows_are_never_touched_and_their_change_becomes_an_adjustment(month):
    partner = month["partners"][0]
    Payout.objects.filter(partner=partner, period=NOV.first_day).update(status=LineStatus.APPROVED)
    Accrual.objects.filter(partner=partner, period=NOV.first_day).update(status=LineStatus.APPROVED)
    approved = {
        a.pk: (a.amount, a.why, a.status) for a in Accrual.objects.filter(partner=partner, period=NOV.first_day)
    }

    _sell(month)
    rewards_calculate(period=NOV)
    adjustments = list(Adjustment.objects.filter(partner=partner).values_list("pk", "period", "amount"))
    month["calculated"].clear()
    rewards_calculate(period=NOV)  # again, unchanged: the approved statement is calculated, never skipped

    after = {a.pk: (a.amount, a.why, a.status) for a in Accrual.objects.filter(partner=partner, period=NOV.first_day)}
    assert after == approved
    assert month["calculated"] == {partner.pk}
    # the differences went to December as adjustments (commission and rebate), and stay as they are
    assert {period for _pk, period, _amount in adjustments} == {Period.month(2026, 12).first_day}
    assert len(adjustments) == 2
    assert list(Adjustment.objects.filter(partner=partner).values_list("pk", "period", "amount")) == adjustments
