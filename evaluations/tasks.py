"""Thin Celery tasks: each takes ids or ISO strings and calls one service; a rerun finds nothing left to do."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from common.periods import Period
from evaluations.emails import cycle_emails_send
from evaluations.services import CycleStateError, cycle_calculate

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def cycle_run(period: str, publish: bool | None = None) -> int | None:
    """Calculate the month's cycle (YYYY-MM); a published cycle is left alone."""
    try:
        return cycle_calculate(period=Period.parse(period), publish=publish).pk
    except CycleStateError as exc:
        logger.warning("evaluations: cycle %s not calculated: %s", period, exc.messages[0])
        return None


@shared_task
def cycle_run_previous_month() -> int | None:
    """The beat entry: on the 1st, the month that just ended (in the installation's time zone)."""
    return cycle_run(str(Period.current().previous()))


@shared_task(autoretry_for=(OperationalError, SMTPException, OSError), retry_backoff=True, max_retries=8)
def cycle_send_emails(cycle_id: int) -> int:
    return cycle_emails_send(cycle_id=cycle_id)
