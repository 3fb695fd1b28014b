from celery import shared_task
from django.db import OperationalError

from common.outbox import outbox_relay_pending
from common.services import housekeeping_run


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def housekeeping() -> int:
    return housekeeping_run().pk


@shared_task(ignore_result=True)
def outbox_relay() -> int:
    """Every minute: what the broker refused while it was down (or a crash left unsent) goes out now."""
    return outbox_relay_pending()
