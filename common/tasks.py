from celery import shared_task
from django.db import OperationalError

from common.emails.channels import WebhookChannel
from common.outbox import outbox_relay_pending
from common.retrying import retry_on
from common.services import housekeeping_run


@shared_task(**retry_on(OperationalError))
def housekeeping() -> int:
    return housekeeping_run().pk


@shared_task(ignore_result=True)
def outbox_relay() -> int:
    """Every minute: what the broker refused while it was down (or a crash left unsent) goes out now."""
    return outbox_relay_pending()


@shared_task(**retry_on(OSError, max_retries=8))
def webhook_post(url: str, content: str) -> None:
    """Post one message to a group robot; a network error, an HTTP error or a refusal is retried."""
    WebhookChannel.post(url, content)
