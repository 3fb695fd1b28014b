import datetime as dt

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from common.periods import Period, local_date
from common.retrying import retry_on
from incentives.models import CalculationRun
from incentives.services import (
    notices,
    rewards_calculate,
    rewards_calculate_requested,
    rewards_recalculate,
    rewards_run_due,
)
from incentives.services.rewards import rewards_resume_stuck


@shared_task(**retry_on(OperationalError))
def rewards_daily(today: str | None = None) -> str | None:
    """Daily: calculate last month once its evaluation cycle is published, and never twice."""
    day = dt.date.fromisoformat(today) if today else local_date(timezone.now())
    summary = rewards_run_due(today=day)
    return str(summary.period) if summary else None


@shared_task(**retry_on(OperationalError))
def rewards_run(period: str) -> int:
    """Calculate one month (YYYY-MM) as the schedule would; the stuck-run sweep queues this."""
    return rewards_calculate(period=Period.parse(period), source=CalculationRun.Source.SCHEDULED).accruals


@shared_task(**retry_on(OperationalError))
def rewards_run_requested(period: str) -> int:
    """A calculation asked for on the calculation page: calculated as the asker, who is then told."""
    return rewards_calculate_requested(period=Period.parse(period)).accruals


@shared_task(**retry_on(OperationalError))
def rewards_resume_stuck_runs() -> list[str]:
    """Beat, every few minutes: a reward calculation whose worker died is calculated again."""
    return rewards_resume_stuck()


@shared_task(**retry_on(OperationalError))
def rewards_recalculate_month(period: str) -> str | None:
    """After a cycle is published: calculate its month again, so no draft statement keeps stale grades."""
    summary = rewards_recalculate(period=Period.parse(period))
    return str(summary.period) if summary else None


@shared_task(**retry_on(OperationalError))
def bank_account_change_notify(change_id: int) -> int:
    """Tell Finance, once, that a partner's new bank account waits for verification."""
    return notices.bank_account_change_notify(change_id=change_id)


@shared_task(**retry_on(OperationalError))
def statement_dispute_notify(response_id: int) -> int:
    """Tell Finance, once, that a partner disputes a statement."""
    return notices.statement_dispute_notify(response_id=response_id)
