"""The reward calculation asked for on its page runs on the worker: the page polls its progress, the asker is told."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from incentives.models import Accrual, CalculationRun
from tests.common.factories import ManagerFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import SalesRecordFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PROGRESS = reverse("incentives:calculate-progress", kwargs={"period": "2026-10"})


@pytest.fixture
def manager(db):
    return ManagerFactory(email="lin@example.com")


def test_progress_goes_from_queued_to_running_to_done_and_the_asker_is_told(
    client, manager, django_capture_on_commit_callbacks
):
    PolicyFactory()
    SalesRecordFactory(amount=600000)
    client.force_login(manager)

    with django_capture_on_commit_callbacks() as relays:
        response = client.post(reverse("incentives:calculate"), {"month": "2026-10"})
    page = client.get(response.url).content.decode()
    assert "queued for calculation" in page
    assert 'data-run-state="queued"' in page and f'hx-get="{PROGRESS}"' in page
    assert not Accrual.objects.exists()

    # the worker has started (rewards_calculate records its start first, in its own commit)
    CalculationRun.objects.update(started_at=timezone.now())
    running = client.get(PROGRESS, **HTMX).content.decode()
    assert 'data-run-state="running"' in running and "hx-trigger" in running

    with django_capture_on_commit_callbacks(execute=True):
        for relay in relays:
            relay()
    done = client.get(PROGRESS, **HTMX)
    assert 'data-run-state="done"' in done.content.decode() and done["HX-Refresh"] == "true"
    assert (
        "October 2026 calculated: 1 accruals, 0 adjustments."
        in client.get(reverse("incentives:calculate")).content.decode()
    )
    run = CalculationRun.objects.get()
    assert run.triggered_by == manager and run.get_source_display() == "By hand"
    [email] = [m for m in mail.outbox if m.to == ["lin@example.com"]]
    assert email.subject == "The October 2026 rewards are calculated"
    assert "1 accruals and 0 adjustments for October 2026" in email.body


def test_progress_of_a_month_never_asked_for_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(PROGRESS).status_code == 404
    assert client.get(reverse("incentives:calculate-progress", kwargs={"period": "nonsense"})).status_code == 404
