"""Messages to the Finance team: written once (an `Email` and its templates), sent to every active Finance user
by email and, when configured, once to the team's group robot (common/emails/channels.py).

Each is sent once per Finance user: the `EmailLog` key (kind, recipient, `about`) makes a retried task skip
what already left. Callers enqueue the task through the outbox, in the transaction of what they report.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from common.emails import Email, email_send_once
from common.emails.models import EmailLog
from common.roles import FINANCE
from incentives.models import BankAccountChange, StatementResponse


def finance_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=FINANCE)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def finance_notify(*, kind: str, template: str, context: dict, about: str, partner_id: int | None) -> int:
    """Send the message to each Finance user once; the robot gets it with the first email only (one message
    for the team, not one per colleague). Returns how many emails left now."""
    sent = 0
    for index, user in enumerate(finance_users()):
        sent += email_send_once(
            Email(
                kind=kind,
                recipient=user.email,
                language=settings.LANGUAGE_CODE,
                template=template,
                context={**context, "user": user},
                partner_id=partner_id,
                about=about,
                other_channels=index == 0,
            )
        )
    return sent


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def bank_account_change_notify(*, change_id: int) -> int:
    """Tell Finance that a bank account change waits for verification."""
    change = BankAccountChange.objects.select_related("partner", "submitted_by").get(pk=change_id)
    if not change.is_pending:
        return 0  # verified or replaced before the task ran: nothing left to ask
    return finance_notify(
        kind=EmailLog.Kind.BANK_ACCOUNT_CHANGE,
        template="incentives/email/bank_account_change",
        context={"change": change, "partner": change.partner, "link": link(reverse("incentives:bank-changes"))},
        about=f"bank-account-change-{change.pk}",
        partner_id=change.partner_id,
    )


def statement_dispute_notify(*, response_id: int) -> int:
    """Tell Finance that a partner disputes a statement, with a link to it."""
    response = StatementResponse.objects.select_related("statement__partner", "responded_by").get(pk=response_id)
    statement = response.statement
    return finance_notify(
        kind=EmailLog.Kind.STATEMENT_DISPUTE,
        template="incentives/email/statement_dispute",
        context={
            "response": response,
            "statement": statement,
            "partner": statement.partner,
            "link": link(reverse("incentives:statement-detail", kwargs={"pk": statement.pk})),
        },
        about=f"statement-dispute-{response.pk}",
        partner_id=statement.partner_id,
    )
