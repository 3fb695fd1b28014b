"""Partners' bank accounts (issue 18): kept with history, masked on every page, whole only in Finance's bank
payment file."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from incentives import services
from incentives.banking import masked
from incentives.models import BankAccount, LineStatus, Payout
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory

NUMBER = "6225 8801 1234 5678"


def test_masked_keeps_only_the_last_four_digits():
    assert masked("6225 8801 1234 5678") == "•••• 5678"
    assert masked("") == ""


@pytest.fixture
def account(db):
    partner = PartnerFactory()
    finance = FinanceFactory()
    services.bank_account_save(
        partner=partner,
        by=finance,
        bank_name="招商银行",
        branch="深圳分行",
        account_name="甲公司",
        account_number=NUMBER,
    )
    return BankAccount.objects.get(partner=partner)


def test_finance_changes_the_account_another_finance_user_verifies_and_history_keeps_both_masked(client, account):
    finance = FinanceFactory()
    client.force_login(finance)

    client.post(
        reverse("incentives:bank-account", args=[account.partner_id]),
        {"bank_name": "工商银行", "branch": "南山支行", "account_name": "甲公司", "account_number": "6222020200112233"},
    )

    account.refresh_from_db()
    assert account.account_number == NUMBER  # pending: payments keep the verified account
    colleague = FinanceFactory()
    services.bank_account_change_verify(change=account.partner.bank_account_changes.get(), by=colleague)
    account.refresh_from_db()
    assert (account.bank_name, account.account_number) == ("工商银行", "6222020200112233")
    assert account.history.count() == 2 and account.history.first().history_user == colleague
    page = client.get(reverse("incentives:bank-account", args=[account.partner_id])).content.decode()
    assert "•••• 5678" in page and "•••• 2233" in page
    assert "6222020200112233" not in page and "1234 5678" not in page


def test_a_manager_reads_the_account_masked_but_cannot_change_it(client, account):
    manager = ManagerFactory()
    client.force_login(manager)

    page = client.get(reverse("incentives:bank-account", args=[account.partner_id])).content.decode()

    assert "•••• 5678" in page and "8801" not in page and 'id="bank-account-form"' not in page
    response = client.post(
        reverse("incentives:bank-account", args=[account.partner_id]),
        {"bank_name": "x", "account_name": "x", "account_number": "12345678"},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.bank_account_save(
            partner=account.partner, by=manager, bank_name="x", branch="", account_name="x", account_number="123456"
        )


def test_an_account_number_must_be_digits(client, account):
    client.force_login(FinanceFactory())

    response = client.post(
        reverse("incentives:bank-account", args=[account.partner_id]),
        {"bank_name": "x", "account_name": "x", "account_number": "IBAN-XX"},
    )

    assert "Enter the account number in digits: 8 to 30 of them." in response.content.decode()


def approved(partner, amount="1000.00"):
    payout = PayoutFactory(statement=StatementFactory(partner=partner, payable=D(amount)))
    Payout.objects.filter(pk=payout.pk).update(status=LineStatus.APPROVED)
    return payout


def test_statement_pages_show_the_account_masked(client, account):
    payout = approved(account.partner)
    client.force_login(FinanceFactory())
    internal = client.get(reverse("incentives:statement-detail", args=[payout.statement_id])).content.decode()
    client.force_login(PartnerUserFactory(partner=account.partner))
    portal = client.get(reverse("incentives_portal:statement-detail", args=[payout.statement_id])).content.decode()

    for page in (internal, portal):
        assert "•••• 5678" in page
        assert "8801" not in page


def test_the_bank_file_carries_the_whole_account_for_finance_only(client, account):
    approved(account.partner, "1500.00")
    approved(PartnerFactory(), "0.00")  # nothing to pay
    client.force_login(FinanceFactory())

    csv = b"".join(client.get(reverse("incentives:bank-file")).streaming_content).decode()
    xlsx = client.get(reverse("incentives:bank-file") + "?format=xlsx")

    assert NUMBER in csv and "招商银行" in csv and "深圳分行" in csv and "1500.00" in csv
    assert len(csv.strip().splitlines()) == 2  # header and the one payout to pay
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(ManagerFactory())
    assert client.get(reverse("incentives:bank-file")).status_code == 403
