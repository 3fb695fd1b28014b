from celery import shared_task
from django.db import OperationalError

from common.services import housekeeping_run


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def housekeeping() -> int:
    return housekeeping_run().pk
