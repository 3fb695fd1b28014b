import datetime as dt

from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from training.services import certification_reminders_send


@shared_task(**retry_on(OperationalError, OSError))
def certification_reminders(today: str | None = None) -> int:
    """Daily: remind holders and their channel managers of certificates expiring within 30 days."""
    return certification_reminders_send(today=dt.date.fromisoformat(today) if today else None)
