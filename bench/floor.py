"""The SQL floor of the cycle and of the reward calculation: hand-written SQL that reads the same inputs and
writes the same rows, timed inside a transaction that is rolled back.

The rows go into the real tables, under a month no data has (`SCRATCH`), so the floor pays what writing
them costs PostgreSQL: the write-ahead log, every index and unique constraint, and the deferred foreign-key
checks, run before the rollback by `SET CONSTRAINTS ALL IMMEDIATE`. It does not pay the commit's flush.
What the app computes in Python between its reads and its writes, the floor keeps in temporary tables.
The app's time divided by it is how far the app is from the database's own cost.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

from django.db import connection, transaction

# The month the floor writes its rows under: before any data, so no unique key meets the app's rows.
SCRATCH = dt.date(1900, 1, 1)


def _timed_and_rolled_back(statements: list[tuple[str, list]], *, vacuum: tuple[str, ...]) -> float:
    """Seconds for `statements`, rolled back; then, untimed, a vacuum of the tables they wrote."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        # The foreign keys are checked at commit (deferred): check them now, as the app's commit does.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    # The rolled-back rows leave dead entries at the end of every index until a vacuum, and the pages read the
    # last history id backward through them (common.versions): 0.8 to 2.3 ms at 100,000 partners instead of 0.04,
    # which skewed the load benchmark run after this one. Outside the transaction, as VACUUM must be.
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {', '.join(vacuum)}")  # the literal table names below
    return seconds


# The tables are named as in the migrations, in plain literals: no SQL is assembled from input.
CYCLE_TABLES = (
    "evaluations_evaluationcycle",
    "evaluations_scorecard",
    "evaluations_historicalscorecard",
    "evaluations_scorecardline",
)
REWARD_TABLES = ("incentives_accrual", "incentives_statement", "incentives_payout", "incentives_historicalpayout")


