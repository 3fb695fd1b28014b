"""Segregation of duties (issue 21, item 1): whoever created or changed an input of a statement, taken from
history, never approves, bulk approves or settles it; a user holding Finance and a channel role is refused
unless the installation allows it."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.periods import Period
from common.roles import CHANNEL_MANAGER
from evaluations.services import manual_values_set, targets_upsert
from incentives import services
from incentives.models import Adjustment, LineStatus, Payout
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
RULES = {"rate": "1.5"}


def both_roles():
    user = FinanceFactory()
    user.groups.add(Group.objects.get(name=CHANNEL_MANAGER))
    return type(user).objects.get(pk=user.pk)


def policy_update(policy, *, by, rate):
    return services.policy_update(
        policy=policy,
        by=by,
        name=policy.name,
        kind=policy.kind,
        period_length=policy.period_length,
        valid_from=policy.valid_from,
        rules={"rate": rate},
        cap=None,
        effective_from=OCT.first_day,
    )


@pytest.fixture
def world(db):
    """A manager's 1.5% commission policy and one partner with October sales; October calculated."""
    manager = ManagerFactory()
    policy = services.policy_create(
        by=manager,
        name="Commission",
        kind="commission",
        period_length="month",
        valid_from=dt.date(2026, 1, 1),
        rules=RULES,
        cap=None,
    )
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, amount=D("100000"), date=dt.date(2026, 10, 15))
    services.rewards_calculate(period=OCT, by=manager)
    return {"manager": manager, "policy": policy, "partner": partner}


def edited_a_policy(world, actor):
    policy_update(world["policy"], by=actor, rate="1.6")


def created_an_adjustment(world, actor):
    services.adjustment_add(
        partner=world["partner"], period=OCT, kind=Adjustment.Kind.CORRECTION, amount=D("10"), reason="x", by=actor
    )


def entered_a_manual_value(world, actor):
    manual_values_set(period=OCT, values={world["partner"].pk: D("88")}, by=actor)


def changed_a_target(world, actor):
    targets_upsert(amounts={(world["partner"].pk, OCT.first_day): D("50000")}, by=actor)


def nothing(world, actor):
    pass


# (duty, the approver, the dual-role setting, accepted?)
DUTIES = [
    ("no duty", nothing, FinanceFactory, "refused", True),
    ("edited a policy", edited_a_policy, both_roles, "allowed", False),
    ("created an adjustment", created_an_adjustment, both_roles, "allowed", False),
    ("entered a manual value", entered_a_manual_value, both_roles, "allowed", False),
    ("changed a target", changed_a_target, both_roles, "allowed", False),
    ("holds two roles", nothing, both_roles, "refused", False),
    ("holds two roles, installation allows it", nothing, both_roles, "allowed", True),
]


def approve(payout, actor) -> bool:
    try:
        services.payout_approve(payout=payout, by=actor)
    except ValidationError:
        return False
    return True


def bulk_approve(payout, actor) -> bool:
    approved, refused = services.payouts_approve(payouts=[payout], by=actor)
    assert len(approved) + len(refused) == 1
    return bool(approved)


def settle(payout, actor) -> bool:
    services.payout_approve(payout=payout, by=FinanceFactory())
    try:
        services.payout_settle(payout=payout, by=actor, settlement="bank", paid_on=OCT.last_day, payment_reference="B")
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("action", [approve, bulk_approve, settle], ids=["approve", "bulk approve", "settle"])
@pytest.mark.parametrize(("duty", "did", "make_actor", "setting", "accepted"), DUTIES, ids=[d[0] for d in DUTIES])
def test_duties_table(world, settings, action, duty, did, make_actor, setting, accepted):
    settings.INCENTIVES_DUAL_ROLE_APPROVAL = setting
    actor = make_actor()
    did(world, actor)
    # Calculated again after the change: a recalculation never launders an editor.
    services.rewards_calculate(period=OCT, by=world["manager"])
    payout = Payout.objects.get(period=OCT.first_day)
    before = payout.status

    assert action(payout, actor) is accepted
    payout.refresh_from_db()
    expected = {approve: LineStatus.APPROVED, bulk_approve: LineStatus.APPROVED, settle: LineStatus.PAID}[action]
    assert payout.status == (expected if accepted else {settle: LineStatus.APPROVED}.get(action, before))


