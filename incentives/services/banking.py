"""A partner's bank account for bank payments, guarded against payment fraud (四眼原则).

A new account is submitted (by the partner's admin in the portal, or by Finance) as a pending
`BankAccountChange`; Finance is told, and a Finance user other than the submitter verifies or rejects it.
Only a verified change becomes the partner's `BankAccount`, which the bank payment file reads, so a forged
change pays nobody until a second person checked it. The partner has at most one pending change (a unique
constraint): a new submission replaces it. Every change and decision is kept in history.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import changed_by
from common.outbox import outbox_enqueue
from incentives.banking import account_digits, account_number_fits, names_match
from incentives.models import BankAccount, BankAccountChange
from partners.models import PartnerMembership

FINANCE_PERMISSION = "incentives.change_bankaccount"


def bank_account_save(*, partner, by, bank_name: str, branch: str, account_name: str, account_number: str):
    """Set the verified account directly: the demo data's path, with no second person involved. People's
    changes go through `bank_account_change_submit` and `bank_account_change_verify`."""
    if not by.has_perm(FINANCE_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().filter(partner=partner).first() or BankAccount(
            partner=partner
        )
        account.bank_name = bank_name.strip()
        account.branch = branch.strip()
        account.account_name = account_name.strip()
        account.account_number = " ".join(account_number.split())
        changed_by(account, by)
        account.full_clean()
        account.save()
    return account


def bank_account_may_submit(*, partner, user) -> bool:
    """The partner's own portal admins, and Finance."""
    if user.has_perm(FINANCE_PERMISSION):
        return True
    return PartnerMembership.objects.filter(
        user=user, partner=partner, role=PartnerMembership.Role.ADMIN, user__is_active=True
    ).exists()


def bank_account_change_submit(
    *, partner, by, bank_name: str, branch: str, account_name: str, account_number: str
) -> BankAccountChange:
    """Record a new account for `partner`, pending Finance's verification; Finance is notified once."""
    if not bank_account_may_submit(partner=partner, user=by):
        raise PermissionDenied
    digits = account_digits(account_number)
    if not account_number_fits(digits):
        raise ValidationError({"account_number": _("Enter the account number in digits: 8 to 30 of them.")})
    change = BankAccountChange(
        partner=partner,
        bank_name=bank_name.strip(),
        branch=branch.strip(),
        account_name=" ".join(account_name.split()),
        account_number=digits,
        name_matches=names_match(account_name, partner.legal_name),
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    with transaction.atomic():
        # The partner's pending change, locked: two submissions at once queue behind each other.
        for earlier in BankAccountChange.objects.select_for_update().filter(
            partner=partner, status=BankAccountChange.Status.PENDING
        ):
            earlier.status = BankAccountChange.Status.SUPERSEDED
            changed_by(earlier, by)
            earlier.save(update_fields=["status"])
        changed_by(change, by)
        change.full_clean(validate_constraints=False)
        change.save()
        outbox_enqueue(
            "incentives.tasks.bank_account_change_notify", change.pk, key=f"bank-account-change-notify:{change.pk}"
        )
    return change


def _decision_lock(*, change: BankAccountChange, by) -> BankAccountChange:
    if not by.has_perm(FINANCE_PERMISSION):
        raise PermissionDenied
    change = BankAccountChange.objects.select_for_update().select_related("partner").get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("This change was already verified, rejected or replaced."))
    return change


def bank_account_change_verify(*, change: BankAccountChange, by) -> BankAccount:
    """A Finance user other than the submitter checked the account (with the partner, by phone or on paper):
    it becomes the account the bank payment file pays."""
    with transaction.atomic():
        change = _decision_lock(change=change, by=by)
        if change.submitted_by_id == by.pk:
            raise ValidationError(_("Another Finance user must verify a change you submitted yourself."))
        account = BankAccount.objects.select_for_update().filter(partner=change.partner).first() or BankAccount(
            partner=change.partner
        )
        for name in ("bank_name", "branch", "account_name", "account_number"):
            setattr(account, name, getattr(change, name))
        changed_by(account, by)
        account.full_clean()
        account.save()
        change.status = BankAccountChange.Status.VERIFIED
        change.decided_by = by
        change.decided_at = timezone.now()
        changed_by(change, by)
        change.save(update_fields=["status", "decided_by", "decided_at"])
    return account


def bank_account_change_reject(*, change: BankAccountChange, by, reason: str) -> BankAccountChange:
    """Finance refuses the change with a reason the partner reads; the verified account stays."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the change is rejected.")})
    with transaction.atomic():
        change = _decision_lock(change=change, by=by)
        change.status = BankAccountChange.Status.REJECTED
        change.decided_by = by
        change.decided_at = timezone.now()
        change.reason = reason
        changed_by(change, by)
        change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return change
