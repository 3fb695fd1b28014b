"""The cycle review page `/evaluations/cycles/<month>/` at scale, against `/health/` in the same run.

Builds on the evaluations benchmark's fill (bench/fill.py; the cycles of the last two filled months are
calculated here when missing), then requests, through Django's test client as a channel director, the
review page and `/health/` `--repeat` times each and reports the median and p95 in milliseconds, their
ratio, the page's size in KB, its table rows and its query count.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench review")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=15, help="requests per page")
    args = parser.parse_args(argv)

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.bench_partners import _director
    from bench.fill import fill
    from common.periods import Period
    from evaluations.models import EvaluationCycle
    from evaluations.services import cycle_calculate

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    period = Period(filled.last_month)
    for month in (period.previous(), period):  # the month before too: the movers and "D twice" compare with it
        if not EvaluationCycle.objects.filter(period=month.first_day, scorecards__isnull=False).exists():
            cycle_calculate(period=month, publish=False)
    # The test client's request signals would close the connection and with it the captured query log.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(_director())
    review_url = reverse("evaluations:cycle", kwargs={"period": str(period)})
    with CaptureQueriesContext(connection) as captured:
        page = client.get(review_url)
    assert page.status_code == 200, page.status_code
    queries = len(captured)  # now: the next requests reset the connection's query log
    review, health = _times(client, review_url, args.repeat), _times(client, "/health/", args.repeat)
    return {
        "period": str(period),
        "review_ms_p50": review[0],
        "review_ms_p95": review[1],
        "health_ms_p95": health[1],
        "review_to_health_p95": round(review[1] / health[1], 1),
        "review_kb": round(len(page.content) / 1024, 1),
        "review_table_rows": page.content.count(b"<tr"),
        "review_queries": queries,
        **filled.figures(),
    }


def _times(client, url: str, repeat: int) -> tuple[float, float]:
    client.get(url)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(statistics.median(times), 1), round(times[min(len(times) - 1, int(len(times) * 0.95))], 1)
