# ruff: noqa: RUF001, RUF003 -- explanations use the multiplication and minus signs of a printed statement
"""The monthly reward calculation against the database: each kind, caps, eligibility, versions,
true-ups, reruns, locked amounts and the scheduled job."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard, Target
from incentives.models import Accrual, Adjustment, LineStatus, Payout, PeriodLength, PolicyKind, Statement
from incentives.services import payout_approve, rewards_calculate, rewards_due, version_save
from incentives.tasks import rewards_daily
from partners.models import ComplianceIncident, Partner, PartnerStatusChange
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import (
    ComplianceIncidentFactory,
    PartnerFactory,
    ProductCategoryFactory,
    SalesRecordFactory,
    TierFactory,
)

OCT = Period.month(2026, 10)


def sell(partner, amount, day=dt.date(2026, 10, 15), **kwargs):
    return SalesRecordFactory(partner=partner, amount=D(amount), date=day, **kwargs)


def accrual(partner, policy, period=OCT):
    return Accrual.objects.get(partner=partner, policy=policy, period=period.first_day)


@pytest.fixture
def partner(db):
    return PartnerFactory()


def test_volume_rebate_example_from_the_plan(partner):
    retro = PolicyFactory()
    incremental = PolicyFactory(
        rules={"mode": "incremental", "brackets": [["0", "0"], ["100000", "2"], ["500000", "3"]]}
    )
    sell(partner, "650000")
    sell(partner, "-50000")  # a return reduces the basis

    rewards_calculate(period=OCT)

    line = accrual(partner, retro)
    assert line.amount == D("18000.00")
    assert line.basis == D("600000.00")
    assert line.explanation == "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)"
    assert line.version.number == 1
    assert accrual(partner, incremental).amount == D("11000.00")


def test_commission_with_category_rates(partner):
    phones = ProductCategoryFactory(code="PHONE", name="Phones")
    policy = PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2", "category_rates": {"PHONE": "5"}})
    sell(partner, "100000", category=phones)
    sell(partner, "50000")
    rewards_calculate(period=OCT)
    # 100,000 × 5% + 50,000 × 2%
    assert accrual(partner, policy).amount == D("6000.00")


def test_commission_on_net_returns_is_zero(partner):
    policy = PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    sell(partner, "-30000")
    rewards_calculate(period=OCT)
    assert accrual(partner, policy).amount == D("0.00")


def test_target_bonus_reads_the_target(partner):
    policy = PolicyFactory(
        kind=PolicyKind.TARGET_BONUS, rules={"attainment_pct": "100", "fixed_amount": "5000", "accelerator_pct": "2"}
    )
    Target.objects.create(partner=partner, period=OCT.first_day, amount=D("100000"))
    sell(partner, "150000")
    rewards_calculate(period=OCT)
    # fixed 5,000 + 50,000 above target × 2%
    assert accrual(partner, policy).amount == D("6000.00")


def test_grade_bonus_reads_the_published_scorecard(partner):
    policy = PolicyFactory(kind=PolicyKind.GRADE_BONUS, rules={"amounts": {"A": "8000", "B": "3000"}})
    other = PartnerFactory()
    cycle = EvaluationCycle.objects.create(period=OCT.first_day, status=EvaluationCycle.Status.PUBLISHED)
    for p, grade in ((partner, "A"), (other, "C")):
        Scorecard.objects.create(
            cycle=cycle,
            partner=p,
            channel_type=p.channel_type,
            total=D("90"),
            grade=grade,
            rank=1,
            ranked_among=2,
            calculated_at=timezone.now(),
        )
    rewards_calculate(period=OCT)
    assert accrual(partner, policy).amount == D("8000.00")
    assert accrual(other, policy).amount == D("0.00")


def test_penalty_per_incident_skips_dismissed(partner):
    policy = PolicyFactory(kind=PolicyKind.PENALTY, rules={"amounts": {"high": "10000", "medium": "2000"}})
    ComplianceIncidentFactory(partner=partner, severity="high")
    ComplianceIncidentFactory(partner=partner, severity="medium")
    ComplianceIncidentFactory(partner=partner, severity="medium", status=ComplianceIncident.Status.DISMISSED)
    rewards_calculate(period=OCT)
    assert accrual(partner, policy).amount == D("-12000.00")
    assert Statement.objects.get(partner=partner).carried_out == D("-12000.00")


def test_cap_per_partner_per_period(partner):
    policy = PolicyFactory(rules__cap=D("10000"))
    sell(partner, "600000")
    rewards_calculate(period=OCT)
    line = accrual(partner, policy)
    assert line.amount == D("10000.00")
    assert "capped at CNY 10,000.00" in line.explanation


def test_eligibility_by_tier_channel_region_and_activity(db):
    gold = TierFactory()
    policy = PolicyFactory(channel_types=["distributor"])
    policy.tiers.add(gold)
    fits = PartnerFactory(tier=gold)
    wrong_tier = PartnerFactory(tier=TierFactory())
    wrong_channel = PartnerFactory(tier=gold, channel_type="retailer")
    joined_later = PartnerFactory(tier=gold, joined_on=dt.date(2026, 11, 2))
    left_before = PartnerFactory(tier=gold, status=Partner.Status.TERMINATED)
    PartnerStatusChange.objects.create(partner=left_before, to_status="terminated", reason="x")
    PartnerStatusChange.objects.filter(partner=left_before).update(changed_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    left_during = PartnerFactory(tier=gold, status=Partner.Status.SUSPENDED)
    PartnerStatusChange.objects.create(partner=left_during, to_status="suspended", reason="x")
    PartnerStatusChange.objects.filter(partner=left_during).update(changed_at=dt.datetime(2026, 10, 20, tzinfo=dt.UTC))
    rewards_calculate(period=OCT)
    assert set(Accrual.objects.values_list("partner_id", flat=True)) == {fits.pk, left_during.pk}
    assert {wrong_tier.pk, wrong_channel.pk, joined_later.pk, left_before.pk}.isdisjoint(
        Accrual.objects.values_list("partner_id", flat=True)
    )


def test_region_eligibility_matches_the_province_of_a_city(partner):
    policy = PolicyFactory()
    policy.regions.add(partner.region.parent)
    elsewhere = PartnerFactory(region__parent__code="330000", region__parent__name="浙江省")
    rewards_calculate(period=OCT)
    assert list(Accrual.objects.values_list("partner_id", flat=True)) == [partner.pk]
    assert elsewhere.pk


def test_a_past_period_uses_the_version_in_force_then(partner):
    policy = PolicyFactory()
    version_save(
        policy=policy,
        by=None,
        effective_from=dt.date(2026, 11, 1),
        cap=None,
        rules={"mode": "retroactive", "brackets": [["0", "5"]]},
    )
    sell(partner, "600000")
    sell(partner, "600000", day=dt.date(2026, 11, 3))
    rewards_calculate(period=OCT)
    rewards_calculate(period=Period.month(2026, 11))
    assert accrual(partner, policy).amount == D("18000.00")
    assert accrual(partner, policy).version.number == 1
    assert accrual(partner, policy, Period.month(2026, 11)).amount == D("30000.00")
    assert accrual(partner, policy, Period.month(2026, 11)).version.number == 2


def test_quarterly_policy_accrues_only_in_the_closing_month(partner):
    PolicyFactory(period_length=PeriodLength.QUARTER)
    for month in (10, 11, 12):
        sell(partner, "200000", day=dt.date(2026, month, 10))
    for month in (10, 11, 12):
        rewards_calculate(period=Period.month(2026, month))
    assert list(Accrual.objects.values_list("period", "amount")) == [(dt.date(2026, 12, 1), D("18000.00"))]


def test_monthly_advances_true_up_and_clawback(partner):
    policy = PolicyFactory(period_length=PeriodLength.QUARTER, monthly_advances=True)
    sell(partner, "550000", day=dt.date(2026, 10, 10))
    rewards_calculate(period=OCT)
    assert accrual(partner, policy).amount == D("16500.00")  # 550,000 × 3% on the quarter so far
    sell(partner, "-100000", day=dt.date(2026, 11, 10))  # a big return: the quarter drops to the 2% bracket
    rewards_calculate(period=Period.month(2026, 11))
    clawback = accrual(partner, policy, Period.month(2026, 11))
    assert clawback.amount == D("-7500.00")  # 450,000 × 2% = 9,000 − 16,500 already accrued
    assert "clawback" in clawback.explanation
    sell(partner, "200000", day=dt.date(2026, 12, 10))
    rewards_calculate(period=Period.month(2026, 12))
    # closing: 650,000 × 3% = 19,500 − (16,500 − 7,500)
    assert accrual(partner, policy, Period.month(2026, 12)).amount == D("10500.00")
    november = Statement.objects.get(partner=partner, period=dt.date(2026, 11, 1))
    december = Statement.objects.get(partner=partner, period=dt.date(2026, 12, 1))
    assert (november.payable, november.carried_out) == (D("0.00"), D("-7500.00"))
    assert (december.carried_in, december.payable) == (D("-7500.00"), D("3000.00"))


def test_rerun_keeps_one_accrual_and_replaces_drafts(partner):
    policy = PolicyFactory()
    sell(partner, "200000")
    rewards_calculate(period=OCT)
    sell(partner, "400000")
    rewards_calculate(period=OCT)
    assert Accrual.objects.count() == 1
    assert accrual(partner, policy).amount == D("18000.00")
    assert Statement.objects.get().payable == D("18000.00")
    assert Payout.objects.get().amount == D("18000.00")


def test_a_change_after_approval_becomes_an_adjustment_never_an_edit(partner):
    policy = PolicyFactory()
    sell(partner, "200000")
    rewards_calculate(period=OCT)
    payout_approve(payout=Payout.objects.get(), by=FinanceFactory())
    sell(partner, "400000")  # late sales for October

    rewards_calculate(period=OCT)
    rewards_calculate(period=OCT)  # twice: still one adjustment

    line = accrual(partner, policy)
    assert (line.amount, line.status) == (D("4000.00"), LineStatus.APPROVED)
    adjustment = Adjustment.objects.get()
    assert adjustment.period == dt.date(2026, 11, 1)
    assert adjustment.amount == D("14000.00")
    assert adjustment.source_accrual == line
    assert Statement.objects.get(period=dt.date(2026, 11, 1)).payable == D("14000.00")
    assert Payout.objects.get(period=dt.date(2026, 10, 1)).amount == D("4000.00")


def test_partner_dropping_out_removes_draft_accruals(partner):
    PolicyFactory()
    rewards_calculate(period=OCT)
    Partner.objects.filter(pk=partner.pk).update(joined_on=dt.date(2026, 12, 1))
    rewards_calculate(period=OCT)
    assert not Accrual.objects.exists()
    assert not Statement.objects.exists()


def test_calculate_rewards_command_twice(partner, capsys):
    PolicyFactory()
    sell(partner, "600000")
    call_command("calculate_rewards", "2026-10")
    call_command("calculate_rewards", "2026-10")
    assert Accrual.objects.count() == 1
    assert "1 accruals" in capsys.readouterr().out


def test_scheduled_job_waits_for_the_published_cycle_and_never_runs_twice(partner):
    PolicyFactory()
    sell(partner, "600000")
    assert rewards_daily("2026-11-02") is None
    cycle = EvaluationCycle.objects.create(period=OCT.first_day, status=EvaluationCycle.Status.REVIEW)
    assert rewards_daily("2026-11-03") is None
    cycle.status, cycle.published_at = EvaluationCycle.Status.PUBLISHED, timezone.now()
    cycle.save()
    assert rewards_daily("2026-11-04") == "2026-10"
    assert rewards_due(today=dt.date(2026, 11, 5)) is None
    assert rewards_daily("2026-11-05") is None
    assert Accrual.objects.count() == 1


def test_query_count_does_not_grow_with_partners(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for kind, rules in [
        (PolicyKind.VOLUME_REBATE, None),
        (PolicyKind.COMMISSION, {"rate": "2"}),
        (PolicyKind.PENALTY, {"amounts": {"high": "100"}}),
    ]:
        PolicyFactory(kind=kind, rules=rules)

    def first_run(n, period):
        for _ in range(n):
            sell(PartnerFactory(), "150000", day=period.first_day)
        with CaptureQueriesContext(connection) as queries:
            rewards_calculate(period=period)
        return len(queries)

    assert first_run(3, OCT) == first_run(20, Period.month(2026, 11))


def test_an_unchanged_rerun_writes_no_accrual(partner):
    PolicyFactory()
    sell(partner, "600000")
    first = rewards_calculate(period=OCT)
    again = rewards_calculate(period=OCT)
    assert (first.created, first.updated) == (1, 0)
    assert (again.created, again.updated, again.removed, again.adjustments) == (0, 0, 0, 0)
