"""The monthly evaluation cycle at scale, against one hand-written GROUP BY of the same month's sales.

Fills 10,000 partners with about 1,000,000 sales records over 13 months (bench/fill.py; the 13th
month is the same month a year before the evaluated one, so year-on-year growth is really computed),
gives every partner a target, some a manual score and some an incident, then times on PostgreSQL:

- `group_by_seconds`: `SELECT partner_id, SUM(amount) ... GROUP BY partner_id` for the month (best of 3);
- `reads_seconds`: every KPI input of every partner (evaluations.measurements.partner_facts);
- `cycle_first_seconds` / `cycle_rerun_seconds`: the whole cycle (reads, scoring, ranking, upserts
  of scorecards, lines and their history), first run and a rerun over existing rows;
- `floor_seconds`: hand-written SQL that reads the same inputs and writes as many scorecards, history rows
  and lines into their tables, with their foreign-key checks, rolled back (bench/floor.py), and the first
  run's ratio to it;
- the SQL queries each cycle run issued, the ratios to the GROUP BY, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench evaluations")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=13)
    args = parser.parse_args(argv)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.fill import fill
    from bench.floor import cycle_floor, peak_memory_mb
    from common.periods import Period
    from evaluations import measurements
    from evaluations.models import EvaluationCycle, Scorecard, ScorecardLine
    from evaluations.services import cycle_calculate

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    period = Period(filled.last_month)
    _extra_rows(filled.partner_ids, period)
    EvaluationCycle.objects.filter(period=period.first_day).delete()
    month_rows = _count_month_rows(period)

    group_by = min(_timed(lambda: _group_by(period)) for _ in range(3))
    reads = min(
        _timed(lambda: measurements.partner_facts(period=period, partners=measurements.partner_rows(period)))
        for _ in range(2)
    )
    with CaptureQueriesContext(connection) as first_queries:
        first = _timed(lambda: cycle_calculate(period=period, publish=False))
    with CaptureQueriesContext(connection) as rerun_queries:
        rerun = _timed(lambda: cycle_calculate(period=period, publish=False))

    cards = Scorecard.objects.filter(cycle__period=period.first_day).count()
    lines = ScorecardLine.objects.filter(scorecard__cycle__period=period.first_day).count()
    floor = min(cycle_floor(period, cards=cards, lines=lines) for _ in range(2))
    return {
        "period": str(period),
        "sales_rows_total": filled.sales,
        "sales_rows_in_month": month_rows,
        "partners_scored": cards,
        "scorecard_lines": lines,
        "group_by_seconds": round(group_by, 3),
        "reads_seconds": round(reads, 3),
        "cycle_first_seconds": round(first, 3),
        "cycle_rerun_seconds": round(rerun, 3),
        "reads_to_group_by": round(reads / group_by, 2),
        "cycle_first_to_group_by": round(first / group_by, 2),
        "cycle_rerun_to_group_by": round(rerun / group_by, 2),
        "floor_seconds": round(floor, 3),
        "cycle_first_to_floor": round(first / floor, 2),
        "cycle_rerun_to_first": round(rerun / first, 2),
        "peak_memory_mb": peak_memory_mb(),
        "cycle_first_queries": len(first_queries.captured_queries),
        "cycle_rerun_queries": len(rerun_queries.captured_queries),
        **filled.figures(),
    }


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _group_by(period) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partner_id, SUM(amount) FROM partners_salesrecord WHERE date >= %s AND date < %s "
            "GROUP BY partner_id",
            [period.first_day, period.next().first_day],
        )
        return cursor.fetchall()


def _count_month_rows(period) -> int:
    from partners.models import SalesRecord

    return SalesRecord.objects.filter(date__gte=period.first_day, date__lt=period.next().first_day).count()


def _extra_rows(partner_ids: list[int], period) -> None:
    """Targets for everyone, a manual score for half, an incident for one in twenty (idempotent)."""
    import random

    from evaluations.models import ManualKPIValue, Target
    from partners.models import ComplianceIncident

    rng = random.Random(6)
    Target.objects.filter(period=period.first_day).delete()
    Target.objects.bulk_create(
        Target(partner_id=pk, period=period.first_day, amount=Decimal(rng.randint(20, 400) * 1000))
        for pk in partner_ids
    )
    ManualKPIValue.objects.filter(period=period.first_day).delete()
    ManualKPIValue.objects.bulk_create(
        ManualKPIValue(partner_id=pk, period=period.first_day, value=Decimal(rng.randint(50, 100)))
        for pk in partner_ids[::2]
    )
    ComplianceIncident.objects.filter(description="bench").delete()
    ComplianceIncident.objects.bulk_create(
        ComplianceIncident(
            partner_id=pk, kind="price", severity="low", occurred_on=period.first_day, description="bench"
        )
        for pk in partner_ids[::20]
    )
