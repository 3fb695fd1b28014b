"""A real Celery worker killed half-way through a cycle; the resumed cycle leaves no duplicates.

The worker runs with EVALUATIONS_CYCLE_CHUNK_SIZE=2 and EVALUATIONS_TEST_PAUSE_AFTER_PARTNERS=2, so it
commits the first two scorecards and then sleeps; the test kills it with SIGKILL (no clean-up at all)
and resumes the cycle the way an operator would, by running it again.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal as D

import pytest
from django.db import connection

from common.periods import Period
from config.celery import app
from evaluations.models import EvaluationCycle, Scorecard, ScorecardLine
from evaluations.services import cycle_calculate
from evaluations.tasks import cycle_run
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.services import require_postgres, require_real_broker

OCT = Period.month(2026, 10)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def pausing_worker(transactional_db, default_template):
    require_postgres()
    broker = require_real_broker()
    queue = f"evaluations-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "EVALUATIONS_CYCLE_CHUNK_SIZE": "2",
        "EVALUATIONS_TEST_PAUSE_AFTER_PARTNERS": "2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app.conf.task_always_eager = False
    try:
        yield queue, process
    finally:
        app.conf.task_always_eager = True
        if process.poll() is None:
            process.kill()
        output, _ = process.communicate(timeout=20)
        if os.environ.get("SHOW_WORKER_LOG"):
            print(output)


def test_killed_worker_then_resumed_cycle_has_one_scorecard_per_partner(pausing_worker):
    queue, process = pausing_worker
    partners = [PartnerFactory(manager=None) for _ in range(7)]
    for partner in partners:
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 12), amount=D("500"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))

    cycle_run.apply_async(args=[str(OCT)], queue=queue)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Scorecard.objects.count() < 2:
        time.sleep(0.2)
    assert Scorecard.objects.count() == 2, "the worker should have written its first chunk and paused"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=20)

    cycle = EvaluationCycle.objects.get()
    assert cycle.status == EvaluationCycle.Status.CALCULATING  # stuck where the worker died

    cycle = cycle_calculate(period=OCT)  # resume

    assert cycle.status == EvaluationCycle.Status.REVIEW
    assert Scorecard.objects.count() == len(partners)
    assert sorted(Scorecard.objects.values_list("partner_id", flat=True)) == sorted(p.pk for p in partners)
    per_card = ScorecardLine.objects.filter(scorecard__cycle=cycle).count() / len(partners)
    assert per_card == 7  # every KPI of the default template, once
    assert {c.total for c in Scorecard.objects.all()} == {Scorecard.objects.first().total}
