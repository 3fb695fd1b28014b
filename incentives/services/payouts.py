"""Approving and settling payouts, and lines entered by hand.

Four eyes: the Finance user who approves a payout must not be the user who last edited any policy
that contributed to its statement; the policy's history (and its versions' history) tells who that is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import changed_by
from common.periods import Period
from incentives.models import (
    Accrual,
    Adjustment,
    CalculationRun,
    IncentivePolicy,
    LineStatus,
    Payout,
    PolicyVersion,
    RebateAccountEntry,
)
from incentives.services.ledger import rebate_entry_add
from incentives.services.statements import statements_refresh


def policies_of(payout: Payout) -> list[IncentivePolicy]:
    ids = set(
        Accrual.objects.filter(partner_id=payout.partner_id, period=payout.period).values_list("policy_id", flat=True)
    ) | set(
        Adjustment.objects.filter(partner_id=payout.partner_id, period=payout.period, policy__isnull=False).values_list(
            "policy_id", flat=True
        )
    )
    return list(IncentivePolicy.objects.filter(pk__in=ids))


def last_editor_id(policy: IncentivePolicy) -> int | None:
    """Who last changed the policy or one of its versions, from their history."""
    records = [
        policy.history.order_by("-history_date").values_list("history_date", "history_user_id").first(),
        PolicyVersion.history.filter(policy_id=policy.pk)
        .order_by("-history_date")
        .values_list("history_date", "history_user_id")
        .first(),
    ]
    records = [record for record in records if record]
    return max(records)[1] if records else None


def payout_approve(*, payout: Payout, by) -> Payout:
    if not by.has_perm("incentives.approve_payout"):
        raise PermissionDenied
    with transaction.atomic():
        # Wait for a calculation of the same month to finish, so it never rewrites lines approved meanwhile.
        CalculationRun.objects.select_for_update().filter(period=payout.period).first()
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status != LineStatus.DRAFT:
            raise ValidationError(_("Only a draft payout can be approved."))
        edited = [policy.name for policy in policies_of(payout) if last_editor_id(policy) == by.pk]
        if edited:
            raise ValidationError(
                _("You last edited %(policies)s: another Finance user must approve this payout.")
                % {"policies": ", ".join(edited)}
            )
        payout.status = LineStatus.APPROVED
        payout.approved_by = by
        payout.approved_at = timezone.now()
        changed_by(payout, by)
        payout.full_clean()
        payout.save()
        _mark_lines(payout, LineStatus.APPROVED)
    return payout


def payout_settle(
    *,
    payout: Payout,
    by,
    settlement: str,
    paid_on: dt.date,
    payment_reference: str = "",
    goods_description: str = "",
    goods_quantity: int | None = None,
    goods_value: Decimal | None = None,
) -> Payout:
    """Mark an approved payout paid: by bank (with the reference), as rebate-account credit, or as goods."""
    if not by.has_perm("incentives.settle_payout"):
        raise PermissionDenied
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status != LineStatus.APPROVED:
            raise ValidationError(_("Only an approved payout can be marked paid."))
        errors = {}
        if settlement == Payout.Settlement.BANK and not payment_reference:
            errors["payment_reference"] = _("A bank payment needs its payment reference.")
        if settlement == Payout.Settlement.GOODS and not (goods_description and goods_quantity and goods_value):
            errors["goods_description"] = _("Goods compensation needs the goods, their quantity and value.")
        if errors:
            raise ValidationError(errors)
        payout.status = LineStatus.PAID
        payout.settlement = settlement
        payout.paid_on = paid_on
        payout.payment_reference = payment_reference
        if settlement == Payout.Settlement.GOODS:
            payout.goods_description = goods_description
            payout.goods_quantity = goods_quantity
            payout.goods_value = goods_value
        changed_by(payout, by)
        payout.full_clean()
        payout.save()
        _mark_lines(payout, LineStatus.PAID)
        if settlement == Payout.Settlement.REBATE_ACCOUNT and payout.amount > 0:
            rebate_entry_add(
                partner=payout.partner,
                kind=RebateAccountEntry.Kind.CREDIT,
                amount=payout.amount,
                by=by,
                payout=payout,
                note=_("Statement %(month)s") % {"month": f"{payout.period:%Y-%m}"},
            )
    return payout


def _mark_lines(payout: Payout, status: str) -> None:
    Accrual.objects.filter(partner_id=payout.partner_id, period=payout.period).update(status=status)
    Adjustment.objects.filter(partner_id=payout.partner_id, period=payout.period).update(status=status)


def adjustment_add(*, partner, period: Period, kind: str, amount: Decimal, reason: str, by, policy=None) -> Adjustment:
    """A line by hand (a penalty with its reason, a correction) on the partner's statement of `period`.

    A month whose payout is already approved takes no new lines: enter it in an open month.
    """
    with transaction.atomic():
        if Payout.objects.filter(partner=partner, period=period.first_day).exclude(status=LineStatus.DRAFT).exists():
            raise ValidationError(
                {"period": _("The statement of this month is already approved; choose a later month.")}
            )
        if kind == Adjustment.Kind.PENALTY and amount > 0:
            amount = -amount
        adjustment = Adjustment(
            partner=partner,
            period=period.first_day,
            kind=kind,
            amount=amount,
            reason=reason,
            policy=policy,
            created_by=by,
        )
        changed_by(adjustment, by)
        adjustment.full_clean()
        adjustment.save()
        statements_refresh(period=period)
    return adjustment
