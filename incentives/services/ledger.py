"""The rebate account (返利账户): an append-only ledger with a running balance per partner.

Entries are only ever added. Each write locks the partner's row, reads the last balance and adds the
next sequence number; the unique (partner, sequence) constraint and the non-negative balance check
hold even if two writers got past the lock. On PostgreSQL a trigger also refuses UPDATE and DELETE.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.money import ZERO, round_money
from incentives.models import RebateAccountEntry
from partners.models import Partner


def rebate_balance(partner) -> Decimal:
    last = RebateAccountEntry.objects.filter(partner=partner).order_by("-sequence").values_list("balance", flat=True)
    return last.first() or ZERO


def rebate_entry_add(
    *, partner, kind: str, amount: Decimal, by, order_reference: str = "", note: str = "", payout=None, reverses=None
) -> RebateAccountEntry:
    amount = round_money(amount)
    with transaction.atomic():
        Partner.objects.select_for_update().filter(pk=partner.pk).first()
        last = RebateAccountEntry.objects.filter(partner=partner).order_by("-sequence").first()
        balance = (last.balance if last else ZERO) + amount
        if balance < 0:
            raise ValidationError(
                {
                    "amount": _("The rebate account holds only %(balance)s.")
                    % {"balance": last.balance if last else ZERO}
                }
            )
        entry = RebateAccountEntry(
            partner=partner,
            sequence=(last.sequence if last else 0) + 1,
            kind=kind,
            amount=amount,
            balance=balance,
            order_reference=order_reference,
            note=note,
            payout=payout,
            reverses=reverses,
            created_by=by,
        )
        entry.full_clean()
        entry.save()
    return entry


def rebate_use_record(*, partner, amount: Decimal, order_reference: str, by, note: str = "") -> RebateAccountEntry:
    """Finance records credit spent against one of the partner's orders."""
    if amount <= 0:
        raise ValidationError({"amount": _("Enter a positive amount.")})
    if not order_reference:
        raise ValidationError({"order_reference": _("Enter the order reference.")})
    return rebate_entry_add(
        partner=partner,
        kind=RebateAccountEntry.Kind.USE,
        amount=-amount,
        by=by,
        order_reference=order_reference,
        note=note,
    )


def rebate_entry_reverse(*, entry: RebateAccountEntry, by, note: str = "") -> RebateAccountEntry:
    """Undo an entry by a new one of the opposite amount; the original stays as it was."""
    if entry.kind == RebateAccountEntry.Kind.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed; record a new entry instead."))
    if RebateAccountEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    return rebate_entry_add(
        partner=entry.partner,
        kind=RebateAccountEntry.Kind.REVERSAL,
        amount=-entry.amount,
        by=by,
        order_reference=entry.order_reference,
        note=note or _("Reverses entry %(number)s") % {"number": entry.sequence},
        reverses=entry,
    )
