"""Two partners registering the same customer at the same moment on PostgreSQL: exactly one holds it."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from deals import services
from deals.models import DealRegistration
from tests.partners.factories import PartnerFactory, RegionFactory
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _register_all_at_once(partners, names):
    barrier = threading.Barrier(len(partners))
    outcomes = []

    def register(partner, name):
        try:
            barrier.wait()
            registration = services.registration_submit(
                partner=partner,
                data={
                    "customer_name": name,
                    "region": partner.region,
                    "expected_amount": Decimal("1000.00"),
                    "expected_close_on": dt.date.today() + dt.timedelta(days=30),
                },
                by=None,
            )
            outcomes.append(registration.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=pair) for pair in zip(partners, names, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def slow_check(monkeypatch):
    """Widen the window between the conflict check and the insert, so that every transaction finds the customer
    free and only the database's unique constraint can decide."""
    check = services._conflict

    def slow(registration, *, today):
        found = check(registration, today=today)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_conflict", slow)


@pytest.mark.parametrize("attempt", range(2))
def test_partners_register_the_same_customer_at_once(attempt, slow_check):
    require_postgres()
    city = RegionFactory()
    partners = [PartnerFactory(region=city) for _ in range(4)]
    names = ["星辰科技有限公司", "星辰科技", "星辰 科技 股份有限公司", "ＳＴＡＲ星辰科技"[4:]]
    outcomes = _register_all_at_once(partners, names)
    assert sorted(outcomes) == ["pending", "rejected", "rejected", "rejected"]
    holder = DealRegistration.objects.get(status="pending")
    services.registration_approve(registration=holder, by=None)
    assert DealRegistration.objects.filter(status="approved").count() == 1
    assert set(DealRegistration.objects.filter(status="rejected").values_list("conflict", flat=True)) == {"protected"}
