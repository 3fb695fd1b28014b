"""Capacity holds when registrations arrive at once: two (and more) transactions on PostgreSQL."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.partners.factories import ContactFactory
from tests.services import require_postgres
from tests.training.factories import SessionFactory
from training import services
from training.models import Enrollment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _register_all_at_once(session, contacts):
    """Each contact registered by its own thread (own connection, own transaction), all started together."""
    barrier = threading.Barrier(len(contacts))
    outcomes = []

    def register(contact):
        try:
            barrier.wait()
            services.enrollment_register(session=session, contact=contact, by=None)
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(contact,)) for contact in contacts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between counting the seats and writing the enrollment, so that without the
    row lock every transaction would count the same free seat."""
    count = services.seats_taken

    def seats_taken(session):
        taken = count(session)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "seats_taken", seats_taken)


def test_two_registrations_for_the_last_seat(slow_count):
    require_postgres()
    session = SessionFactory(capacity=2)
    services.enrollment_register(session=session, contact=ContactFactory(), by=None)

    outcomes = _register_all_at_once(session, ContactFactory.create_batch(2))

    assert sorted(outcomes) == ["This session is full.", "registered"]
    assert Enrollment.objects.filter(session=session, status__in=Enrollment.SEAT_STATUSES).count() == 2


def test_many_at_once_never_overbook(slow_count):
    require_postgres()
    session = SessionFactory(capacity=3)

    outcomes = _register_all_at_once(session, ContactFactory.create_batch(6))

    assert outcomes.count("registered") == 3
    assert Enrollment.objects.filter(session=session).count() == 3
