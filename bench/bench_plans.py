"""The channel work plan at scale: the director's dashboard (`/`) and the plan page on the register of
bench/fill.py (10,000 partners, 1,000,000 sales records), with a plan holding every kind of goal and every
budget line. Each page is requested `--repeat` times after one warm-up, single client; the p95, the median
and the query count are reported next to `/health/`'s p95 from the same run. The issue's goal: each page's
p95 at most 5 times that of `/health/`.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from decimal import Decimal


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench plans")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    args = parser.parse_args(argv)

    from bench.fill import fill

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    figures = filled.figures()
    plan = _plan()
    figures |= _pages(plan, repeat=args.repeat)
    return figures


def _director():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from common.roles import CHANNEL_DIRECTOR

    user, created = get_user_model().objects.get_or_create(username="bench-director")
    if created:
        user.groups.add(Group.objects.get(name=CHANNEL_DIRECTOR))
    return user


def _plan():
    """This year's national plan with one goal of each kind and every budget line (made once)."""
    from common import clock
    from plans import services
    from plans.models import SUB_LINES_OF, GoalKind, Plan

    director = _director()
    year = clock.today().year
    plan = Plan.objects.filter(year=year, region__isnull=True).first()
    if plan is not None:
        return plan
    plan = services.plan_create(year=year, title=f"Bench plan {year}", owner=director, by=director)
    for kind in GoalKind.values:
        services.goal_save(plan=plan, kind=kind, yearly_value=Decimal("1000000"), by=director)
    for category, sub_lines in SUB_LINES_OF.items():
        for sub_line in sub_lines:
            services.budget_line_save(
                plan=plan, category=category, sub_line=sub_line, quarters=[Decimal("100000")] * 4, by=director
            )
    services.plan_approve(plan=plan, by=director)
    return plan


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)], 1)


def _time_page(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {"p95_ms": _p95(times), "median_ms": round(statistics.median(times), 1), "queries": queries}


def _pages(plan, *, repeat: int) -> dict:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client
    from django.urls import reverse

    # One connection across requests, as production keeps them with CONN_MAX_AGE (see bench_partners).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(_director())
    figures = {}
    pages = {
        "health": reverse("health"),
        "dashboard": reverse("home"),
        "plan_page": reverse("plans:detail", kwargs={"pk": plan.pk}),
    }
    for name, url in pages.items():
        for key, value in _time_page(client, url, repeat).items():
            figures[f"{name}_{key}"] = value
    health = figures["health_p95_ms"] or 0.1
    figures["dashboard_p95_over_health"] = round(figures["dashboard_p95_ms"] / health, 1)
    figures["plan_page_p95_over_health"] = round(figures["plan_page_p95_ms"] / health, 1)
    return figures
