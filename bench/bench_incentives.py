"""The monthly reward calculation at scale: 10,000 partners and 5 policies (one of each kind) on PostgreSQL.

Fills the register with bench/fill.py (reused when already there), adds a month of targets and a published
evaluation cycle with a scorecard per partner (so the target and grade bonuses have work to do), then times
`rewards_calculate` for the last filled month three times, counting SQL queries each time:

1. first run: every accrual, statement and payout is inserted;
2. rerun: nothing changed, so every partner's input digest is the one stored and nobody is calculated again;
3. rerun after approval: every payout is locked, so the run compares and writes adjustments only where
   amounts moved (here none, the sales did not change).

Next to the first run it times the SQL floor (bench/floor.py: hand-written SQL reading the same sales,
targets, grades and incidents and writing as many accruals, statements, payouts and payout history rows
into their tables, with their foreign-key checks, rolled back) and gives the ratios; `rerun_writes` counts the rerun's INSERT, UPDATE and
DELETE statements other than the run's own record (none when nothing changed). Each run's peak resident memory
is `<run>_peak_memory_mb` (on Linux; it starts from what the process already holds).
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench incentives")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    args = parser.parse_args(argv)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.fill import fill
    from bench.floor import peak_memory_mb, peak_memory_reset, rewards_floor, run_peak_memory_mb
    from common.periods import Period
    from incentives.models import Accrual, Adjustment, CalculationRun, LineStatus, Payout
    from incentives.services import rewards_calculate
    from incentives.services.rewards import policies_in_force, window_start

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    period = Period(filled.last_month)
    _reset(period, filled.partner_ids)

    figures = {**filled.figures(), "policies": 5, "month": str(period)}
    for label in ("first_run", "rerun"):
        peak_memory_reset()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            summary = rewards_calculate(period=period)
            figures[f"{label}_seconds"] = round(time.perf_counter() - started, 3)
        figures[f"{label}_peak_memory_mb"] = run_peak_memory_mb()
        figures[f"{label}_queries"] = len(queries)
    figures["rerun_writes"] = sum(
        1
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and CalculationRun._meta.db_table not in q["sql"]
    )
    figures["accruals"] = summary.accruals
    figures["statements"] = summary.statements
    first = min(window_start(policy, period) for policy, _version in policies_in_force(period))
    floor = min(
        rewards_floor(first, period, accruals=summary.accruals, statements=summary.statements) for _ in range(2)
    )
    figures["floor_seconds"] = round(floor, 3)
    figures["first_run_to_floor"] = round(figures["first_run_seconds"] / floor, 2)
    figures["rerun_to_first_run"] = round(figures["rerun_seconds"] / figures["first_run_seconds"], 2)
    figures["accrual_total"] = str(
        sum(Accrual.objects.filter(period=period.first_day).values_list("amount", flat=True))
    )

    # Lock everything as if Finance had approved the month, then calculate once more.
    Payout.objects.filter(period=period.first_day).update(status=LineStatus.APPROVED)
    Accrual.objects.filter(period=period.first_day).update(status=LineStatus.APPROVED)
    peak_memory_reset()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        rewards_calculate(period=period)
        figures["locked_rerun_seconds"] = round(time.perf_counter() - started, 3)
    figures["locked_rerun_peak_memory_mb"] = run_peak_memory_mb()
    figures["locked_rerun_queries"] = len(queries)
    figures["adjustments_after_locked_rerun"] = Adjustment.objects.count()
    # The process's peak: resetting each run's peak (Linux) resets the one getrusage reads, so the largest of all.
    runs = [figures[f"{label}_peak_memory_mb"] for label in ("first_run", "rerun", "locked_rerun")]
    figures["peak_memory_mb"] = max([peak_memory_mb(), *(peak for peak in runs if peak is not None)])
    return figures


def _reset(period, partner_ids: list[int]) -> None:
    """Empty the incentives tables and (re)create the five policies, the month's targets and its cycle."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from evaluations.models import EvaluationCycle, Scorecard, Target
    from incentives.models import IncentivePolicy
    from incentives.services import policy_create

    with connection.cursor() as cursor:
        tables = [
            model._meta.db_table
            for model in connection.introspection.installed_models(connection.introspection.table_names())
            if model._meta.app_label == "incentives"
        ]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    start = dt.date(period.year, 1, 1)
    policies = [
        ("Commission", "commission", "month", False, {"rate": "1.5", "category_rates": {"SW": "3"}}),
        (
            "Quarterly rebate",
            "volume_rebate",
            "quarter",
            True,
            {"mode": "retroactive", "brackets": [["0", "0"], ["300000", "1"], ["1000000", "2"], ["3000000", "3"]]},
        ),
        (
            "Target bonus",
            "target_bonus",
            "month",
            False,
            {"attainment_pct": "100", "fixed_amount": "3000", "accelerator_pct": "1"},
        ),
        ("Grade bonus", "grade_bonus", "month", False, {"amounts": {"A": "5000", "B": "2000"}}),
        ("Penalty", "penalty", "month", False, {"amounts": {"low": "500", "medium": "2000", "high": "10000"}}),
    ]
    for name, kind, length, advances, rules in policies:
        policy_create(
            by=None,
            name=name,
            kind=kind,
            period_length=length,
            monthly_advances=advances,
            valid_from=start,
            rules=rules,
            cap=Decimal("500000"),
            is_active=True,
        )
    assert IncentivePolicy.objects.count() == 5
    Target.objects.filter(period=period.first_day).delete()
    Target.objects.bulk_create(
        [
            Target(partner_id=pk, period=period.first_day, amount=Decimal(50_000 + (pk % 7) * 20_000))
            for pk in partner_ids
        ],
        batch_size=5000,
    )
    EvaluationCycle.objects.filter(period=period.first_day).delete()
    cycle = EvaluationCycle.objects.create(
        period=period.first_day, status=EvaluationCycle.Status.PUBLISHED, published_at=timezone.now()
    )
    now = timezone.now()
    Scorecard.objects.bulk_create(
        [
            Scorecard(
                cycle=cycle,
                partner_id=pk,
                channel_type="distributor",
                total=Decimal("80"),
                grade="ABCD"[pk % 4],
                rank=1,
                ranked_among=1,
                calculated_at=now,
            )
            for pk in partner_ids
        ],
        batch_size=5000,
    )
