"""The outbox: the intent to run a task lives and dies with the caller's transaction, and is sent once."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from common.models import JobRun, OutboxMessage
from common.outbox import outbox_enqueue, outbox_relay, outbox_relay_pending

HOUSEKEEPING = "common.tasks.housekeeping"


def test_a_message_is_relayed_after_commit_and_the_task_runs(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(HOUSEKEEPING)
        assert not JobRun.objects.exists()  # nothing runs before the commit

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert JobRun.objects.filter(name="housekeeping").count() == 1
    # A second relay (the beat job racing the request) finds nothing to send.
    assert outbox_relay(message_id=message.pk) is None
    assert JobRun.objects.count() == 1


def test_a_rolled_back_transaction_leaves_no_message(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(HOUSEKEEPING)
        raise RuntimeError("the service failed")
    assert not OutboxMessage.objects.exists()
    assert not JobRun.objects.exists()


def test_a_key_adds_nothing_while_the_same_key_is_pending(db):
    first = outbox_enqueue(HOUSEKEEPING, key="housekeeping")
    assert outbox_enqueue(HOUSEKEEPING, key="housekeeping") is None
    outbox_relay(message_id=first.pk)
    assert outbox_enqueue(HOUSEKEEPING, key="housekeeping") is not None  # the first one was sent
    assert OutboxMessage.objects.count() == 2


def test_the_beat_job_sends_only_messages_older_than_the_grace_period(db):
    old = outbox_enqueue(HOUSEKEEPING)
    fresh = outbox_enqueue(HOUSEKEEPING)
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))

    assert outbox_relay_pending() == 1

    assert OutboxMessage.objects.get(pk=old.pk).status == OutboxMessage.Status.SENT
    assert OutboxMessage.objects.get(pk=fresh.pk).status == OutboxMessage.Status.PENDING


def test_the_relay_is_in_the_beat_schedule_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-relay-every-minute"]
    assert entry["task"] == "common.tasks.outbox_relay"
    assert entry["schedule"].minute == set(range(60))
