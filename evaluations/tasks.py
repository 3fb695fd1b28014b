"""Thin Celery tasks: each takes ids or ISO strings and calls one service; a rerun finds nothing left to do."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from common.periods import Period
from common.retrying import retry_on
from evaluations import services
from evaluations.emails import cycle_emails_send, period_emails_send
from evaluations.services import CycleStateError, cycle_calculate, cycle_calculate_scheduled

logger = logging.getLogger(__name__)


@shared_task(**retry_on(OperationalError))
def cycle_run(period: str, publish: bool | None = None) -> int | None:
    """Calculate the month's cycle (YYYY-MM); a published cycle is left alone."""
    try:
        return cycle_calculate(period=Period.parse(period), publish=publish).pk
    except CycleStateError as exc:
        logger.warning("evaluations: cycle %s not calculated: %s", period, exc.messages[0])
        return None


@shared_task(**retry_on(OperationalError))
def cycle_run_requested(period: str) -> int | None:
    """A calculation asked for on the cycle's page: calculated, then the asker is told."""
    try:
        return services.cycle_calculate_requested(period=Period.parse(period)).pk
    except CycleStateError as exc:
        logger.warning("evaluations: cycle %s not calculated: %s", period, exc.messages[0])
        return None


@shared_task(**retry_on(OperationalError))
def cycle_run_previous_month() -> int | None:
    """The beat entry: on the 1st, the month that just ended (in the installation's time zone), once."""
    cycle = cycle_calculate_scheduled(period=Period.current().previous())
    return cycle.pk if cycle else None


@shared_task(**retry_on(OperationalError))
def cycles_resume_stuck() -> list[str]:
    """Beat, every few minutes: a cycle, or a requested quarter or year, whose worker died is calculated
    again (see the services)."""
    return services.cycles_resume_stuck() + services.period_evaluations_resume_stuck()


@shared_task(**retry_on(OperationalError, SMTPException, OSError, max_retries=8))
def cycle_send_emails(cycle_id: int) -> int:
    return cycle_emails_send(cycle_id=cycle_id)


@shared_task(**retry_on(OperationalError))
def period_evaluation_run(length: str, period: str) -> int | None:
    """Make the quarter's or year's cards (queued when its last month is published); a published one,
    or one whose months are not all published, is left alone."""
    try:
        return services.period_evaluation_calculate(length=length, period=Period.parse(period)).pk
    except CycleStateError as exc:
        logger.warning("evaluations: %s %s not calculated: %s", length, period, exc.messages[0])
        return None


@shared_task(**retry_on(OperationalError))
def period_evaluation_run_requested(length: str, period: str) -> int | None:
    """A quarter's or year's calculation asked for on a page: calculated once, then the asker is told."""
    evaluation = services.period_evaluation_calculate_requested(length=length, period=Period.parse(period))
    return evaluation.pk if evaluation else None


@shared_task(**retry_on(OperationalError, SMTPException, OSError, max_retries=8))
def period_evaluation_send_emails(evaluation_id: int) -> int:
    return period_emails_send(evaluation_id=evaluation_id)
