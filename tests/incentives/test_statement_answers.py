"""Statements answered in the portal (对账确认 / 异议): a dispute is seen by Finance and holds the payment back
until resolved; statements download as a formal PDF with their number."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from incentives import services
from incentives.models import LineStatus, Payout, StatementResponse
from incentives.services.notices import statement_dispute_notify
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.common.webhook_server import Robot
from tests.incentives.factories import PayoutFactory, StatementFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory
from tests.pdfs import pdf_titles


@pytest.fixture
def released(db):
    """An approved (released) October statement of a partner, and that partner's portal user."""
    partner = PartnerFactory(code="P-ACME")
    payout = PayoutFactory(statement=StatementFactory(partner=partner, payable=D("1234.50")))
    Payout.objects.filter(pk=payout.pk).update(status=LineStatus.APPROVED, approved_by=FinanceFactory())
    payout.refresh_from_db()
    return {"payout": payout, "statement": payout.statement, "user": PartnerUserFactory(partner=partner)}


def answer(client, statement, **data):
    return client.post(reverse("incentives_portal:statement-answer", args=[statement.pk]), data, follow=True)


def settle(payout, by):
    return services.payout_settle(
        payout=payout, by=by, settlement="bank", paid_on=dt.date(2026, 11, 20), payment_reference="TX"
    )


def test_partner_confirms_its_statement_once(client, released):
    client.force_login(released["user"])

    page = answer(client, released["statement"], kind="confirmed").content.decode()

    assert "the statement is confirmed" in page
    assert 'id="confirm-statement"' not in page
    again = answer(client, released["statement"], kind="disputed", reason="Too late").content.decode()
    assert "not waiting for your answer" in again
    assert list(StatementResponse.objects.values_list("kind", flat=True)) == ["confirmed"]


def test_a_dispute_needs_a_reason(client, released):
    client.force_login(released["user"])

    page = answer(client, released["statement"], kind="disputed", reason="  ").content.decode()

    assert "Say what is wrong with the statement." in page
    assert not StatementResponse.objects.exists()


def test_a_dispute_blocks_payment_until_finance_resolves_it(client, released):
    statement, payout = released["statement"], released["payout"]
    client.force_login(released["user"])
    answer(client, statement, kind="disputed", reason="The October penalty is wrong")
    finance = FinanceFactory()

    with pytest.raises(ValidationError, match="The partner disputes this statement"):
        settle(payout, finance)

    client.force_login(finance)
    disputes = client.get(reverse("incentives:disputes")).content.decode()
    assert "The October penalty is wrong" in disputes and statement.number in disputes
    page = client.get(reverse("incentives:statement-detail", args=[statement.pk])).content.decode()
    assert "data-open-dispute" in page and 'id="resolve-dispute"' in page
    assert 'id="dispute-holds-payment"' in page and 'id="settle-payout"' not in page
    queue = client.get(reverse("incentives:approvals") + "?status=approved").content.decode()
    assert "data-disputed" in queue
    assert f'name="payout" value="{payout.pk}"' not in queue

    response = StatementResponse.objects.get()
    client.post(reverse("incentives:dispute-resolve", args=[response.pk]), {"resolution": "Penalty reversed in Nov"})

    response.refresh_from_db()
    assert (response.resolved_by, response.resolution) == (finance, "Penalty reversed in Nov")
    assert settle(payout, finance).status == LineStatus.PAID
    assert "Penalty reversed in Nov" in client.get(reverse("incentives:disputes") + "?show=all").content.decode()


def test_after_a_resolution_the_partner_may_answer_again(client, released):
    client.force_login(released["user"])
    answer(client, released["statement"], kind="disputed", reason="Missing line")
    services.dispute_resolve(response=StatementResponse.objects.get(), resolution="Added", by=FinanceFactory())

    answer(client, released["statement"], kind="confirmed")

    assert sorted(StatementResponse.objects.values_list("kind", flat=True)) == ["confirmed", "disputed"]


