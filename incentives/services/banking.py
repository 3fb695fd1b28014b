"""A partner's bank account for bank payments: set or changed by Finance, every change kept in history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from common.history import changed_by
from incentives.models import BankAccount


def bank_account_save(*, partner, by, bank_name: str, branch: str, account_name: str, account_number: str):
    if not by.has_perm("incentives.change_bankaccount"):
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
