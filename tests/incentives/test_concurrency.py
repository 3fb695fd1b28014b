"""Concurrent writers of a month: reward calculations, lines entered by hand and approvals."""

import random
import threading
import time
from collections import Counter
from decimal import Decimal as D
from functools import partial

from django.db import connection

from common.periods import Period
from incentives.models import Accrual, Adjustment, LineStatus, Payout, Statement
from incentives.services import adjustment_add, payout_approve, rewards_calculate
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory
from tests.services import require_postgres

OCT, NOV = Period.month(2026, 10), Period.month(2026, 11)


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


RACE_ITERATIONS = 40


def race(calls, rng) -> list[Exception]:
    """Run the calls in threads started together, each after a random 0-40 ms; returns what they raised."""
    errors, barrier = [], threading.Barrier(len(calls))

    def racer(delay, call):
        try:
            barrier.wait()
            time.sleep(delay)
            call()
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(rng.uniform(0, 0.04), call)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_a_hand_entered_line_racing_an_approval_and_a_recalculation_never_changes_approved_money(
    transactional_db,
):
    """Issue 24 (2): a manager's +100.00 line, Finance's approval and a recalculation of the same month, started
    together with random offsets of 0-40 ms, many times; the invariant is checked after every round."""
    require_postgres()
    PolicyFactory(kind="commission", rules={"rate": "2"})
    partners = [PartnerFactory() for _ in range(RACE_ITERATIONS)]
    for partner in partners:
        SalesRecordFactory(partner=partner, amount=D("100000"))
    rewards_calculate(period=OCT)
    manager, finance = ManagerFactory(), FinanceFactory()
    rng = random.Random(24)
    landed = Counter()

    for partner in partners:
        payout = Payout.objects.get(partner=partner, period=OCT.first_day)
        errors = race(
            [
                partial(
                    adjustment_add,
                    partner=partner,
                    period=OCT,
                    kind="correction",
                    amount=D("100"),
                    reason="race",
                    by=manager,
                ),
                partial(payout_approve, payout=payout, by=finance),
                partial(rewards_calculate, period=OCT),
            ],
            rng,
        )
        assert errors == []
        payout.refresh_from_db()
        assert payout.status == LineStatus.APPROVED
        line = Adjustment.objects.get(partner=partner)
        landed[line.period] += 1
        # the approved payout is exactly its lines: the accrual, plus the line if it came first
        approved_lines = [
            *Accrual.objects.filter(partner=partner, period=OCT.first_day),
            *Adjustment.objects.filter(partner=partner, period=OCT.first_day),
        ]
        assert {line.status for line in approved_lines} == {LineStatus.APPROVED}
        assert sum(line.amount for line in approved_lines) == payout.amount == payout.statement.payable
        # a line that came after the approval is in the next open month, on its draft statement
        if line.period == NOV.first_day:
            assert line.status == LineStatus.DRAFT
            assert Payout.objects.get(partner=partner, period=NOV.first_day).amount == D("100.00")
        else:
            assert line.period == OCT.first_day
        # the approved amount never changed: every history row since the approval carries it
        approval = payout.history.get(status=LineStatus.APPROVED)
        assert approval.amount == payout.amount
        assert not payout.history.filter(history_date__gt=approval.history_date).exists()

    assert sum(landed.values()) == RACE_ITERATIONS
    print(
        f"\nrace: {RACE_ITERATIONS} rounds, line before approval {landed[OCT.first_day]}, after {landed[NOV.first_day]}"
    )
