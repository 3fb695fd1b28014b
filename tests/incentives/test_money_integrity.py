"""Approved money (issue 24, item 1) and stale statements (issue 16, item 6): nothing is approved before the
month is calculated or after its inputs changed, nothing lands in an approved month, and settling marks paid
exactly what the payout contained."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from common.models import OutboxMessage
from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard
from evaluations.services import cycle_publish
from incentives import services
from incentives.models import Accrual, Adjustment, LineStatus, Payout, PolicyKind, Statement
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory

OCT, NOV, DEC = Period.month(2026, 10), Period.month(2026, 11), Period.month(2026, 12)


def lines_total(partner, period, status=None) -> D:
    total = D(0)
    for model in (Accrual, Adjustment):
        lines = model.objects.filter(partner=partner, period=period.first_day)
        if status:
            lines = lines.filter(status=status)
        total += lines.aggregate(t=Sum("amount"))["t"] or D(0)
    return total


def assert_closed_months_hold(partner) -> None:
    """An approved or paid payout equals its lines, and no line of its month is outside it."""
    for payout in Payout.objects.filter(partner=partner).exclude(status=LineStatus.DRAFT):
        month = Period(payout.period)
        assert lines_total(partner, month) == lines_total(partner, month, payout.status) == payout.amount
        assert {h.amount for h in payout.history.filter(status=payout.status)} == {payout.amount}


@pytest.fixture
def partner(db):
    return PartnerFactory()


def test_a_month_is_not_approved_before_it_is_calculated(partner):
    """Issue 24 (1): a correction of +1.00 opens November's statement before the calculation."""
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    SalesRecordFactory(partner=partner, amount=D("100000"), date=dt.date(2026, 11, 5))
    services.adjustment_add(
        partner=partner, period=NOV, kind="correction", amount=D("1"), reason="x", by=ManagerFactory()
    )
    payout = Payout.objects.get()
    assert payout.amount == D("1.00")
    finance = FinanceFactory()

    with pytest.raises(ValidationError, match="has not run for this statement"):
        services.payout_approve(payout=payout, by=finance)

    services.rewards_calculate(period=NOV)
    services.payout_approve(payout=payout, by=finance)
    payout.refresh_from_db()
    assert payout.amount == D("2001.00")
    services.payout_settle(payout=payout, by=finance, settlement="bank", paid_on=NOV.last_day, payment_reference="B")
    assert_closed_months_hold(partner)


def test_issue_a_one_yuan_correction_approved_from_the_queue_before_calculate_rewards(client, partner):
    """Issue 24 (1) through the pages and the command: the manager's +1.00, Finance's approval from the queue,
    `calculate_rewards 2026-11`, then settling."""
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    SalesRecordFactory(partner=partner, amount=D("100000"), date=dt.date(2026, 11, 5))
    client.force_login(ManagerFactory())
    client.post(
        reverse("incentives:adjustment-create"),
        {"partner": partner.code, "month": "2026-11", "kind": "correction", "amount": "1.00", "reason": "x"},
    )
    payout = Payout.objects.get()
    assert payout.amount == D("1.00")
    client.force_login(FinanceFactory())

    queue = client.get(reverse("incentives:approvals")).content.decode()
    refused = client.post(reverse("incentives:payout-approve", args=[payout.pk]), follow=True).content.decode()

    assert "The reward calculation has not run for this statement yet" in queue
    assert "The reward calculation has not run for this statement yet" in refused
    payout.refresh_from_db()
    assert payout.status == LineStatus.DRAFT

    call_command("calculate_rewards", "2026-11", stdout=io.StringIO())
    client.post(reverse("incentives:payout-approve", args=[payout.pk]))
    client.post(
        reverse("incentives:payout-settle", args=[payout.pk]),
        {"settlement": "bank", "paid_on": "2026-11-30", "payment_reference": "B-1"},
    )

    payout.refresh_from_db()
    assert (payout.status, payout.amount) == (LineStatus.PAID, D("2001.00"))
    assert lines_total(partner, NOV, LineStatus.PAID) == payout.amount
    assert_closed_months_hold(partner)


def test_a_line_new_to_an_approved_month_is_paid_in_the_next_open_month(partner):
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    SalesRecordFactory(partner=partner, amount=D("100000"))
    services.rewards_calculate(period=OCT)
    finance = FinanceFactory()
    services.payout_approve(payout=Payout.objects.get(), by=finance)

    late = PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "1"})  # a policy created afterwards
    services.rewards_calculate(period=OCT)
    services.rewards_calculate(period=OCT)  # a rerun adds nothing twice

    october = Payout.objects.get(period=OCT.first_day)
    assert october.amount == D("2000.00")
    assert Accrual.objects.get(policy=late).amount == D("0.00")
    adjustment = Adjustment.objects.get()
    assert (adjustment.period, adjustment.amount) == (NOV.first_day, D("1000.00"))
    assert Payout.objects.get(period=NOV.first_day).amount == D("1000.00")

    services.payout_settle(payout=october, by=finance, settlement="bank", paid_on=NOV.first_day, payment_reference="B")
    assert Adjustment.objects.get().status == LineStatus.DRAFT
    assert_closed_months_hold(partner)


