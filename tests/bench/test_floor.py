"""The SQL floors of the benchmarks (bench/floor.py): they write as many rows as the app, into the real tables,
and keep none of them."""

import datetime as dt

import pytest
from django.db import connection

from bench import bench_evaluations, bench_incentives
from bench import fill as bench_fill
from bench.floor import SCRATCH, cycle_floor, rewards_floor
from common.periods import Period
from evaluations.models import EvaluationCycle, Scorecard, ScorecardLine
from evaluations.services import cycle_calculate
from incentives.models import Accrual, Payout, Statement
from incentives.services import rewards_calculate
from incentives.services.rewards import policies_in_force, window_start
from tests.services import require_postgres

pytestmark = pytest.mark.postgres


def _rows_inserted(floor) -> tuple[float, dict[str, int]]:
    """The floor's seconds and the rows each of its INSERTs wrote, by table."""
    inserted = {}

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("INSERT INTO"):
            inserted[sql.split()[2]] = context["cursor"].rowcount
        return result

    with connection.execute_wrapper(count):
        seconds = floor()
    return seconds, inserted


@pytest.fixture
def month(db):
    require_postgres()
    filled = bench_fill.fill(partners=60, sales=3_000, months=13, end=dt.date(2026, 9, 1))
    period = Period(filled.last_month)
    bench_evaluations._extra_rows(filled.partner_ids, period)
    return period, filled


def test_the_cycle_floor_writes_the_cycles_rows_and_keeps_none(month):
    period, _filled = month
    cycle_calculate(period=period, publish=False)
    cards = Scorecard.objects.filter(cycle__period=period.first_day).count()
    lines = ScorecardLine.objects.filter(scorecard__cycle__period=period.first_day).count()
    assert cards > 20 and lines > cards

    seconds, inserted = _rows_inserted(lambda: cycle_floor(period, cards=cards, lines=lines))

    assert seconds > 0
    assert inserted == {
        "evaluations_evaluationcycle": 1,
        "evaluations_scorecard": cards,
        "evaluations_historicalscorecard": cards,
        "evaluations_scorecardline": lines,
    }
    assert not EvaluationCycle.objects.filter(period=SCRATCH).exists()
    assert Scorecard.objects.count() == cards and ScorecardLine.objects.count() == lines


def test_the_reward_floor_writes_the_calculations_rows_and_keeps_none(month):
    period, filled = month
    bench_incentives._reset(period, filled.partner_ids)
    summary = rewards_calculate(period=period)
    assert summary.accruals > summary.statements > 20
    first = min(window_start(policy, period) for policy, _version in policies_in_force(period))

    seconds, inserted = _rows_inserted(
        lambda: rewards_floor(first, period, accruals=summary.accruals, statements=summary.statements)
    )

    assert seconds > 0
    assert inserted == {
        "incentives_accrual": summary.accruals,
        "incentives_statement": summary.statements,
        "incentives_payout": summary.statements,
        "incentives_historicalpayout": summary.statements,
    }
    for model in (Accrual, Statement, Payout):
        assert not model.objects.filter(period=SCRATCH).exists()
    assert Accrual.objects.count() == summary.accruals
