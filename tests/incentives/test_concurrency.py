"""Two reward calculations of the same month at the same time leave one accrual per partner/policy/month."""

import threading
from decimal import Decimal as D

from django.db import connection

from common.periods import Period
from incentives.models import Accrual, Payout, Statement
from incentives.services import rewards_calculate
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.services import require_postgres

OCT = Period.month(2026, 10)


def test_concurrent_runs_write_each_accrual_once(transactional_db):
    require_postgres()
    PolicyFactory()
    PolicyFactory(kind="commission", rules={"rate": "1"})
    partners = [PartnerFactory() for _ in range(15)]
    for partner in partners:
        SalesRecordFactory(partner=partner, amount=D("600000"))
    errors, barrier = [], threading.Barrier(3)

    def run():
        try:
            barrier.wait()
            rewards_calculate(period=OCT)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Accrual.objects.count() == 30
    assert Statement.objects.count() == Payout.objects.count() == 15
    assert sum(Payout.objects.values_list("amount", flat=True)) == 15 * D("24000.00")
