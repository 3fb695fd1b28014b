"""Who may approve or settle a payout, and why not: segregation of duties and fresh statements.

Four eyes: nobody who created or changed an input of a statement may approve or settle it. The inputs are
the policies that paid a line (the policy and its versions), the lines entered by hand, and the partner's
targets and manual KPI values of the months the lines cover. Every editor is taken from the history tables
(django-simple-history), not from a "last edited by" column, so a later save by someone else, even one that
changes nothing, never clears an earlier editor. A user holding Finance and a channel role at once is
refused outright unless the installation allows it (`INCENTIVES_DUAL_ROLE_APPROVAL = "allowed"`).

A draft statement is approved only as the last reward calculation left it (see `freshness`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from common import display
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE
from evaluations.models import ManualKPIValue, Target
from incentives.models import Accrual, Adjustment, IncentivePolicy, LineStatus, Payout, PolicyVersion
from incentives.services import freshness

EDITING_ROLES = {CHANNEL_MANAGER, CHANNEL_DIRECTOR}


def holds_two_roles(user) -> bool:
    roles = set(user.groups.values_list("name", flat=True))
    return FINANCE in roles and bool(roles & EDITING_ROLES)


def duty_conflicts(payouts: Iterable[Payout], *, user) -> dict[int, list[str]]:
    """payout → what `user` did to its statement's inputs (empty: another pair of eyes). Fixed query count."""
    payouts = list(payouts)
    conflicts: dict[int, list[str]] = {payout.pk: [] for payout in payouts}
    if not payouts:
        return conflicts
    if holds_two_roles(user) and settings.INCENTIVES_DUAL_ROLE_APPROVAL != "allowed":
        message = _("You hold both the Finance role and a channel role, and this installation refuses such users.")
        return {payout.pk: [message] for payout in payouts}
    keys = {(payout.partner_id, payout.period) for payout in payouts}
    partner_ids = {partner_id for partner_id, _month in keys}
    months = {month for _partner_id, month in keys}
    starts = freshness.window_starts(keys)

    policies: dict[tuple, set[int]] = defaultdict(set)
    for model in (Accrual, Adjustment):
        for partner_id, month, policy_id in model.objects.filter(
            partner_id__in=partner_ids, period__in=months, policy__isnull=False
        ).values_list("partner_id", "period", "policy_id"):
            policies[(partner_id, month)].add(policy_id)
    all_policies = set().union(*policies.values())
    edited_policies = set(
        IncentivePolicy.history.filter(id__in=all_policies, history_user=user).values_list("id", flat=True)
    ) | set(
        PolicyVersion.history.filter(policy_id__in=all_policies, history_user=user).values_list("policy_id", flat=True)
    )
    names = dict(IncentivePolicy.objects.filter(pk__in=edited_policies).values_list("pk", "name"))
    hand_lines = set(
        Adjustment.history.filter(partner_id__in=partner_ids, period__in=months, history_user=user)
        .exclude(kind=Adjustment.Kind.RECALCULATION)
        .values_list("partner_id", "period")
    )
    window = {"partner_id__in": partner_ids, "period__gte": min(starts.values()), "period__lte": max(months)}
    targets = set(Target.history.filter(history_user=user, **window).values_list("partner_id", "period"))
    manual = set(ManualKPIValue.history.filter(history_user=user, **window).values_list("partner_id", "period"))

    for payout in payouts:
        key = (payout.partner_id, payout.period)
        reasons = conflicts[payout.pk]
        for policy_id in sorted(policies[key] & edited_policies, key=names.get):
            reasons.append(_("You created or changed the policy “%(policy)s”.") % {"policy": names[policy_id]})
        if key in hand_lines:
            reasons.append(_("You entered or changed a line by hand on this statement."))
        for edited, message in (
            (targets, _("You set the sales target of %(months)s.")),
            (manual, _("You entered the manual KPI value of %(months)s.")),
        ):
            months_edited = sorted(m for p, m in edited if p == payout.partner_id and starts[key] <= m <= key[1])
            if months_edited:
                reasons.append(message % {"months": ", ".join(display.month(m) for m in months_edited)})
    return conflicts


def approval_refusals(payouts: Iterable[Payout], *, user) -> dict[int, list[str]]:
    """payout → why `user` may not approve it now: duties, and for a draft, a statement not (freshly) calculated."""
    payouts = list(payouts)
    refusals = duty_conflicts(payouts, user=user)
    drafts = [payout for payout in payouts if payout.status == LineStatus.DRAFT]
    now = freshness.inputs_now((payout.partner_id, payout.period) for payout in drafts)
    for payout in drafts:
        statement = payout.statement
        if statement.calculated_at is None:
            refusals[payout.pk].insert(
                0, _("The reward calculation has not run for this statement yet: run it for the month first.")
            )
            continue
        changed = freshness.changed_inputs(statement.inputs, now[(payout.partner_id, payout.period)])
        if changed:
            refusals[payout.pk].insert(
                0,
                _("Stale: %(inputs)s changed after the calculation; calculate the month again first.")
                % {"inputs": ", ".join(changed)},
            )
    return refusals
