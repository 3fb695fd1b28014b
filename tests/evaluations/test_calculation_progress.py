"""A cycle calculated from its page runs on the worker: the page polls its progress and the asker is told."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationCycle, Scorecard
from tests.common.factories import ManagerFactory
from tests.common.webhook_server import Robot
from tests.partners.factories import PartnerFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PROGRESS = reverse("evaluations:cycle-progress", kwargs={"period": "2026-10"})


@pytest.fixture
def manager(db):
    return ManagerFactory(email="lin@example.com")


def _state(client) -> str:
    response = client.get(PROGRESS, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_progress_goes_from_queued_to_running_to_done_and_the_asker_is_told(
    client, manager, settings, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    client.force_login(manager)

    # given: the manager asks for the calculation; the outbox has not yet handed it to the worker
    with django_capture_on_commit_callbacks() as relays:
        response = client.post(reverse("evaluations:cycle-run"), {"period": "2026-10"})
    assert response.url == reverse("evaluations:cycle", kwargs={"period": "2026-10"})
    page = client.get(response.url).content.decode()
    assert 'data-run-state="queued"' in page and f'hx-get="{PROGRESS}"' in page
    assert "queued" in _state(client) and not Scorecard.objects.exists()

    # when the worker starts (as cycle_calculate does first), the polled box says so and keeps polling
    EvaluationCycle.objects.update(status=EvaluationCycle.Status.CALCULATING, calculation_started_at=timezone.now())
    running = _state(client)
    assert 'data-run-state="running"' in running and "hx-trigger" in running

    # then the worker finishes: the box stops polling, the page reloads with a message, the asker gets word
    with Robot() as robot:
        settings.NOTIFY_WEBHOOK_URL = robot.url
        with django_capture_on_commit_callbacks(execute=True):
            for relay in relays:
                relay()
    assert Scorecard.objects.get().partner == partner
    done = client.get(PROGRESS, **HTMX)
    assert 'data-run-state="done"' in done.content.decode() and "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"
    assert "The October 2026 cycle is calculated." in client.get(reverse("evaluations:cycle-list")).content.decode()
    [email] = [m for m in mail.outbox if m.to == ["lin@example.com"]]
    assert email.subject == "The October 2026 evaluation cycle is calculated"
    assert "1 partners scored for October 2026" in email.body
    assert [m["text"]["content"].splitlines()[0] for m in robot.received] == [email.subject]


def test_a_page_load_without_htmx_never_reloads(client, manager):
    EvaluationCycle.objects.create(
        period=dt.date(2026, 10, 1),
        status=EvaluationCycle.Status.REVIEW,
        calculation_requested_at=timezone.now() - dt.timedelta(minutes=2),
        calculation_started_at=timezone.now() - dt.timedelta(minutes=1),
        calculated_at=timezone.now(),
    )
    client.force_login(manager)
    response = client.get(PROGRESS)
    assert 'data-run-state="done"' in response.content.decode() and "HX-Refresh" not in response


def test_a_published_cycle_is_not_queued(client, manager):
    EvaluationCycle.objects.create(period=dt.date(2026, 10, 1), status=EvaluationCycle.Status.PUBLISHED)
    client.force_login(manager)
    client.post(reverse("evaluations:cycle-run"), {"period": "2026-10"})
    assert EvaluationCycle.objects.get().calculation_requested_at is None
