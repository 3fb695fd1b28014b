"""Partners enter their own bank account in the portal (issue 18), guarded against payment fraud: a change is
pending until a Finance user other than its submitter verifies it, the bank payment file keeps paying the
verified account until then, Finance is told once, and every change and decision is kept."""

from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from incentives import services
from incentives.banking import account_digits, account_number_fits, names_match
from incentives.models import BankAccount, BankAccountChange, LineStatus, Payout
from partners.models import PartnerMembership
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.common.webhook_server import Robot
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory

OLD = "6225880112345678"
NEW = "6222 0202 0011 2233"


def test_account_numbers_are_digits_of_a_plausible_length():
    full_width = "\uff16\uff12\uff12\uff12 0202-0011 2233"  # as a Chinese input method may type them
    assert account_digits(full_width) == "6222020200112233"
    assert account_number_fits("6222020200112233")
    assert not account_number_fits("1234567")  # too short
    assert not account_number_fits("1" * 31)  # too long
    assert not account_number_fits("IBAN1234567")


def test_the_account_name_is_compared_with_the_legal_name_as_a_bank_would():
    assert names_match("深圳\uff08甲\uff09科技有限公司", "深圳(甲)科技有限公司")
    assert names_match(" Acme  Trading Ltd ", "ACME Trading Ltd")
    assert not names_match("张三", "深圳甲科技有限公司")
    assert not names_match("", "")


@pytest.fixture
def partner(db):
    """A partner paid to a verified account, its portal admin, and a member."""
    partner = PartnerFactory(legal_name="深圳甲科技有限公司")
    services.bank_account_save(
        partner=partner,
        by=FinanceFactory(),
        bank_name="招商银行",
        branch="深圳分行",
        account_name="深圳甲科技有限公司",
        account_number=OLD,
    )
    partner.admin = PartnerUserFactory(partner=partner)
    partner.member = PartnerUserFactory(partner=partner, partner__role=PartnerMembership.Role.MEMBER)
    return partner


def submit(client, user, **overrides):
    client.force_login(user)
    data = {"bank_name": "工商银行", "branch": "南山支行", "account_name": "深圳甲科技有限公司", "account_number": NEW}
    return client.post(reverse("incentives_portal:bank-account"), {**data, **overrides}, follow=True)


def bank_file(client):
    client.force_login(FinanceFactory())
    return b"".join(client.get(reverse("incentives:bank-file")).streaming_content).decode()


def test_a_partner_change_waits_for_finance_and_payments_keep_the_verified_account(client, partner):
    payout = PayoutFactory(statement=StatementFactory(partner=partner, payable=D("800.00")))
    Payout.objects.filter(pk=payout.pk).update(status=LineStatus.APPROVED)

    page = submit(client, partner.admin).content.decode()

    assert "Finance will verify the new account" in page
    assert 'id="pending-change"' in page and "•••• 2233" in page and "•••• 5678" in page
    assert "6222020200112233" not in page and NEW not in page
    change = BankAccountChange.objects.get()
    assert change.is_pending and change.submitted_by == partner.admin and change.name_matches
    file = bank_file(client)
    assert OLD in file and "6222020200112233" not in file

    # when another Finance user verifies it
    services.bank_account_change_verify(change=change, by=FinanceFactory())

    file = bank_file(client)
    assert "6222020200112233" in file and "工商银行" in file and OLD not in file


def test_finance_is_told_once_by_email_and_the_team_robot_once(
    client, partner, settings, django_capture_on_commit_callbacks
):
    finance = [FinanceFactory(), FinanceFactory()]
    with Robot() as robot:
        settings.NOTIFY_WEBHOOK_URL = robot.url
        with django_capture_on_commit_callbacks(execute=True):
            submit(client, partner.admin)

    change = BankAccountChange.objects.get()
    to = sorted(address for message in mail.outbox for address in message.to)
    # the fixture's Finance user who set the first account is one of the team too
    assert len(to) == 3 and {user.email for user in finance} <= set(to)
    body = mail.outbox[0].body
    assert partner.name in body and "•••• 2233" in body and "6222020200112233" not in body
    assert reverse("incentives:bank-changes") in body
    assert len(robot.received) == 1
    # a retried task sends nothing again
    from incentives.services.notices import bank_account_change_notify

    assert bank_account_change_notify(change_id=change.pk) == 0
    assert len(mail.outbox) == 3


