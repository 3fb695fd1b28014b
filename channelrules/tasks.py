import datetime as dt

from celery import shared_task
from django.db import OperationalError

from channelrules.services import findings_detect, inventory_reminders_send
from common import clock
from common.periods import Period
from common.retrying import retry_on


@shared_task(**retry_on(OperationalError, OSError))
def inventory_reminders(today: str | None = None) -> int:
    """On the 3rd: remind partners whose channel inventory report for last month is missing (once)."""
    return inventory_reminders_send(today=dt.date.fromisoformat(today) if today else None)


@shared_task(**retry_on(OperationalError, OSError))
def violations_detect_previous_month(today: str | None = None) -> dict:
    """On the 1st, before the monthly cycle: the violation report of last month, so the scorecards' price
    compliance rate reads its findings. Rerunnable (one finding per sale and kind)."""
    day = dt.date.fromisoformat(today) if today else clock.today()
    return findings_detect(period=Period.containing(day).previous())
