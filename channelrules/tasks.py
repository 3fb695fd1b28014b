import datetime as dt

from celery import shared_task
from django.db import OperationalError

from channelrules.services import inventory_reminders_send
from common.retrying import retry_on


@shared_task(**retry_on(OperationalError, OSError))
def inventory_reminders(today: str | None = None) -> int:
    """On the 3rd: remind partners whose channel inventory report for last month is missing (once)."""
    return inventory_reminders_send(today=dt.date.fromisoformat(today) if today else None)
