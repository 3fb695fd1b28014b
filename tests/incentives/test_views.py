"""The pages end to end through the test client: forms call the services, lists stay set-wise."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from common.periods import Period
from incentives.models import (
    Accrual,
    Adjustment,
    ClaimProof,
    FundClaim,
    FundRequest,
    IncentivePolicy,
    LineStatus,
    Payout,
    RebateAccountEntry,
)
from incentives.services import payout_approve, rewards_calculate
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.incentives.factories import FundFactory, FundRequestFactory, PolicyFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


@pytest.fixture
def manager(db):
    return ManagerFactory()


@pytest.fixture
def finance(db):
    return FinanceFactory()


def test_manager_creates_a_rebate_policy_through_the_form(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("incentives:policy-create") + "?kind=volume_rebate",
        {
            "name": "2026 volume rebate",
            "period_length": "month",
            "valid_from": "2026-01-01",
            "is_active": "on",
            "mode": "retroactive",
            "brackets": "500000:3\n0:0\n100000:2",
            "cap": "",
        },
    )
    policy = IncentivePolicy.objects.get()
    assert response.status_code == 302
    version = policy.versions.get()
    assert version.rules == {"mode": "retroactive", "brackets": [["0", "0"], ["100000", "2"], ["500000", "3"]]}
    assert policy.history.first().history_user == manager


def test_bad_brackets_show_a_field_error_and_write_nothing(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("incentives:policy-create") + "?kind=volume_rebate",
        {
            "name": "x",
            "period_length": "month",
            "valid_from": "2026-01-01",
            "mode": "retroactive",
            "brackets": "0:1\n0:2",
        },
    )
    assert response.status_code == 200
    assert "different thresholds" in response.content.decode()
    assert not IncentivePolicy.objects.exists()


def test_edit_creates_a_new_version_from_a_date(client, manager):
    policy = PolicyFactory(kind="commission", rules={"rate": "2"})
    client.force_login(manager)
    response = client.post(
        reverse("incentives:policy-edit", args=[policy.pk]),
        {
            "name": policy.name,
            "period_length": "month",
            "valid_from": "2026-01-01",
            "is_active": "on",
            "rate": "3",
            "category_rates": "PHONE:4",
            "effective_from": "2026-11-01",
        },
    )
    assert response.status_code == 302
    assert list(policy.versions.order_by("number").values_list("number", "effective_from")) == [
        (1, dt.date(2026, 1, 1)),
        (2, dt.date(2026, 11, 1)),
    ]
    assert policy.versions.get(number=2).rules == {"rate": "3", "category_rates": {"PHONE": "4"}}
    detail = client.get(reverse("incentives:policy-detail", args=[policy.pk]))
    assert "version 2" in detail.content.decode()


def test_policy_preview_shows_last_months_amounts_without_writing(client, manager):
    policy = PolicyFactory()
    SalesRecordFactory(partner=PartnerFactory(name="Preview Co"), amount=D("600000"))
    client.force_login(manager)
    response = client.get(reverse("incentives:policy-detail", args=[policy.pk]) + "?month=2026-10")
    text = response.content.decode()
    assert "Preview Co" in text
    assert "18,000.00" in text
    assert not Accrual.objects.exists()


def test_calculate_page_queues_the_calculation_on_the_worker(client, manager, django_capture_on_commit_callbacks):
    PolicyFactory()
    SalesRecordFactory(amount=D("600000"))
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox relays; the eager worker runs it
        response = client.post(reverse("incentives:calculate"), {"month": "2026-10"})
    assert response.status_code == 302
    assert Accrual.objects.get().amount == D("18000.00")
    page = client.get(reverse("incentives:accruals") + "?month=2026-10")
    assert "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)" in page.content.decode()  # noqa: RUF001


def test_the_months_accrual_figures_are_summed_again_only_after_they_can_have_changed(client, manager):
    policy = PolicyFactory(name="Rebate")
    first, second = PartnerFactory(), PartnerFactory()
    for partner in (first, second):
        SalesRecordFactory(partner=partner, amount=D("600000"), date=dt.date(2026, 10, 15))
    rewards_calculate(period=OCT)
    client.force_login(manager)
    url = reverse("incentives:accruals") + "?month=2026-10"

    def figures(query=""):
        with CaptureQueriesContext(connection) as queries:
            context = client.get(url + query).context
        sums = [q for q in queries if q["sql"].startswith("SELECT") and 'SUM("incentives_accrual"' in q["sql"]]
        by_policy = [(row["policy__name"], row["partners"], row["total"]) for row in context["by_policy"]]
        return context["paginator"].count, context["total"], by_policy, len(sums)

    assert figures() == (2, D("36000.00"), [("Rebate", 2, D("36000.00"))], 2)
    assert figures() == (2, D("36000.00"), [("Rebate", 2, D("36000.00"))], 0)  # kept
    assert figures("&status=draft")[0::3] == (2, 2)  # each filter on its own

    SalesRecordFactory(partner=first, amount=D("400000"), date=dt.date(2026, 10, 20))
    assert figures()[3] == 0  # a sale alone moves no accrual: kept until the month is calculated again
    rewards_calculate(period=OCT)
    assert figures() == (2, D("48000.00"), [("Rebate", 2, D("48000.00"))], 2)
    assert figures("&status=draft")[0::3] == (2, 2)

    payout_approve(payout=Payout.objects.get(partner=first), by=FinanceFactory())  # moves its accruals on
    assert figures("&status=draft")[0::3] == (1, 2)
    assert figures()[3] == 0  # the month's figures do not depend on the status

    policy.name = "Volume rebate"  # the labels are the policies'
    policy.save()
    assert figures()[2] == [("Volume rebate", 2, D("48000.00"))]


def test_four_eyes_refusal_is_shown_and_nothing_changes(client, db):
    from django.contrib.auth.models import Group

    from common.roles import CHANNEL_MANAGER

    both = FinanceFactory()
    both.groups.add(Group.objects.get(name=CHANNEL_MANAGER))
    client.force_login(both)
    client.post(
        reverse("incentives:policy-create") + "?kind=commission",
        {"name": "Commission", "period_length": "month", "valid_from": "2026-01-01", "is_active": "on", "rate": "2"},
    )
    SalesRecordFactory(amount=D("100000"))
    rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    response = client.post(reverse("incentives:payout-approve", args=[payout.pk]), follow=True)
    assert "You hold both the Finance role and a channel role" in response.content.decode()
    payout.refresh_from_db()
    assert payout.status == LineStatus.DRAFT


def test_finance_approves_settles_and_exports(client, finance):
    PolicyFactory()
    partner = PartnerFactory(name="=HYPERLINK(evil)")
    SalesRecordFactory(partner=partner, amount=D("600000"))
    rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    client.force_login(finance)
    queue = client.get(reverse("incentives:approvals"))
    assert "=HYPERLINK(evil)" in queue.content.decode()
    client.post(reverse("incentives:payout-approve", args=[payout.pk]))
    response = client.post(
        reverse("incentives:payout-settle", args=[payout.pk]),
        {"settlement": "rebate_account", "paid_on": "2026-11-09"},
    )
    assert response.status_code == 302
    payout.refresh_from_db()
    assert payout.status == LineStatus.PAID
    assert RebateAccountEntry.objects.get().balance == D("18000.00")

    csv_text = b"".join(client.get(reverse("incentives:payouts-export") + "?month=2026-10").streaming_content).decode()
    assert "'=HYPERLINK(evil)" in csv_text
    assert "18000.00" in csv_text
    xlsx = client.get(reverse("incentives:payouts-export") + "?month=2026-10&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "'=HYPERLINK(evil)"
    assert D(str(rows[1][5])) == D("18000.00")


def test_finance_records_a_use_and_reverses_it(client, finance):
    partner = PartnerFactory()
    RebateAccountEntry.objects.create(partner=partner, sequence=1, kind="credit", amount=D("500"), balance=D("500"))
    client.force_login(finance)
    url = reverse("incentives:rebate-account", args=[partner.pk])
    too_much = client.post(url, {"amount": "600", "order_reference": "SO-1"})
    assert "holds only" in too_much.content.decode()
    client.post(url, {"amount": "200", "order_reference": "SO-1"})
    use = RebateAccountEntry.objects.get(sequence=2)
    client.post(reverse("incentives:rebate-reverse", args=[use.pk]))
    assert list(RebateAccountEntry.objects.order_by("sequence").values_list("balance", flat=True)) == [
        D("500.00"),
        D("300.00"),
        D("500.00"),
    ]


def test_manager_adds_a_penalty_by_hand(client, manager):
    partner = PartnerFactory()
    client.force_login(manager)
    response = client.post(
        reverse("incentives:adjustment-create"),
        {
            "partner": partner.code,
            "month": "2026-10",
            "kind": "penalty",
            "amount": "800",
            "reason": "Late sales report",
        },
    )
    assert response.status_code == 302
    assert Adjustment.objects.get().amount == D("-800.00")


def test_portal_sees_only_approved_statements_of_its_own(client, finance):
    PolicyFactory()
    user = PartnerUserFactory()
    partner = user.partner_membership.partner
    SalesRecordFactory(partner=partner, amount=D("600000"))
    rewards_calculate(period=OCT)
    client.force_login(user)
    assert "No approved statements yet" in client.get(reverse("incentives_portal:statements")).content.decode()
    payout = Payout.objects.get()
    from incentives.services import payout_approve

    payout_approve(payout=payout, by=finance)
    page = client.get(reverse("incentives_portal:statement-detail", args=[payout.statement_id]))
    assert "600,000.00 × 3%" in page.content.decode()  # noqa: RUF001
    assert "v1</span>" not in page.content.decode()  # the policy's version is internal
    client.force_login(finance)
    internal = client.get(reverse("incentives:statement-detail", args=[payout.statement_id]))
    assert "v1</span>" in internal.content.decode()
    client.force_login(user)
    download = client.get(reverse("incentives_portal:statement-download", args=[payout.statement_id]))
    assert "18000.00" in b"".join(download.streaming_content).decode()


def test_partner_requests_and_claims_funds_in_the_portal(client, manager):
    user = PartnerUserFactory()
    partner = user.partner_membership.partner
    fund = FundFactory(partner=partner, budget=D("5000"))
    client.force_login(user)
    too_much = client.post(
        reverse("incentives_portal:request-create"),
        {"fund": fund.pk, "activity": "exhibition", "title": "Fair", "plan": "Booth", "amount": "6000"},
    )
    assert "remains" in too_much.content.decode()
    client.post(
        reverse("incentives_portal:request-create"),
        {"fund": fund.pk, "activity": "exhibition", "title": "Fair", "plan": "Booth", "amount": "3000"},
    )
    request = FundRequest.objects.get()
    client.force_login(manager)
    client.post(reverse("incentives:request-decide", args=[request.pk]), {"decision": "approve", "amount": "2500"})
    client.force_login(user)
    bad = client.post(
        reverse("incentives_portal:claim-create", args=[request.pk]),
        {"amount": "100", "report": "Done", "files": [SimpleUploadedFile("x.png", b"not an image")]},
    )
    assert "Upload a file" in bad.content.decode()
    client.post(
        reverse("incentives_portal:claim-create", args=[request.pk]),
        {
            "amount": "2400",
            "report": "Done",
            "files": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)],
        },
    )
    claim = FundClaim.objects.get()
    assert ClaimProof.objects.filter(claim=claim).count() == 2
    client.force_login(manager)
    client.post(reverse("incentives:claim-decide", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.reimbursed_amount == D("2400.00")
    detail = client.get(reverse("incentives:fund-detail", args=[fund.pk]))
    assert "2,500.00" in detail.content.decode()


def test_other_partner_cannot_claim_on_a_request(client, db):
    request = FundRequestFactory(status="approved", approved_amount=D("100"))
    client.force_login(PartnerUserFactory())
    assert client.get(reverse("incentives_portal:claim-create", args=[request.pk])).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        "incentives:accruals",
        "incentives:statements",
        "incentives:approvals",
        "incentives:funds",
        "incentives:rebate-accounts",
        "incentives:policies",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, db, url):
    director = ManagerFactory()
    client.force_login(director)
    PolicyFactory()

    def grow(n):
        for _ in range(n):
            partner = PartnerFactory()
            SalesRecordFactory(partner=partner, amount=D("200000"))
            FundFactory(partner=partner)
            RebateAccountEntry.objects.create(partner=partner, sequence=1, kind="credit", amount=D("5"), balance=D("5"))
            PolicyFactory()
        rewards_calculate(period=OCT)
        return _queries(client, reverse(url) + "?month=2026-10")

    assert grow(2) == grow(6)
