"""Money on the finance pages and in their export: the installation's currency is named."""

from django.urls import reverse

from incentives.models import LineStatus
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PayoutFactory


def test_the_payout_export_names_the_currency_and_who_approved_by_name(client, db):
    approver = FinanceFactory(first_name="会计", last_name="李")
    PayoutFactory(status=LineStatus.APPROVED, approved_by=approver)
    client.force_login(FinanceFactory())

    queue = client.get(reverse("incentives:approvals") + "?status=approved").content.decode()
    export = client.get(reverse("incentives:payouts-export") + "?month=2026-10")
    header, row = b"".join(export.streaming_content).decode().lstrip("\ufeff").splitlines()[:2]

    assert "CNY 1,000.00" in queue
    assert "Amount (CNY)" in header.split(",")
    assert "1000.00" in row.split(",") and "李会计" in row.split(",")
