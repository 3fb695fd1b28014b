"""Workers killed with SIGKILL at the worst moments, and a Redis restarted with work queued: each piece
of work completes once. The test's own Redis and workers; the production code holds no pause (see
tests/worker_main.py)."""

import datetime as dt
from decimal import Decimal as D

import redis
from django.utils import timezone

from common.models import EmailLog, JobRun
from common.outbox import outbox_enqueue
from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard
from evaluations.services import cycles_resume_stuck
from incentives.models import Accrual, CalculationRun
from tests.evaluations.factories import TargetFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.recruitment.factories import ApplicationFactory
from tests.workers import wait_for

OCT = Period.month(2026, 10)
PAUSED = "TEST-WORKER-PAUSED"
# A restarted worker takes back a dead worker's unacknowledged message once this has passed.
SHORT_VISIBILITY = {"CELERY_BROKER_VISIBILITY_TIMEOUT": "3"}


def _paused(worker):
    wait_for(lambda: PAUSED in worker.output(), what="the worker to reach its pause")


def _sent_to(recipient: str):
    return EmailLog.objects.filter(recipient=recipient, status=EmailLog.Status.SENT)


def test_a_worker_killed_during_the_reward_calculation_leaves_one_accrual_per_partner(broker, start_worker):
    # given two partners with October sales under a rebate policy
    policy = PolicyFactory()
    partners = [PartnerFactory() for _ in range(2)]
    for partner in partners:
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 15), amount=D("200000"))
    worker = start_worker(env={"TEST_WORKER_PAUSE": "call:incentives.services.rewards:statements_refresh"})

    # when the calculation's worker is killed in the middle of it
    outbox_enqueue("incentives.tasks.rewards_run", str(OCT))
    _paused(worker)
    run = CalculationRun.objects.get(period=OCT.first_day)
    assert run.started_at and not run.finished_at  # the start is recorded before the work
    worker.kill()
    assert not Accrual.objects.exists()  # written, not committed: the work is one transaction

    # then a restarted worker takes the message back and calculates once
    start_worker(env=SHORT_VISIBILITY)
    wait_for(lambda: Accrual.objects.count() == 2, what="the redelivered calculation")
    # and a second delivery (or a resume) changes nothing
    outbox_enqueue("incentives.tasks.rewards_run", str(OCT))
    wait_for(lambda: CalculationRun.objects.get(period=OCT.first_day).runs == 2, what="the second run")
    assert Accrual.objects.count() == 2
    assert sorted(Accrual.objects.values_list("partner_id", flat=True)) == sorted(p.pk for p in partners)
    assert {a.amount for a in Accrual.objects.filter(policy=policy)} == {D("4000.00")}
    assert not EmailLog.objects.exists()  # the calculation sends no email: none could be doubled


def test_a_worker_killed_between_recording_and_sending_an_email_sends_it_on_restart_once(broker, start_worker):
    # given a worker that dies after the email is recorded and before it leaves
    worker = start_worker(env={"TEST_WORKER_PAUSE": "call:common.emails.services:_message"})
    application = ApplicationFactory()  # its acknowledgement goes to the broker after the commit
    _paused(worker)
    assert EmailLog.objects.get(recipient=application.email).status == EmailLog.Status.PENDING
    worker.kill()

    # when the worker is restarted
    restarted = start_worker(env=SHORT_VISIBILITY)

    # then the email is sent, once
    wait_for(lambda: _sent_to(application.email).exists(), what="the acknowledgement")
    assert restarted.output().count(f"To: {application.email}") == 1
    assert EmailLog.objects.filter(recipient=application.email).count() == 1


def test_work_queued_in_redis_survives_a_redis_restart_and_completes_once(broker, start_worker):
    # given three applications queued while no worker runs: each an acknowledgement and its owner's notice
    applications = [ApplicationFactory() for _ in range(3)]
    queue = redis.Redis.from_url(broker.url)
    assert queue.llen("celery") == 6

    # when Redis restarts (its append-only file keeps the queue) and a worker starts
    broker.stop()
    broker.start()
    assert queue.llen("celery") == 6
    worker = start_worker()

    # then every queued job completes, once
    for application in applications:
        wait_for(lambda a=application: _sent_to(a.email).exists(), what=f"the email to {application.email}")
    assert queue.llen("celery") == 0
    for application in applications:
        assert worker.output().count(f"To: {application.email}") == 1


def test_a_cycle_left_calculating_by_a_dead_worker_is_resumed_once_by_the_sweep(broker, start_worker):
    # given seven partners and a worker (main process and a child) that stops after two scorecards
    partners = [PartnerFactory(manager=None) for _ in range(7)]
    for partner in partners:
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 12), amount=D("500"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    pause = {"EVALUATIONS_CYCLE_CHUNK_SIZE": "2", "TEST_WORKER_PAUSE": "log:evaluations.services:2 of 7 partners"}
    worker = start_worker(pool="prefork", env=pause)
    outbox_enqueue("evaluations.tasks.cycle_run", str(OCT))
    _paused(worker)

    # when the whole worker is killed and a clean one started
    worker.kill()
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.CALCULATING
    assert Scorecard.objects.count() == 2
    assert redis.Redis.from_url(broker.url).hlen("unacked") == 1  # kept until the visibility timeout
    start_worker(pool="prefork")

    # then the sweep, once the run has not advanced for longer than the limit, resumes it once
    later = timezone.now() + dt.timedelta(minutes=16)
    assert cycles_resume_stuck(now=later) == [str(OCT)]
    assert cycles_resume_stuck(now=later) == []  # a second sweep (or a second beat) leaves it alone
    cycle = wait_for(
        lambda: EvaluationCycle.objects.filter(status=EvaluationCycle.Status.REVIEW).first(), what="the resumed cycle"
    )
    assert sorted(Scorecard.objects.values_list("partner_id", flat=True)) == sorted(p.pk for p in partners)
    assert cycle.partner_count == 7
    assert JobRun.objects.get(name="cycles_resume_stuck").summary == {"resumed": [str(OCT)]}
    assert "Resumed" in cycle.history.filter(history_change_reason__startswith="Resumed").get().history_change_reason
    assert cycles_resume_stuck(now=later + dt.timedelta(hours=1)) == []