def test_a_refusal_says_which_input_the_approver_changed(world, settings):
    settings.INCENTIVES_DUAL_ROLE_APPROVAL = "allowed"
    actor = both_roles()
    edited_a_policy(world, actor)
    changed_a_target(world, actor)
    services.rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    reasons = services.approval_refusals([payout], user=actor)[payout.pk]
    assert reasons == [
        "You created or changed the policy “Commission”.",
        "You set the sales target of October 2026.",
    ]


def test_issue_a_dual_role_user_cannot_approve_his_own_correction(client, world):
    """Issue 21 (a): a correction of 88,888 entered by a Finance + manager user, then approved by himself."""
    both = both_roles()
    client.force_login(both)
    client.post(
        reverse("incentives:adjustment-create"),
        {"partner": world["partner"].code, "month": "2026-10", "kind": "correction", "amount": "88888", "reason": "x"},
    )
    payout = Payout.objects.get()
    assert payout.amount == D("90388.00")

    page = client.post(reverse("incentives:payout-approve", args=[payout.pk]), follow=True)

    payout.refresh_from_db()
    assert (payout.status, payout.approved_by) == (LineStatus.DRAFT, None)
    assert "You hold both the Finance role and a channel role" in page.content.decode()


def test_issue_b_a_resave_by_someone_else_does_not_launder_the_editor(world, settings):
    """Issue 21 (b): edit 1.5 → 1.501, refused; a manager re-saves the policy unchanged; still refused."""
    settings.INCENTIVES_DUAL_ROLE_APPROVAL = "allowed"
    both = both_roles()
    policy = world["policy"]
    policy_update(policy, by=both, rate="1.501")
    services.rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    with pytest.raises(ValidationError, match="You created or changed the policy"):
        services.payout_approve(payout=payout, by=both)

    policy_update(policy, by=ManagerFactory(), rate="1.501")  # unchanged
    services.rewards_calculate(period=OCT)

    with pytest.raises(ValidationError, match="You created or changed the policy"):
        services.payout_approve(payout=payout, by=both)
    services.payout_approve(payout=payout, by=FinanceFactory())


def test_the_queue_and_the_statement_show_why_a_payout_is_refused(client, world):
    both = both_roles()
    other = PartnerFactory()
    SalesRecordFactory(partner=other, amount=D("1000"), date=dt.date(2026, 10, 3))
    created_an_adjustment(world, both)
    services.rewards_calculate(period=OCT)
    client.force_login(both)

    queue = client.get(reverse("incentives:approvals")).content.decode()
    assert queue.count("You hold both the Finance role and a channel role") == 2
    assert 'name="payout"' not in queue  # nothing to tick

    statement = Payout.objects.get(partner=world["partner"]).statement
    page = client.get(reverse("incentives:statement-detail", args=[statement.pk])).content.decode()
    assert 'id="refusals"' in page
    assert 'id="approve-payout"' not in page


def test_bulk_approve_from_the_queue_approves_the_allowed_and_lists_the_refused(client, world):
    finance = FinanceFactory()
    second = PartnerFactory()
    SalesRecordFactory(partner=second, amount=D("2000"), date=dt.date(2026, 10, 3))
    services.rewards_calculate(period=OCT)
    SalesRecordFactory(partner=second, amount=D("5000"), date=dt.date(2026, 10, 4))  # second is now stale
    client.force_login(finance)
    ids = list(Payout.objects.values_list("pk", flat=True))

    page = client.post(reverse("incentives:payouts-approve"), {"payout": ids}, follow=True).content.decode()

    statuses = dict(Payout.objects.values_list("partner_id", "status"))
    assert statuses == {world["partner"].pk: LineStatus.APPROVED, second.pk: LineStatus.DRAFT}
    assert "1 payouts approved." in page
    assert "Stale: sales changed after the calculation" in page
