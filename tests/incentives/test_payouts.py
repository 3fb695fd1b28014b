"""Approval (four eyes), settlement, the rebate-account ledger, hand-entered lines and funds."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from common.periods import Period
from incentives import services
from incentives.models import Accrual, Adjustment, LineStatus, Payout, RebateAccountEntry, RequestStatus, Statement
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.incentives.factories import FundFactory, FundRequestFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
RULES = {"mode": "retroactive", "brackets": [["0", "2"]]}
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


@pytest.fixture
def calculated(db):
    """A manager's policy, calculated for October: one draft payout of 2,000.00."""
    manager = ManagerFactory()
    policy = services.policy_create(
        by=manager,
        name="Rebate",
        kind="volume_rebate",
        period_length="month",
        valid_from=dt.date(2026, 1, 1),
        rules=RULES,
        cap=None,
    )
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, amount=D("100000"))
    services.rewards_calculate(period=OCT)
    return manager, policy, Payout.objects.get()


def test_finance_approves_and_lines_are_locked(calculated):
    _manager, _policy, payout = calculated
    finance = FinanceFactory()
    services.payout_approve(payout=payout, by=finance)
    payout.refresh_from_db()
    assert (payout.status, payout.approved_by) == (LineStatus.APPROVED, finance)
    assert Accrual.objects.get().status == LineStatus.APPROVED
    assert payout.history.first().history_user == finance


def test_only_finance_may_approve(calculated):
    manager, _policy, payout = calculated
    with pytest.raises(PermissionDenied):
        services.payout_approve(payout=payout, by=manager)


def test_settle_as_bank_payment_needs_a_reference(calculated):
    payout = calculated[2]
    finance = FinanceFactory()
    services.payout_approve(payout=payout, by=finance)
    with pytest.raises(ValidationError):
        services.payout_settle(payout=payout, by=finance, settlement="bank", paid_on=dt.date(2026, 11, 9))
    services.payout_settle(
        payout=payout, by=finance, settlement="bank", paid_on=dt.date(2026, 11, 9), payment_reference="BANK-1"
    )
    payout.refresh_from_db()
    assert (payout.status, payout.payment_reference) == (LineStatus.PAID, "BANK-1")
    assert Accrual.objects.get().status == LineStatus.PAID


def test_settle_as_goods_records_quantity_and_value(calculated):
    payout = calculated[2]
    finance = FinanceFactory()
    services.payout_approve(payout=payout, by=finance)
    services.payout_settle(
        payout=payout,
        by=finance,
        settlement="goods",
        paid_on=dt.date(2026, 11, 9),
        goods_description="Demo units",
        goods_quantity=4,
        goods_value=D("2000.00"),
    )
    payout.refresh_from_db()
    assert (payout.goods_quantity, payout.goods_value) == (4, D("2000.00"))


def test_settle_on_rebate_account_then_use_and_reverse(calculated):
    payout = calculated[2]
    finance = FinanceFactory()
    services.payout_approve(payout=payout, by=finance)
    services.payout_settle(payout=payout, by=finance, settlement="rebate_account", paid_on=dt.date(2026, 11, 9))
    partner = payout.partner
    assert services.rebate_balance(partner) == D("2000.00")
    use = services.rebate_use_record(partner=partner, amount=D("1500"), order_reference="SO-1", by=finance)
    assert use.balance == D("500.00")
    with pytest.raises(ValidationError):
        services.rebate_use_record(partner=partner, amount=D("600"), order_reference="SO-2", by=finance)
    reversal = services.rebate_entry_reverse(entry=use, by=finance)
    assert (reversal.amount, reversal.balance, reversal.sequence) == (D("1500.00"), D("2000.00"), 3)
    with pytest.raises(ValidationError):
        services.rebate_entry_reverse(entry=use, by=finance)
    assert list(RebateAccountEntry.objects.order_by("sequence").values_list("amount", flat=True)) == [
        D("2000.00"),
        D("-1500.00"),
        D("1500.00"),
    ]


def test_ledger_refuses_update_and_delete_on_postgres(calculated):
    from tests.services import require_postgres

    require_postgres()
    payout = calculated[2]
    finance = FinanceFactory()
    services.payout_approve(payout=payout, by=finance)
    services.payout_settle(payout=payout, by=finance, settlement="rebate_account", paid_on=dt.date(2026, 11, 9))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RebateAccountEntry.objects.update(amount=D("1"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RebateAccountEntry.objects.all().delete()
    assert connection.vendor == "postgresql"


def test_penalty_by_hand_with_reason(calculated):
    manager, _policy, payout = calculated
    services.adjustment_add(
        partner=payout.partner,
        period=OCT,
        kind=Adjustment.Kind.PENALTY,
        amount=D("500"),
        reason="Late report",
        by=manager,
    )
    statement = Statement.objects.get()
    assert (statement.adjustment_total, statement.payable) == (D("-500.00"), D("1500.00"))
    services.payout_approve(payout=payout, by=FinanceFactory())
    late = services.adjustment_add(
        partner=payout.partner, period=OCT, kind="correction", amount=D("1"), reason="x", by=manager
    )
    assert late.period == OCT.next().first_day
    payout.refresh_from_db()
    assert payout.amount == D("1500.00")
    assert Payout.objects.get(period=OCT.next().first_day).amount == D("1.00")


def test_fund_request_approval_claim_and_remaining_budget(db):
    manager = ManagerFactory()
    request = FundRequestFactory(amount=D("4000"))
    fund = request.fund
    services.fund_request_decide(request=request, approve=True, amount=D("3000"), by=manager)
    assert services.fund_remaining(fund) == D("7000.00")
    second = services.fund_request_submit(
        fund=fund, activity="advertising", title="Ads", plan="p", amount=D("7000"), by=None
    )
    with pytest.raises(ValidationError):
        services.fund_request_submit(
            fund=fund, activity="advertising", title="Ads", plan="p", amount=D("7000.01"), by=None
        )
    services.fund_request_decide(request=second, approve=False, by=manager, note="Not this month")
    request.refresh_from_db()
    with pytest.raises(ValidationError):  # proof is required
        services.fund_claim_submit(request=request, amount=D("100"), report="done", files=[], by=None)
    with pytest.raises(ValidationError):  # not above the approved amount
        services.fund_claim_submit(
            request=request, amount=D("3000.01"), report="done", files=[SimpleUploadedFile("a.png", PNG)], by=None
        )
    claim = services.fund_claim_submit(
        request=request, amount=D("2500"), report="done", files=[SimpleUploadedFile("a.png", PNG)], by=None
    )
    services.fund_claim_decide(claim=claim, approve=True, by=manager)
    claim.refresh_from_db()
    assert (claim.status, claim.reimbursed_amount) == (RequestStatus.APPROVED, D("2500.00"))
    assert services.request_written_off(request) == D("2500.00")
    assert claim.proofs.count() == 1


def test_percent_fund_uses_last_months_sales(db):
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, amount=D("200000"), date=dt.date(2026, 9, 10))
    fund = services.fund_set(partner=partner, period=OCT, basis="percent", percent=D("1.5"), by=None)
    assert fund.budget == D("3000.00")
    assert FundFactory  # factory importable for other tests
