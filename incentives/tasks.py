import datetime as dt

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from common.periods import Period, local_date
from incentives.services import rewards_recalculate, rewards_run_due


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def rewards_daily(today: str | None = None) -> str | None:
    """Daily: calculate last month once its evaluation cycle is published, and never twice."""
    day = dt.date.fromisoformat(today) if today else local_date(timezone.now())
    summary = rewards_run_due(today=day)
    return str(summary.period) if summary else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def rewards_recalculate_month(period: str) -> str | None:
    """After a cycle is published: calculate its month again, so no draft statement keeps stale grades."""
    summary = rewards_recalculate(period=Period.parse(period))
    return str(summary.period) if summary else None
