"""Returns and credit notes in the rewards (issue 16): they net in the month booked; what a month's returns
take beyond its own sales is clawed back in the next open month, line by line, never lost, never doubled."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from common.periods import Period
from incentives import services
from incentives.models import Accrual, Adjustment, LineStatus, Payout, PeriodLength, PolicyKind, Statement
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, ReturnRecordFactory, SalesRecordFactory

SEP, OCT, NOV, DEC = (Period.month(2026, m) for m in (9, 10, 11, 12))


@pytest.fixture
def partner(db):
    return PartnerFactory()


def pay(partner, period: Period) -> None:
    finance = FinanceFactory()
    payout = Payout.objects.get(partner=partner, period=period.first_day)
    services.payout_approve(payout=payout, by=finance)
    payout.refresh_from_db()
    services.payout_settle(
        payout=payout, by=finance, settlement="bank", paid_on=period.next().first_day, payment_reference="B"
    )


def statement(partner, period: Period) -> Statement:
    return Statement.objects.get(partner=partner, period=period.first_day)


def test_a_september_sale_paid_in_october_and_returned_in_november_is_clawed_back_in_december(partner):
    policy = PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "3"})
    sale = SalesRecordFactory(partner=partner, amount=D("10000"), date=dt.date(2026, 9, 12), external_ref="INV-9")
    services.rewards_calculate(period=SEP)
    pay(partner, SEP)  # September's 300.00 paid in October
    ReturnRecordFactory(partner=partner, amount=D("-10000"), date=dt.date(2026, 11, 3), original=sale)

    services.rewards_calculate(period=NOV)
    services.rewards_calculate(period=NOV)  # a rerun: never doubled

    november = Accrual.objects.get(partner=partner, policy=policy, period=NOV.first_day)
    assert (november.basis, november.amount) == (D("-10000.00"), D("0.00"))  # a return never pays
    (clawback,) = Adjustment.objects.filter(kind=Adjustment.Kind.CLAWBACK)
    assert (clawback.period, clawback.amount, clawback.source_accrual) == (DEC.first_day, D("-300.00"), november)
    assert "INV-9 of Sept. 12, 2026" in clawback.reason and "-10,000.00" in clawback.reason
    assert statement(partner, DEC).total == D("-300.00")
    assert statement(partner, SEP).total == D("300.00")  # paid money is never edited


def test_a_return_absorbed_by_the_months_sales_only_lowers_that_months_commission(partner):
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "3"})
    SalesRecordFactory(partner=partner, amount=D("10000"), date=dt.date(2026, 9, 12))
    services.rewards_calculate(period=SEP)
    pay(partner, SEP)
    SalesRecordFactory(partner=partner, amount=D("25000"), date=dt.date(2026, 11, 5))
    ReturnRecordFactory(partner=partner, amount=D("-10000"), date=dt.date(2026, 11, 3))

    services.rewards_calculate(period=NOV)

    assert Accrual.objects.get(period=NOV.first_day).amount == D("450.00")  # 15,000 at 3%
    assert not Adjustment.objects.exists()


def test_the_clawback_follows_a_correction_of_the_return_and_is_settled_once(partner):
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "3"})
    sale = SalesRecordFactory(partner=partner, amount=D("10000"), date=dt.date(2026, 9, 12))
    services.rewards_calculate(period=SEP)
    pay(partner, SEP)
    ret = ReturnRecordFactory(partner=partner, amount=D("-4000"), date=dt.date(2026, 11, 3), original=sale)
    services.rewards_calculate(period=NOV)
    assert Adjustment.objects.get().amount == D("-120.00")

    # the partner corrects the return before December is approved: the draft line follows
    ret.amount = D("-5000")
    ret.save()
    services.rewards_calculate(period=NOV)
    assert Adjustment.objects.get().amount == D("-150.00")

    # December (with its clawback) is approved and paid; November recalculated again changes nothing
    services.rewards_calculate(period=DEC)
    pay(partner, DEC)
    services.rewards_calculate(period=NOV)
    assert list(Adjustment.objects.values_list("period", "amount")) == [(DEC.first_day, D("-150.00"))]

    # a further return booked in November after December was paid lands in January, for the difference only
    ReturnRecordFactory(partner=partner, amount=D("-1000"), date=dt.date(2026, 11, 20))
    services.rewards_calculate(period=NOV)
    assert list(Adjustment.objects.order_by("period").values_list("period", "amount")) == [
        (DEC.first_day, D("-150.00")),
        (dt.date(2027, 1, 1), D("-30.00")),
    ]
    january = Adjustment.objects.get(period=dt.date(2027, 1, 1))
    assert "-180.00" in january.reason and "-150.00 of it was taken back" in january.reason


def test_a_volume_rebate_claws_back_what_the_returned_sales_earned(partner):
    PolicyFactory()  # retroactive: 2% from 100,000, 3% from 500,000
    SalesRecordFactory(partner=partner, amount=D("150000"), date=dt.date(2026, 9, 12))
    services.rewards_calculate(period=SEP)
    pay(partner, SEP)
    ReturnRecordFactory(partner=partner, amount=D("-120000"), date=dt.date(2026, 11, 3))

    services.rewards_calculate(period=NOV)

    assert Adjustment.objects.get(kind=Adjustment.Kind.CLAWBACK).amount == D("-2400.00")  # 120,000 at 2%


def test_inside_a_quarter_a_return_is_netted_by_the_true_up_not_clawed_twice(partner):
    policy = PolicyFactory(
        kind=PolicyKind.COMMISSION, rules={"rate": "3"}, period_length=PeriodLength.QUARTER, monthly_advances=True
    )
    SalesRecordFactory(partner=partner, amount=D("10000"), date=dt.date(2026, 10, 5))
    services.rewards_calculate(period=OCT)
    ReturnRecordFactory(partner=partner, amount=D("-4000"), date=dt.date(2026, 11, 3))
    services.rewards_calculate(period=NOV)

    assert Accrual.objects.get(policy=policy, period=NOV.first_day).amount == D("-120.00")  # the true-up
    assert not Adjustment.objects.exists()


def test_the_partner_reads_the_clawback_line_on_its_statement(client, partner):
    from tests.partners.factories import PartnerUserFactory

    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "3"})
    sale = SalesRecordFactory(partner=partner, amount=D("10000"), date=dt.date(2026, 9, 12), external_ref="INV-9")
    services.rewards_calculate(period=SEP)
    pay(partner, SEP)
    ReturnRecordFactory(
        partner=partner, amount=D("-10000"), date=dt.date(2026, 11, 3), original=sale, external_ref="RET-1"
    )
    services.rewards_calculate(period=NOV)
    services.rewards_calculate(period=DEC)
    pay(partner, DEC)

    client.force_login(PartnerUserFactory(partner=partner))
    page = client.get(reverse("incentives_portal:statement-detail", args=[statement(partner, DEC).pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "RET-1" in text and "INV-9" in text and "-300.00" in text
    assert Adjustment.objects.get().status == LineStatus.PAID
