"""A task enqueued through Redis is run by a real worker process, and its result lands in PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from common.models import JobRun
from common.tasks import housekeeping
from config.celery import app
from tests.services import require_postgres, require_real_broker


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db, settings):
    """A `celery worker` subprocess on the test database and a queue of its own."""
    require_postgres()
    broker = require_real_broker()
    queue = f"roundtrip-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        output, _ = process.communicate(timeout=20)
        if os.environ.get("SHOW_WORKER_LOG"):
            print(output)


def test_task_runs_in_a_worker_and_writes_to_postgres(worker):
    assert not JobRun.objects.exists()
    housekeeping.apply_async(queue=worker)
    deadline = time.monotonic() + 60
    # The run row is written when the job starts and completed when it ends: wait for the end.
    finished = JobRun.objects.filter(name="housekeeping", finished_at__isnull=False)
    while time.monotonic() < deadline and not finished.exists():
        time.sleep(0.25)
    run = JobRun.objects.get(name="housekeeping")
    assert run.finished_at is not None
    assert set(run.summary) == {"expired_sessions", "stale_login_attempts", "old_access_logs"}