def test_settling_marks_paid_only_the_lines_of_the_payout(partner):
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    SalesRecordFactory(partner=partner, amount=D("100000"))
    services.rewards_calculate(period=OCT)
    finance = FinanceFactory()
    payout = Payout.objects.get()
    services.payout_approve(payout=payout, by=finance)
    stray = Adjustment.objects.create(  # a draft line written straight into the table, outside any service
        partner=partner, period=OCT.first_day, kind="correction", amount=D("5"), reason="stray"
    )
    services.payout_settle(payout=payout, by=finance, settlement="bank", paid_on=NOV.first_day, payment_reference="B")
    stray.refresh_from_db()
    assert stray.status == LineStatus.DRAFT
    assert Accrual.objects.get().status == LineStatus.PAID


def publish(partner, grade):
    cycle = EvaluationCycle.objects.create(
        period=OCT.first_day, status=EvaluationCycle.Status.PUBLISHED, published_at=timezone.now()
    )
    Scorecard.objects.create(
        cycle=cycle,
        partner=partner,
        channel_type=partner.channel_type,
        total=D("92"),
        grade=grade,
        rank=1,
        ranked_among=1,
        calculated_at=timezone.now(),
    )


def test_a_statement_calculated_before_the_grades_were_published_is_stale(client, partner):
    """Issue 16 (6): October calculated before its cycle was published pays no grade bonus."""
    PolicyFactory(kind=PolicyKind.GRADE_BONUS, rules={"amounts": {"A": "8000"}})
    services.adjustment_add(partner=partner, period=OCT, kind="correction", amount=D("1"), reason="x", by=None)
    services.rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    assert payout.amount == D("1.00")
    publish(partner, "A")
    finance = FinanceFactory()

    client.force_login(finance)
    queue = client.get(reverse("incentives:approvals")).content.decode()
    assert "Stale: the published grade changed after the calculation" in queue
    with pytest.raises(ValidationError, match="Stale: the published grade changed"):
        services.payout_approve(payout=payout, by=finance)

    services.rewards_calculate(period=OCT)
    services.payout_approve(payout=payout, by=finance)
    payout.refresh_from_db()
    assert payout.amount == D("8001.00")


@pytest.mark.parametrize(
    ("change", "label"),
    [
        (lambda partner, policy: SalesRecordFactory(partner=partner, amount=D("1")), "sales"),
        (
            lambda partner, policy: partner.sales_records.update(amount=D("99999")),  # an import's update
            "sales",
        ),
        (
            lambda partner, policy: services.version_save(
                policy=policy, by=None, effective_from=OCT.first_day, rules={"rate": "3"}, cap=None
            ),
            "incentive policies",
        ),
    ],
    ids=["new sale", "updated sale", "new policy version"],
)
def test_an_input_changed_after_the_calculation_makes_the_statement_stale(partner, change, label):
    policy = PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "2"})
    SalesRecordFactory(partner=partner, amount=D("100000"))
    services.rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    finance = FinanceFactory()
    assert services.approval_refusals([payout], user=finance) == {payout.pk: []}

    change(partner, policy)

    assert services.approval_refusals([payout], user=finance)[payout.pk] == [
        f"Stale: {label} changed after the calculation; calculate the month again first."
    ]
    services.rewards_calculate(period=OCT)
    services.payout_approve(payout=payout, by=finance)
    assert Statement.objects.get().calculated_at is not None


def test_publishing_the_cycle_recalculates_the_months_statements_through_the_outbox(
    partner, django_capture_on_commit_callbacks
):
    PolicyFactory(kind=PolicyKind.GRADE_BONUS, rules={"amounts": {"A": "8000"}})
    services.adjustment_add(partner=partner, period=OCT, kind="correction", amount=D("1"), reason="x", by=None)
    services.rewards_calculate(period=OCT)
    cycle = EvaluationCycleFactory(period=OCT.first_day, status=EvaluationCycle.Status.REVIEW)
    ScorecardFactory(cycle=cycle, partner=partner, grade="A")

    with django_capture_on_commit_callbacks(execute=True):
        cycle_publish(cycle=cycle, notify=False)

    message = OutboxMessage.objects.get(task_name="incentives.tasks.rewards_recalculate_month")
    assert (message.args, message.status) == (["2026-10"], OutboxMessage.Status.SENT)
    payout = Payout.objects.get()
    assert payout.amount == D("8001.00")
    assert services.approval_refusals([payout], user=FinanceFactory()) == {payout.pk: []}
