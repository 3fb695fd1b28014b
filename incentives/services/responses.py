"""A partner's answer to its statement (对账确认 / 异议), and Finance resolving a dispute.

A partner answers a statement it can read (approved or paid): it confirms it, which is final, or disputes it
with a reason, and Finance is told. An open dispute holds the payment back (`payouts.payout_settle` refuses it) until Finance
resolves it with a note; the partner may then confirm or dispute again. The database allows one open dispute
and one confirmation per statement, so a double click or two users at once cannot add a second.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import changed_by
from common.outbox import outbox_enqueue
from incentives.access import RELEASED_STATUSES
from incentives.models import Statement, StatementResponse
from partners.models import PartnerMembership


def open_dispute(statement: Statement) -> StatementResponse | None:
    return statement.responses.filter(kind=StatementResponse.Kind.DISPUTED, resolved_at__isnull=True).first()


def disputed_statement_ids(statement_ids) -> set[int]:
    """Which of these statements have an open dispute (one query)."""
    return set(
        StatementResponse.objects.filter(
            statement_id__in=list(statement_ids), kind=StatementResponse.Kind.DISPUTED, resolved_at__isnull=True
        ).values_list("statement_id", flat=True)
    )


def can_answer(statement: Statement) -> bool:
    """Whether the statement still waits for the partner's answer: released, not confirmed, no open dispute."""
    payout = getattr(statement, "payout", None)
    if payout is None or payout.status not in RELEASED_STATUSES:
        return False
    return not statement.responses.filter(kind=StatementResponse.Kind.CONFIRMED).exists() and not open_dispute(
        statement
    )


def statement_answer(*, statement: Statement, kind: str, reason: str = "", by) -> StatementResponse:
    """The partner user `by` confirms or disputes (with a reason) a statement of its own partner."""
    if not PartnerMembership.objects.filter(user=by, partner_id=statement.partner_id).exists():
        raise PermissionDenied
    reason = reason.strip()
    if kind == StatementResponse.Kind.DISPUTED and not reason:
        raise ValidationError({"reason": _("Say what is wrong with the statement.")})
    with transaction.atomic():
        statement = Statement.objects.select_for_update(of=("self",)).select_related("payout").get(pk=statement.pk)
        if not can_answer(statement):
            raise ValidationError(_("This statement is not waiting for your answer."))
        response = StatementResponse(
            statement=statement, kind=kind, reason=reason, responded_by=by, responded_at=timezone.now()
        )
        changed_by(response, by)
        response.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as error:
            raise ValidationError(_("This statement is not waiting for your answer.")) from error
        if kind == StatementResponse.Kind.DISPUTED:
            # Finance hears of it once, after the commit (incentives.services.notices).
            outbox_enqueue(
                "incentives.tasks.statement_dispute_notify", response.pk, key=f"statement-dispute-notify:{response.pk}"
            )
    return response


def dispute_resolve(*, response: StatementResponse, resolution: str, by) -> StatementResponse:
    """Finance closes an open dispute with what was done about it; the statement can then be paid."""
    if not by.has_perm("incentives.settle_payout"):
        raise PermissionDenied
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how the dispute was resolved.")})
    with transaction.atomic():
        response = StatementResponse.objects.select_for_update().get(pk=response.pk)
        if not response.is_open_dispute:
            raise ValidationError(_("This dispute is already resolved."))
        response.resolution = resolution
        response.resolved_by = by
        response.resolved_at = timezone.now()
        changed_by(response, by)
        response.save()
    return response
