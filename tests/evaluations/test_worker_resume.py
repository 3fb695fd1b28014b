"""A real Celery worker killed half-way through a cycle; the resumed cycle leaves no duplicates.

The worker runs with EVALUATIONS_CYCLE_CHUNK_SIZE=2 and stops dead when the cycle logs that it has
written its first two partners (tests/worker_main.py: the production code holds no pause); the test
kills it with SIGKILL (no clean-up at all) and resumes the cycle the way an operator would, by running
it again.
"""

import datetime as dt
import uuid
from decimal import Decimal as D

import pytest

from common.periods import Period
from config.celery import app
from evaluations.models import EvaluationCycle, Scorecard, ScorecardLine
from evaluations.services import cycle_calculate
from evaluations.tasks import cycle_run
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.services import require_postgres, require_real_broker
from tests.workers import Worker, wait_for

OCT = Period.month(2026, 10)


@pytest.fixture
def pausing_worker(transactional_db, default_template, tmp_path):
    require_postgres()
    queue = f"evaluations-{uuid.uuid4().hex[:8]}"
    worker = Worker(
        broker=require_real_broker(),
        log=tmp_path / "worker.log",
        queues=queue,
        env={
            "EVALUATIONS_CYCLE_CHUNK_SIZE": "2",
            "TEST_WORKER_PAUSE": "log:evaluations.services:2 of 7 partners written",
        },
    )
    app.conf.task_always_eager = False
    try:
        yield queue, worker
    finally:
        app.conf.task_always_eager = True
        worker.kill()


def test_killed_worker_then_resumed_cycle_has_one_scorecard_per_partner(pausing_worker):
    queue, worker = pausing_worker
    partners = [PartnerFactory(manager=None) for _ in range(7)]
    for partner in partners:
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 12), amount=D("500"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))

    cycle_run.apply_async(args=[str(OCT)], queue=queue)
    wait_for(lambda: "TEST-WORKER-PAUSED" in worker.output(), what="the worker to pause after its first chunk")
    assert Scorecard.objects.count() == 2, "the worker should have written its first chunk and paused"
    worker.kill()

    cycle = EvaluationCycle.objects.get()
    assert cycle.status == EvaluationCycle.Status.CALCULATING  # stuck where the worker died

    cycle = cycle_calculate(period=OCT)  # resume

    assert cycle.status == EvaluationCycle.Status.REVIEW
    assert Scorecard.objects.count() == len(partners)
    assert sorted(Scorecard.objects.values_list("partner_id", flat=True)) == sorted(p.pk for p in partners)
    per_card = ScorecardLine.objects.filter(scorecard__cycle=cycle).count() / len(partners)
    assert per_card == 7  # every KPI of the default template, once
    assert {c.total for c in Scorecard.objects.all()} == {Scorecard.objects.first().total}
