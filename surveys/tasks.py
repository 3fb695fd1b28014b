from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from surveys import services


@shared_task(**retry_on(OperationalError, OSError))
def round_invitations(round_id: int) -> int:
    """Email the invitations of one partner round (queued through the outbox when the round opens)."""
    return services.round_invitations_send(round_id=round_id)


@shared_task(**retry_on(OperationalError, OSError))
def surveys_daily() -> int:
    """Daily: close the rounds that ended, open the scheduled partner rounds that are due, send what a round's
    stuck invitation run still owes, send reminders."""
    services.rounds_close_due()
    opened = services.partner_rounds_start_due()
    services.round_invitations_resume()
    services.invitation_reminders_send()
    return len(opened)