def cycle_floor(period, *, cards: int, lines: int) -> float:
    """Seconds for the cycle's reads (the month's sales per partner with its new customers and priced lines,
    the same month last year's, the month's sales per region, all three from the monthly sales summary as the
    cycle reads them; targets, manual values, incidents) and its writes: `cards` scorecards (each with a digest
    of its inputs, as the cycle stores), as many history rows, `lines` lines.

    The cards go under a scratch cycle of the `SCRATCH` month, each with the template the cycle gives it. The
    partners are the active ones by their status now, not by their status history as the cycle reads them (a
    subquery per partner)."""
    year_ago = period.same_month_last_year()
    facts = (
        "CREATE TEMP TABLE floor_card ON COMMIT DROP AS "
        "SELECT p.id AS partner_id, p.region_id, m.amount AS sales, m.new_customers, m.priced, "
        "y.amount AS last_year, y.n AS last_year_records, r.amount AS region_sales, "
        "t.amount AS target, v.value AS manual, COALESCE(i.n, 0) AS incidents "
        "FROM partners_partner p "
        "LEFT JOIN partners_salesmonth m ON m.partner_id = p.id AND m.month = %s "
        "LEFT JOIN (SELECT partner_id, amount, lines AS n FROM partners_salesmonth WHERE month = %s) y "
        "ON y.partner_id = p.id "
        "LEFT JOIN (SELECT q.region_id, SUM(s.amount) AS amount FROM partners_salesmonth s "
        "JOIN partners_partner q ON q.id = s.partner_id WHERE s.month = %s GROUP BY q.region_id) r "
        "ON r.region_id = p.region_id "
        "LEFT JOIN evaluations_target t ON t.partner_id = p.id AND t.period = %s "
        "LEFT JOIN evaluations_manualkpivalue v ON v.partner_id = p.id AND v.period = %s "
        "LEFT JOIN (SELECT partner_id, COUNT(*) AS n "
        "FROM partners_complianceincident "
        "WHERE occurred_on >= %s AND occurred_on < %s AND status <> 'dismissed' GROUP BY partner_id) i "
        "ON i.partner_id = p.id "
        "WHERE p.status = 'active' ORDER BY p.id LIMIT %s"
    )
    month = [period.first_day, period.next().first_day]
    return _timed_and_rolled_back(
        [
            (
                facts,
                [
                    period.first_day,
                    year_ago.first_day,
                    period.first_day,
                    period.first_day,
                    period.first_day,
                    *month,
                    cards,
                ],
            ),
            (
                "INSERT INTO evaluations_evaluationcycle (period, status, partner_count, provisional) "
                "VALUES (%s, 'draft', 0, false)",
                [SCRATCH],
            ),
            (
                "INSERT INTO evaluations_scorecard (cycle_id, partner_id, template_id, channel_type, total, grade, "
                "rank, ranked_among, sales, target, note, partner_message, calculated_at, inputs_digest) "
                "SELECT (SELECT id FROM evaluations_evaluationcycle WHERE period = %s), partner_id, "
                "(SELECT MIN(id) FROM evaluations_scorecardtemplate), 'direct', 0, 'A', 1, 1, COALESCE(sales, 0), "
                "target, '', '', now(), md5(floor_card::text) FROM floor_card",
                [SCRATCH],
            ),
            (
                "INSERT INTO evaluations_historicalscorecard (id, cycle_id, partner_id, template_id, channel_type, "
                "total, grade, rank, ranked_among, sales, target, note, partner_message, calculated_at, "
                "history_date, history_type) "
                "SELECT c.id, c.cycle_id, c.partner_id, c.template_id, c.channel_type, c.total, c.grade, c.rank, "
                "c.ranked_among, c.sales, c.target, c.note, c.partner_message, c.calculated_at, now(), '+' "
                "FROM evaluations_scorecard c JOIN evaluations_evaluationcycle e ON e.id = c.cycle_id "
                "WHERE e.period = %s",
                [SCRATCH],
            ),
            (
                "INSERT INTO evaluations_scorecardline (scorecard_id, kind, label, raw_value, points, weight, "
                "contribution, zero_at, full_at, ceiling, left_out, weight_base, position) "
                "SELECT c.id, 'kpi' || k, '', c.sales, 0, 0, 0, 0, 100, 100, false, 100, k "
                "FROM evaluations_scorecard c JOIN evaluations_evaluationcycle e ON e.id = c.cycle_id "
                "CROSS JOIN generate_series(1, %s) k WHERE e.period = %s LIMIT %s",
                [max(1, -(-lines // max(cards, 1))), SCRATCH, lines],
            ),
        ],
        vacuum=CYCLE_TABLES,
    )


def rewards_floor(first, period, *, accruals: int, statements: int) -> float:
    """Seconds for the calculation's reads and its writes: `accruals` accruals, `statements` statements, as
    many payouts and payout history rows, each row as wide as the calculation's.

    The reads are the calculation's: the partners active in the month (from their status history, the very
    query the calculation runs), their sales per month and category from `first` to `period` with the line
    counts the statements' input summaries keep, targets, the published grades, incidents by severity and
    manual KPI values. Accruals carry an explanation and statements an input summary (JSON) of the size the
    calculation stores, so the floor writes as many bytes as the app, not only as many rows."""
    from partners.selectors import partners_active_in

    # The one statement not written out here: the active-partner query, compiled by Django as the app runs it.
    active, active_params = partners_active_in(period).values("pk").query.sql_with_params()
    facts = (
        "CREATE TEMP TABLE floor_sales ON COMMIT DROP AS "
        "SELECT s.partner_id, date_trunc('month', s.date)::date AS month, c.code AS category, "
        "SUM(s.amount) AS amount, COUNT(*) AS n "
        "FROM partners_salesrecord s LEFT JOIN partners_productcategory c ON c.id = s.category_id "
        "WHERE s.date >= %s AND s.date < %s GROUP BY 1, 2, 3"
    )
    partners = (
        "CREATE TEMP TABLE floor_partner ON COMMIT DROP AS "
        "SELECT p.id AS partner_id, p.tier_id, p.channel_type, p.region_id, s.amount, s.n, t.amount AS target, "
        "g.grade, i.severities, v.value AS manual "
        "FROM partners_partner p JOIN floor_active a ON a.pk = p.id "
        "LEFT JOIN (SELECT partner_id, SUM(amount) AS amount, SUM(n) AS n FROM floor_sales GROUP BY partner_id) s "
        "ON s.partner_id = p.id "
        "LEFT JOIN evaluations_target t ON t.partner_id = p.id AND t.period = %s "
        "LEFT JOIN evaluations_manualkpivalue v ON v.partner_id = p.id AND v.period = %s "
        "LEFT JOIN (SELECT c.partner_id, c.grade FROM evaluations_scorecard c "
        "JOIN evaluations_evaluationcycle e ON e.id = c.cycle_id "
        "WHERE e.period = %s AND e.status = 'published') g ON g.partner_id = p.id "
        "LEFT JOIN (SELECT partner_id, jsonb_object_agg(severity, n) AS severities FROM ("
        "SELECT partner_id, severity, COUNT(*) AS n FROM partners_complianceincident "
        "WHERE occurred_on >= %s AND occurred_on < %s AND status <> 'dismissed' GROUP BY 1, 2) x "
        "GROUP BY partner_id) i ON i.partner_id = p.id"
    )
    # An explanation as the volume rebate words one: a message with sales, rate, threshold and mode. The k-th
    # accrual of a partner is the k-th policy's, under its latest version (the app writes at most one accrual
    # per partner, policy and month).
    accrual = (
        "INSERT INTO incentives_accrual (partner_id, policy_id, version_id, period, covers_from, basis, rate, "
        "amount, why, status, calculated_at) "
        "SELECT p.partner_id, pol.id, pol.version_id, %s, %s, COALESCE(p.amount, 0), g.k, "
        "ROUND(COALESCE(p.amount, 0) * g.k / 100, 2), "
        "jsonb_build_object('id', 'rebate.retroactive', 'args', jsonb_build_object("
        "'sales', jsonb_build_object('money', COALESCE(p.amount, 0)::text), "
        "'rate', jsonb_build_object('pct', g.k::text), 'threshold', jsonb_build_object('money', '300000.00'), "
        "'mode', jsonb_build_object('id', 'rebate.mode.retroactive'))), "
        "'draft', now() "
        "FROM floor_partner p CROSS JOIN generate_series(1, %s) AS g(k) "
        "JOIN (SELECT i.id, row_number() OVER (ORDER BY i.id) AS k, "
        "(SELECT v.id FROM incentives_policyversion v WHERE v.policy_id = i.id ORDER BY v.number DESC LIMIT 1) "
        "AS version_id FROM incentives_incentivepolicy i) pol ON pol.k = g.k LIMIT %s"
    )
    # A statement with its figures and the summary of its inputs (sales "net/lines", grade, target, manual).
    statement = (
        "INSERT INTO incentives_statement (partner_id, period, accrual_total, adjustment_total, carried_in, "
        "payable, carried_out, updated_at, calculated_at, inputs) "
        "SELECT a.partner_id, a.period, SUM(a.amount), 0, 0, GREATEST(SUM(a.amount), 0), LEAST(SUM(a.amount), 0), "
        "now(), now(), "
        "jsonb_build_object('sales', to_char(a.period, 'YYYY-MM') || '=' || COALESCE(MIN(p.amount), 0) || '/' "
        "|| COALESCE(MIN(p.n), 0), 'grade', COALESCE(MIN(p.grade), ''), 'targets', COALESCE(MIN(p.target)::text, ''), "
        "'manual', COALESCE(MIN(p.manual)::text, ''), 'policies', '0/0') "
        "FROM incentives_accrual a JOIN floor_partner p ON p.partner_id = a.partner_id WHERE a.period = %s "
        "GROUP BY a.partner_id, a.period LIMIT %s"
    )
    payout = (
        "INSERT INTO incentives_payout (statement_id, partner_id, period, amount, status, settlement, "
        "payment_reference, goods_description) "
        "SELECT id, partner_id, period, payable, 'draft', '', '', '' FROM incentives_statement WHERE period = %s"
    )
    history = (
        "INSERT INTO incentives_historicalpayout (id, statement_id, partner_id, period, amount, status, "
        "approved_at, approved_by_id, settlement, paid_on, payment_reference, goods_description, goods_quantity, "
        "goods_value, history_date, history_type) "
        "SELECT id, statement_id, partner_id, period, amount, status, approved_at, approved_by_id, settlement, "
        "paid_on, payment_reference, goods_description, goods_quantity, goods_value, now(), '+' "
        "FROM incentives_payout WHERE period = %s"
    )
    window = [first.first_day, period.next().first_day]
    per_partner = max(1, -(-accruals // max(statements, 1)))
    return _timed_and_rolled_back(
        [
            # As the calculation does (incentives.services.rewards): JIT compiling would cost more than it saves.
            ("SET LOCAL jit = off", []),
            (f"CREATE TEMP TABLE floor_active ON COMMIT DROP AS {active}", list(active_params)),
            (facts, window),
            (
                partners,
                [period.first_day, period.first_day, period.first_day, period.first_day, period.next().first_day],
            ),
            (accrual, [SCRATCH, first.first_day, per_partner, accruals]),
            (statement, [SCRATCH, statements]),
            (payout, [SCRATCH]),
            (history, [SCRATCH]),
        ],
        vacuum=REWARD_TABLES,
    )


def peak_memory_mb() -> float:
    """The Python process's peak resident memory so far (kilobytes on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def peak_memory_reset() -> bool:
    """Start the peak of `run_peak_memory_mb` afresh, so it reads one run's peak rather than the process's
    (Linux only: writing 5 to /proc/self/clear_refs resets VmHWM). False where that cannot be done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def run_peak_memory_mb() -> float | None:
    """The peak resident memory since `peak_memory_reset` (VmHWM), or None off Linux."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return round(kilobytes / 1024, 1)
