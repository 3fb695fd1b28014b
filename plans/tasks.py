import datetime as dt

from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from plans.services import risk_reminders_send


@shared_task(**retry_on(OperationalError, OSError))
def risk_review_reminders(today: str | None = None) -> int:
    """Daily: email each risk owner once when the risk's review date has passed."""
    return risk_reminders_send(today=dt.date.fromisoformat(today) if today else None)
