"""Approving and settling payouts, and lines entered by hand.

Each takes the month lock (`statements.month_lock`) before the payout's row, so an approval sees the
statement exactly as its lines make it, and a line entered meanwhile waits, then finds the month approved
and goes to the partner's next open month. Approval marks the statement's lines approved; settlement marks
paid exactly those lines, never one added to the month later. Who may approve or settle: `approval`.

A payout of 0.00 pays nothing, so it needs nobody's approval: `awaiting` leaves it out of Finance's queue. It
stays a draft (its lines stay open) until a calculation or a line by hand gives it an amount; then it waits
for approval like any other. A statement the partner disputes is not paid until Finance resolves the dispute.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import changed_by
from common.periods import Period
from incentives.models import Accrual, Adjustment, LineStatus, Payout, RebateAccountEntry, StatementResponse
from incentives.services.approval import approval_refusals, duty_conflicts
from incentives.services.ledger import rebate_entry_add
from incentives.services.statements import month_lock, next_open_months, statements_refresh


def awaiting(payouts: QuerySet[Payout], status: str) -> QuerySet[Payout]:
    """The payouts of `status` that wait for Finance: a draft of 0.00 waits for no one (see the module)."""
    payouts = payouts.filter(status=status)
    if status == LineStatus.DRAFT:
        payouts = payouts.exclude(amount=0)
    return payouts


def payout_approve(*, payout: Payout, by) -> Payout:
    if not by.has_perm("incentives.approve_payout"):
        raise PermissionDenied
    with transaction.atomic():
        month_lock(Period(payout.period))
        payout = Payout.objects.select_for_update().select_related("statement").get(pk=payout.pk)
        if payout.status != LineStatus.DRAFT:
            raise ValidationError(_("Only a draft payout can be approved."))
        refusals = approval_refusals([payout], user=by)[payout.pk]
        if refusals:
            raise ValidationError(refusals)
        payout.status = LineStatus.APPROVED
        payout.approved_by = by
        payout.approved_at = timezone.now()
        changed_by(payout, by)
        payout.full_clean()
        payout.save()
        _mark_lines(payout, LineStatus.DRAFT, LineStatus.APPROVED)
    return payout


def payouts_approve(*, payouts, by) -> tuple[list[Payout], dict[Payout, list[str]]]:
    """Approve many payouts, each on its own (one refusal does not hold back the others), in month order.

    Returns the approved payouts and, for each refused one, why.
    """
    approved, refused = [], {}
    for payout in sorted(payouts, key=lambda p: (p.period, p.pk)):
        try:
            approved.append(payout_approve(payout=payout, by=by))
        except ValidationError as error:
            refused[payout] = error.messages
    return approved, refused


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
        month_lock(Period(payout.period))
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status != LineStatus.APPROVED:
            raise ValidationError(_("Only an approved payout can be marked paid."))
        conflicts = duty_conflicts([payout], user=by)[payout.pk]
        if conflicts:
            raise ValidationError(conflicts)
        if StatementResponse.objects.filter(
            statement_id=payout.statement_id, kind=StatementResponse.Kind.DISPUTED, resolved_at__isnull=True
        ).exists():
            raise ValidationError(_("The partner disputes this statement: resolve the dispute before paying it."))
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
        _mark_lines(payout, LineStatus.APPROVED, LineStatus.PAID)
        if settlement == Payout.Settlement.REBATE_ACCOUNT and payout.amount > 0:
            rebate_entry_add(
                partner=payout.partner,
                kind=RebateAccountEntry.Kind.CREDIT,
                amount=payout.amount,
                by=by,
                payout=payout,  # the ledger names the statement from it, in the reader's language
            )
    return payout


class _RollBack(Exception):
    pass


def payouts_settle(
    *, payouts, by, paid_on: dt.date, references: dict[int, str] | None = None, batch_reference: str = ""
) -> tuple[list[Payout], dict[Payout, list[str]]]:
    """Mark many approved payouts paid by bank on `paid_on`, all or nothing.

    Each payout takes its own reference from `references` (payout id → reference) or else the batch's. Each is
    settled by `payout_settle`, so four eyes and disputes hold as for one; if any is refused, none is marked
    paid and every refusal is returned with why. Returns the settled payouts (empty when refused) and refusals.
    """
    references = references or {}
    settled, refused = [], {}
    try:
        with transaction.atomic():
            for payout in sorted(payouts, key=lambda p: (p.period, p.pk)):
                reference = (references.get(payout.pk) or batch_reference).strip()
                try:
                    with transaction.atomic():
                        settled.append(
                            payout_settle(
                                payout=payout,
                                by=by,
                                settlement=Payout.Settlement.BANK,
                                paid_on=paid_on,
                                payment_reference=reference,
                            )
                        )
                except ValidationError as error:
                    refused[payout] = error.messages
            if refused:
                raise _RollBack
    except _RollBack:
        return [], refused
    return settled, refused


def _mark_lines(payout: Payout, before: str, after: str) -> None:
    """Move the statement's lines on with its payout; a line in another status is not part of it."""
    for model in (Accrual, Adjustment):
        model.objects.filter(partner_id=payout.partner_id, period=payout.period, status=before).update(status=after)


def adjustment_add(*, partner, period: Period, kind: str, amount: Decimal, reason: str, by, policy=None) -> Adjustment:
    """A line by hand (a penalty with its reason, a correction) on the partner's statement of `period`.

    A month whose payout is already approved takes no new line: it goes to the partner's next open month
    (the caller tells the user; `adjustment.period` says where it went).
    """
    with transaction.atomic():
        target = next_open_months([partner.pk], start=period)[partner.pk]
        if kind == Adjustment.Kind.PENALTY and amount > 0:
            amount = -amount
        adjustment = Adjustment(
            partner=partner,
            period=target.first_day,
            kind=kind,
            amount=amount,
            reason=reason,
            policy=policy,
            created_by=by,
        )
        changed_by(adjustment, by)
        adjustment.full_clean()
        adjustment.save()
        statements_refresh(period=target, by=by)
    return adjustment
