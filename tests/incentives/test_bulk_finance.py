"""Finance's bulk work (issue 18): the queue's totals, 0.00 payouts needing no approval, bulk approval keeping
four eyes, and bulk mark-paid with references: four-eyes-safe, all or nothing, with history."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from common.periods import Period
from common.roles import CHANNEL_MANAGER
from incentives import services
from incentives.models import LineStatus, Payout, StatementResponse
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory, TierFactory

OCT = Period.month(2026, 10)


def commission(*, by, name, tiers=()):
    return services.policy_create(
        by=by,
        name=name,
        kind="commission",
        period_length="month",
        valid_from=dt.date(2026, 1, 1),
        rules={"rate": "1"},
        cap=None,
        tiers=tiers,
    )


@pytest.fixture
def three_partners(db):
    """Gold partner A is paid by a gold-only policy and the general one; B and C only by the general one."""
    manager, gold, silver = ManagerFactory(), TierFactory(), TierFactory()
    gold_policy = commission(by=manager, name="Gold commission", tiers=[gold])
    commission(by=manager, name="General commission")
    partners = [PartnerFactory(tier=gold), PartnerFactory(tier=silver), PartnerFactory(tier=silver)]
    for partner in partners:
        SalesRecordFactory(partner=partner, amount=D("100000"), date=dt.date(2026, 10, 15))
    return {"manager": manager, "gold_policy": gold_policy, "partners": partners}


def finance_who_edited(policy):
    """A Finance user (also a manager, where the installation allows it) who changed `policy`."""
    user = FinanceFactory()
    user.groups.add(Group.objects.get(name=CHANNEL_MANAGER))
    user = type(user).objects.get(pk=user.pk)
    services.policy_update(
        policy=policy,
        by=user,
        name=policy.name,
        kind=policy.kind,
        period_length=policy.period_length,
        valid_from=policy.valid_from,
        tiers=list(policy.tiers.all()),
        rules={"rate": "1.2"},
        cap=None,
        effective_from=OCT.first_day,
    )
    return user


def test_finance_who_edited_a_policy_bulk_approves_the_others_but_not_that_statement(client, settings, three_partners):
    settings.INCENTIVES_DUAL_ROLE_APPROVAL = "allowed"
    editor = finance_who_edited(three_partners["gold_policy"])
    services.rewards_calculate(period=OCT, by=three_partners["manager"])
    a, b, c = three_partners["partners"]
    client.force_login(editor)

    page = client.post(
        reverse("incentives:payouts-approve"),
        {"payout": list(Payout.objects.values_list("pk", flat=True))},
        follow=True,
    ).content.decode()

    statuses = dict(Payout.objects.values_list("partner_id", "status"))
    assert statuses == {a.pk: LineStatus.DRAFT, b.pk: LineStatus.APPROVED, c.pk: LineStatus.APPROVED}
    assert "2 payouts approved." in page
    assert "You created or changed the policy “Gold commission”." in page


def approved_payouts(n, *, approver):
    payouts = []
    for i in range(n):
        payout = PayoutFactory(statement=StatementFactory(payable=D("1000.00") + i, calculated_at=timezone.now()))
        payouts.append(payout)
    Payout.objects.filter(pk__in=[p.pk for p in payouts]).update(status=LineStatus.APPROVED, approved_by=approver)
    return list(Payout.objects.filter(pk__in=[p.pk for p in payouts]).order_by("pk"))


def test_bulk_mark_paid_takes_a_reference_per_payout_or_the_batchs(client, db):
    finance = FinanceFactory()
    first, second, third = approved_payouts(3, approver=FinanceFactory())
    client.force_login(finance)

    page = client.post(
        reverse("incentives:payouts-settle"),
        {
            "payout": [first.pk, second.pk, third.pk],
            "paid_on": "2026-11-20",
            "batch_reference": "BATCH-11",
            f"reference-{second.pk}": "TX-2",
        },
        follow=True,
    ).content.decode()

    assert "3 payouts marked paid." in page
    paid = {p.pk: p for p in Payout.objects.all()}
    assert {p.status for p in paid.values()} == {LineStatus.PAID}
    assert (paid[first.pk].payment_reference, paid[second.pk].payment_reference) == ("BATCH-11", "TX-2")
    assert paid[third.pk].paid_on == dt.date(2026, 11, 20)
    assert paid[first.pk].history.first().history_user == finance


def test_bulk_mark_paid_is_all_or_nothing_and_a_dispute_holds_the_batch(client, db):
    finance = FinanceFactory()
    first, disputed = approved_payouts(2, approver=FinanceFactory())
    StatementResponse.objects.create(
        statement=disputed.statement, kind="disputed", reason="Missing rebate", responded_at=timezone.now()
    )
    client.force_login(finance)

    page = client.post(
        reverse("incentives:payouts-settle"),
        {"payout": [first.pk, disputed.pk], "paid_on": "2026-11-20", "batch_reference": "B-1"},
        follow=True,
    ).content.decode()

    assert set(Payout.objects.values_list("status", flat=True)) == {LineStatus.APPROVED}
    assert "No payout was marked paid" in page
    assert "The partner disputes this statement" in page


def test_bulk_mark_paid_without_a_reference_pays_nothing(db):
    first, second = approved_payouts(2, approver=FinanceFactory())

    settled, refused = services.payouts_settle(
        payouts=[first, second], by=FinanceFactory(), paid_on=dt.date(2026, 11, 20), references={first.pk: "TX-1"}
    )

    assert settled == [] and list(refused) == [second]
    assert set(Payout.objects.values_list("status", flat=True)) == {LineStatus.APPROVED}


def test_bulk_mark_paid_keeps_four_eyes(settings, three_partners):
    settings.INCENTIVES_DUAL_ROLE_APPROVAL = "allowed"
    editor = finance_who_edited(three_partners["gold_policy"])
    services.rewards_calculate(period=OCT, by=three_partners["manager"])
    services.payouts_approve(payouts=Payout.objects.all(), by=FinanceFactory())

    settled, refused = services.payouts_settle(
        payouts=Payout.objects.all(), by=editor, paid_on=dt.date(2026, 11, 20), batch_reference="B"
    )

    assert settled == []
    assert [p.partner for p in refused] == [three_partners["partners"][0]]
    assert not Payout.objects.filter(status=LineStatus.PAID).exists()


def test_the_queue_shows_totals_and_leaves_out_payouts_of_zero(client, db):
    for amount in ("100.00", "250.50", "0.00"):
        PayoutFactory(statement=StatementFactory(payable=D(amount)))
    client.force_login(FinanceFactory())

    response = client.get(reverse("incentives:approvals"))

    page = response.content.decode()
    assert len(response.context["payouts"]) == 2
    assert response.context["overall"] == {"count": 2, "total": D("350.50")}
    assert response.context["page_total"] == {"count": 2, "total": D("350.50")}
    assert 'id="queue-totals"' in page and "350.50" in page
    zero = Payout.objects.get(amount=0)
    assert services.awaiting(Payout.objects.all(), LineStatus.DRAFT).filter(pk=zero.pk).exists() is False


def test_the_page_total_differs_from_the_overall_one_when_the_queue_has_pages(client, db):
    for _i in range(27):
        PayoutFactory(statement=StatementFactory(partner=PartnerFactory(), payable=D("10.00")))
    client.force_login(FinanceFactory())

    response = client.get(reverse("incentives:approvals"))

    assert response.context["overall"] == {"count": 27, "total": D("270.00")}
    assert response.context["page_total"] == {"count": 25, "total": D("250.00")}
    assert 'id="page-totals"' in response.content.decode()
