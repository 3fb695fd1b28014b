"""A quarter's or year's "make again" runs on the worker: the page polls its progress, the asker is told once."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from common.models import EmailLog, OutboxMessage
from common.periods import Period
from config.celery import app
from evaluations.models import EvaluationCycle, PeriodEvaluation, PeriodScorecard
from evaluations.services import cycle_reopen, period_evaluation_calculation_request, period_evaluations_resume_stuck
from evaluations.tasks import period_evaluation_run_requested
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.evaluations import test_period_evaluations as quarters
from tests.services import require_postgres, require_real_broker
from tests.workers import Worker, wait_for

DEC, Q4, publish_months, quarter_partner = quarters.DEC, quarters.Q4, quarters.publish_months, quarters.quarter_partner
template = quarters.template  # the fixture: attainment and a manual score, for distributors
HTMX = {"HTTP_HX_REQUEST": "true"}
RUN = reverse("evaluations:period-run")
PAGE = reverse("evaluations:period", kwargs={"label": "2025-Q4"})
PROGRESS = reverse("evaluations:period-progress", kwargs={"label": "2025-Q4"})
ASK = {"length": "quarter", "period": "2025-12"}


@pytest.fixture
def manager(db):
    return ManagerFactory(email="lin@example.com")


def _box(client) -> str:
    response = client.get(PROGRESS, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def _notices() -> list:
    return [m for m in mail.outbox if m.to == ["lin@example.com"]]


def test_the_request_only_queues_then_the_worker_makes_the_cards_and_tells_the_asker_once(
    client, manager, template, django_capture_on_commit_callbacks
):
    partner = quarter_partner()
    publish_months()
    client.force_login(manager)

    # given: the manager asks; the request returns at once with the queued box and no card made
    with django_capture_on_commit_callbacks() as relays:
        response = client.post(RUN, ASK)
    assert response.status_code == 302 and response.url == PAGE
    page = client.get(PAGE).content.decode()
    assert 'data-run-state="queued"' in page and f'hx-get="{PROGRESS}"' in page
    assert "cards are queued for calculation" in page
    assert "Publish…" not in page  # nothing to publish before the cards exist
    assert not PeriodScorecard.objects.exists()
    evaluation = PeriodEvaluation.objects.get()
    assert evaluation.calculation_requested_by == manager and evaluation.calculation_requested_at

    # when the outbox hands the task to the worker (eager here, as in production after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        for relay in relays:
            relay()

    # then the cards exist, the box stops polling and reloads the page, the asker hears once
    card = PeriodScorecard.objects.get()
    assert card.partner == partner
    done = client.get(PROGRESS, **HTMX)
    assert 'data-run-state="done"' in done.content.decode() and "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"
    assert "The Q4 2025 cards are ready for review." in client.get(PAGE).content.decode()
    [email] = _notices()
    assert email.subject == "The Q4 2025 quarterly or yearly evaluation is calculated"
    assert "1 partners scored for Q4 2025" in email.body and PAGE in email.body

    # a second delivery of the same message makes nothing twice: no recalculation, no second notice
    calculated_at = PeriodEvaluation.objects.get().calculated_at
    assert period_evaluation_run_requested(ASK["length"], "2025-10") is None
    assert PeriodEvaluation.objects.get().calculated_at == calculated_at
    assert PeriodScorecard.objects.get().pk == card.pk and len(_notices()) == 1


def test_a_quarter_whose_months_are_not_published_is_refused_before_anything_is_queued(client, manager, template):
    quarter_partner()
    publish_months(Q4[:2])
    client.force_login(manager)
    response = client.post(RUN, ASK, follow=True)
    assert "These months are not published yet: December 2025." in response.content.decode()
    assert not PeriodEvaluation.objects.exists()
    assert not OutboxMessage.objects.filter(task_name__contains="period_evaluation").exists()


def test_when_the_worker_is_refused_the_box_says_why_and_stops_polling(client, manager, template):
    quarter_partner()
    publish_months()
    client.force_login(manager)
    client.post(RUN, ASK)  # the request passes its check; a month is reopened before the worker starts
    cycle_reopen(cycle=_cycle(DEC), by=DirectorFactory(), reason="A late sale")

    period_evaluation_run_requested(ASK["length"], "2025-10")

    box = _box(client)
    assert 'data-run-state="failed"' in box and "hx-trigger" not in box
    assert "The calculation stopped: These months are not published yet: December 2025." in box
    assert not PeriodScorecard.objects.exists() and not _notices()

    # the reason is kept as words and months, not as the worker's sentence: a Chinese reader reads it in Chinese
    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        assert "以下月份尚未发布：2025年12月。" in _box(client)  # noqa: RUF001


def test_asking_twice_while_queued_adds_no_second_run(client, manager, template):
    quarter_partner()
    publish_months()
    client.force_login(manager)
    client.post(RUN, ASK)
    first = PeriodEvaluation.objects.get().calculation_requested_at
    client.post(RUN, ASK)
    assert PeriodEvaluation.objects.get().calculation_requested_at == first
    assert OutboxMessage.objects.filter(task_name="evaluations.tasks.period_evaluation_run_requested").count() == 1


def test_a_run_whose_worker_died_is_queued_again_by_the_sweep_and_finished_once(
    client, manager, template, settings, django_capture_on_commit_callbacks
):
    quarter_partner()
    publish_months()
    client.force_login(manager)
    client.post(RUN, ASK)
    # the message went to the broker; the worker claimed the run and died before writing anything
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENT, sent_at=timezone.now())
    long_ago = timezone.now() - dt.timedelta(minutes=settings.STUCK_RUN_AFTER_MINUTES + 1)
    PeriodEvaluation.objects.update(calculation_requested_at=long_ago, calculation_started_at=long_ago)
    assert 'data-run-state="running"' in _box(client)

    with django_capture_on_commit_callbacks(execute=True):  # queued again, and relayed (eager here)
        assert period_evaluations_resume_stuck() == ["2025-Q4"]

    assert 'data-run-state="done"' in _box(client)
    assert PeriodScorecard.objects.count() == 1 and len(_notices()) == 1
    assert period_evaluations_resume_stuck() == []


def _cycle(month: Period) -> EvaluationCycle:
    return EvaluationCycle.objects.get(period=month.first_day)


@pytest.fixture
def worker(transactional_db, tmp_path):
    require_postgres()
    queue = f"periods-{uuid.uuid4().hex[:8]}"
    worker = Worker(broker=require_real_broker(), log=tmp_path / "worker.log", queues=queue)
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker.stop()


def test_a_real_worker_given_the_message_twice_makes_the_cards_once_and_tells_once(worker, template):
    """The message delivered twice (a redelivery after a lost acknowledgement) to a real worker process."""
    manager = ManagerFactory(email="lin@example.com")
    quarter_partner()
    publish_months()
    period_evaluation_calculation_request(length="quarter", period=DEC, by=manager)
    for _delivery in range(2):
        period_evaluation_run_requested.apply_async(args=["quarter", "2025-10"], queue=worker)

    wait_for(lambda: PeriodEvaluation.objects.get().run_state == "done", what="the worker to make the cards")
    wait_for(
        lambda: EmailLog.objects.filter(kind=EmailLog.Kind.RUN_FINISHED).exists(), what="the worker to tell the asker"
    )
    evaluation = PeriodEvaluation.objects.get()
    assert evaluation.partner_count == 1 and PeriodScorecard.objects.count() == 1
    assert EmailLog.objects.filter(kind=EmailLog.Kind.RUN_FINISHED, recipient="lin@example.com").count() == 1
    assert evaluation.history.count() == 2  # opened, then calculated once
