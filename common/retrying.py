"""How every task retries: exponential backoff with jitter, capped below the broker's visibility timeout.

A retry waits in the worker as an unacknowledged message; were its delay longer than the visibility
timeout, Redis would hand the message to a second worker and the task would run twice.
"""

from django.conf import settings


def retry_on(*errors: type[BaseException], max_retries: int = 5) -> dict:
    """Options for `@shared_task(**retry_on(OperationalError))`."""
    return {
        "autoretry_for": errors,
        "retry_backoff": True,
        "retry_backoff_max": settings.CELERY_TASK_RETRY_BACKOFF_MAX,
        "retry_jitter": True,
        "max_retries": max_retries,
    }
