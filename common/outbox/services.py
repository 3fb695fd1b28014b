"""The transactional outbox: services write the intent to run a task, a relay hands it to Celery.

A service never imports a task module: it names the task by its dotted name, so the
services ↔ tasks import circles cannot form, and a broker outage never turns a request into an
error. The message is relayed right after the commit; what the broker refused stays pending and
is re-sent by the beat job. Delivery is at least once (a message may be sent, then the "sent" mark
lost with a crash), so every task it names is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerError

from common.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# A message younger than this is still being relayed by the request that wrote it.
RELAY_GRACE = dt.timedelta(seconds=5)
RELAY_BATCH = 500


def outbox_enqueue(task_name: str, *args, key: str = "") -> OutboxMessage | None:
    """Store the intent to run `task_name(*args)` in the current transaction; relay it after commit.

    With a `key`, a second call while a message with the same key is still pending adds nothing
    (returns None).
    """
    message = OutboxMessage(task_name=task_name, args=list(args), key=key)
    if key:
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return None
    else:
        message.save()
    transaction.on_commit(lambda: outbox_relay(message_id=message.pk))
    return message


def outbox_relay(*, message_id: int) -> bool | None:
    """Hand one pending message to Celery and mark it sent. A broker error is logged, never raised:
    the message stays pending for the beat job. True when sent, False when the broker refused it,
    None when there was nothing to send (already sent, or being sent by another relay)."""
    with transaction.atomic():
        # skip_locked: the request's own relay and the beat job never send the same row together.
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            pk=message_id, status=OutboxMessage.Status.PENDING
        )
        message = message.first()
        if message is None:
            return None
        message.attempts += 1
        try:
            # No publish retries: a page must answer at once; the beat job is the retry.
            # Imported by name here, never by the service that wrote the message (no import circles).
            import_string(message.task_name).apply_async(args=message.args, retry=False)
        # RuntimeError: kombu's "Acquire on closed pool" after a connection reset is a broker fault too.
        except (BrokerError, ConnectionError, RuntimeError) as exc:
            logger.warning(
                "outbox: %s #%s not sent (attempt %s): %s", message.task_name, message.pk, message.attempts, exc
            )
            message.last_error = str(exc)[:1000]
            message.save(update_fields=["attempts", "last_error"])
            return False
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True


def outbox_relay_pending(*, now: dt.datetime | None = None) -> int:
    """Re-send the pending messages older than the grace period, oldest first. Returns how many were sent."""
    cutoff = (now or timezone.now()) - RELAY_GRACE
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    sent = 0
    for message_id in ids:
        result = outbox_relay(message_id=message_id)
        if result is False:
            break  # the broker is still down: the next run tries again
        sent += bool(result)
    return sent