def test_only_finance_resolves_a_dispute(released):
    released["statement"].responses.create(kind="disputed", reason="x", responded_at=dt.datetime.now(dt.UTC))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.dispute_resolve(response=StatementResponse.objects.get(), resolution="no", by=ManagerFactory())


def test_another_partner_cannot_answer_the_statement(client, released):
    client.force_login(PartnerUserFactory())

    assert answer(client, released["statement"], kind="confirmed").status_code == 404
    assert not StatementResponse.objects.exists()


def test_the_statement_downloads_as_a_pdf_with_its_number(client, released):
    client.force_login(released["user"])

    response = client.get(reverse("incentives_portal:statement-pdf", args=[released["statement"].pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert released["statement"].number == "ST-202610-P-ACME"
    assert "ST-202610-P-ACME" in pdf_titles(response.content)
    assert 'filename="ST-202610-P-ACME.pdf"' in response["Content-Disposition"]


def test_the_pdf_names_the_company_currency_period_and_payment_date(client, released, settings):
    settings.COMPANY_NAME = "渠道科技有限公司"
    settle(released["payout"], FinanceFactory())
    from django.template.loader import render_to_string

    from incentives.selectors import statement_lines

    statement = released["statement"]
    accruals, adjustments = statement_lines(statement)
    html = render_to_string(
        "incentives/statement_pdf.html",
        {
            "company": settings.COMPANY_NAME,
            "statement": statement,
            "accruals": accruals,
            "adjustments": adjustments,
            "payout": Payout.objects.get(),
            "currency": "CNY",
        },
    )

    for text in ("渠道科技有限公司", "ST-202610-P-ACME", "CNY", "October 2026", "1,234.50", "TX"):
        assert text in html
    assert "Not paid yet" not in html


def test_a_partner_never_downloads_another_partners_statement_pdf(client, released):
    client.force_login(PartnerUserFactory(partner=PartnerFactory()))

    assert client.get(reverse("incentives_portal:statement-pdf", args=[released["statement"].pk])).status_code == 404


def test_finance_filters_the_months_statements_by_the_partners_answer(client, released):
    StatementResponse.objects.create(
        statement=released["statement"], kind="disputed", reason="x", responded_at=dt.datetime.now(dt.UTC)
    )
    PayoutFactory(statement=StatementFactory(partner=PartnerFactory(name="Quiet Co")))
    client.force_login(FinanceFactory())
    url = reverse("incentives:statements") + "?month=2026-10"

    disputed = client.get(url + "&answer=disputed").content.decode()
    unanswered = client.get(url + "&answer=none").content.decode()

    assert released["statement"].partner.name in disputed and "data-disputed" in disputed
    assert "Quiet Co" not in disputed
    assert "Quiet Co" in unanswered and released["statement"].partner.name not in unanswered


def test_finance_hears_of_a_dispute_once_with_a_link_to_the_statement(
    client, released, settings, django_capture_on_commit_callbacks
):
    colleague = FinanceFactory()  # with the fixture's approver, two Finance users
    client.force_login(released["user"])
    with Robot() as robot:
        settings.NOTIFY_WEBHOOK_URL = robot.url
        with django_capture_on_commit_callbacks(execute=True):
            answer(client, released["statement"], kind="disputed", reason="缺少11月的退货冲减")

    statement = released["statement"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([colleague.email, statement.payout.approved_by.email])
    message = mail.outbox[0]
    assert statement.partner.name in message.subject and statement.number in message.subject
    assert "缺少11月的退货冲减" in message.body
    assert reverse("incentives:statement-detail", args=[statement.pk]) in message.body
    assert len(robot.received) == 1  # the team's robot hears it once, not once per colleague
    # a retry of the task sends nothing twice
    response = StatementResponse.objects.get()
    assert statement_dispute_notify(response_id=response.pk) == 0
    assert len(mail.outbox) == 2


def test_a_confirmation_tells_finance_nothing(client, released, django_capture_on_commit_callbacks):
    client.force_login(released["user"])
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, released["statement"], kind="confirmed")

    assert mail.outbox == []