def test_four_eyes_the_submitter_cannot_verify_its_own_change(partner):
    submitter, colleague = FinanceFactory(), FinanceFactory()
    change = services.bank_account_change_submit(
        partner=partner,
        by=submitter,
        bank_name="工商银行",
        branch="南山支行",
        account_name="深圳甲科技有限公司",
        account_number=NEW,
    )

    with pytest.raises(ValidationError, match="Another Finance user"):
        services.bank_account_change_verify(change=change, by=submitter)
    with pytest.raises(PermissionDenied):
        services.bank_account_change_verify(change=change, by=ManagerFactory())

    services.bank_account_change_verify(change=change, by=colleague)
    account = BankAccount.objects.get(partner=partner)
    assert account.account_number == "6222020200112233"
    assert account.history.first().history_user == colleague
    change.refresh_from_db()
    assert (change.status, change.submitted_by, change.decided_by) == ("verified", submitter, colleague)
    with pytest.raises(ValidationError, match="already"):
        services.bank_account_change_verify(change=change, by=colleague)


def test_finance_verifies_through_a_confirmation_page(client, partner):
    submit(client, partner.admin, account_name="张三")
    change = BankAccountChange.objects.get()
    client.force_login(FinanceFactory())

    listing = client.get(reverse("incentives:bank-changes")).content.decode()
    confirm = client.get(reverse("incentives:bank-change-verify", args=[change.pk])).content.decode()

    assert f'id="bank-change-{change.pk}"' in listing and "data-name-differs" in listing
    assert 'id="confirm-form"' in confirm and "深圳甲科技有限公司" in confirm  # the legal name it differs from
    assert BankAccountChange.objects.get().is_pending  # looking changes nothing
    client.post(reverse("incentives:bank-change-verify", args=[change.pk]))
    assert BankAccount.objects.get(partner=partner).account_name == "张三"
    assert f'id="bank-change-{change.pk}"' not in client.get(reverse("incentives:bank-changes")).content.decode()


def test_finance_rejects_with_a_reason_the_partner_reads(client, partner):
    submit(client, partner.admin)
    change = BankAccountChange.objects.get()
    client.force_login(FinanceFactory())

    no_reason = client.post(reverse("incentives:bank-change-reject", args=[change.pk]), {"reason": ""})
    assert no_reason.status_code == 200 and BankAccountChange.objects.get().is_pending
    client.post(reverse("incentives:bank-change-reject", args=[change.pk]), {"reason": "开户名与营业执照不符"})

    assert BankAccountChange.objects.get().status == "rejected"
    assert BankAccount.objects.get(partner=partner).account_number == OLD
    client.force_login(partner.member)
    page = client.get(reverse("incentives_portal:bank-account")).content.decode()
    assert "开户名与营业执照不符" in page and 'id="pending-change"' not in page


def test_a_new_submission_replaces_the_pending_one(client, partner):
    submit(client, partner.admin)
    submit(client, partner.admin, account_number="6217 0000 1111 2222")

    statuses = dict(BankAccountChange.objects.values_list("account_number", "status"))
    assert statuses == {"6222020200112233": "superseded", "6217000011112222": "pending"}


def test_bad_input_is_refused_field_by_field(client, partner):
    page = submit(client, partner.admin, bank_name="", account_number="12-34").content.decode()

    assert "This field is required." in page
    assert "Enter the account number in digits: 8 to 30 of them." in page
    assert not BankAccountChange.objects.exists()


def test_a_name_other_than_the_legal_name_is_flagged(client, partner):
    page = submit(client, partner.admin, account_name="张三").content.decode()

    assert "differs from your legal name" in page
    assert BankAccountChange.objects.get().name_matches is False


def test_members_see_the_account_but_only_admins_change_it(client, partner):
    client.force_login(partner.member)

    page = client.get(reverse("incentives_portal:bank-account")).content.decode()

    assert "•••• 5678" in page and OLD not in page and 'id="bank-account-form"' not in page
    assert submit(client, partner.member).status_code == 403
    assert not BankAccountChange.objects.exists()


def test_partner_b_never_sees_partner_as_account(client, partner):
    submit(client, partner.admin)
    other = PartnerUserFactory()
    client.force_login(other)

    page = client.get(reverse("incentives_portal:bank-account")).content.decode()

    assert "•••• 5678" not in page and "•••• 2233" not in page and "工商银行" not in page
    with pytest.raises(PermissionDenied):
        services.bank_account_change_submit(
            partner=partner, by=other, bank_name="x", branch="x", account_name="x", account_number="12345678"
        )
