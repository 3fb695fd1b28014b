"""Load benchmark: the pages of bench/pages.py served by gunicorn on loopback, single-client and 10-client.

Builds on bench/fill.py's register (reused when already there): the busiest partner (most sales rows) gets a
portal user, the last filled month a published cycle, this year a plan (bench/bench_plans.py's). Then it
starts gunicorn with the production settings and (2 x cores) + 1 workers on 127.0.0.1 (a free port, plain
HTTP: no TLS redirect), logs in through the login form as the director, a channel manager and the partner's
user, and requests each page `--requests` times from one client, then `--requests` times from each of
`--clients` threads at once (threads and http.client: nothing leaves the machine, and the load is bounded by
those counts). It prints p50 and p95 in milliseconds, the errors (any status but 200, or a failed request) and
each page's p95 over `/health/`'s p95 in the same mode: the issue's goal is at most 5. The figures are noisy
on a machine other work shares. gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import secrets
import socket
import statistics

# Starts our own gunicorn, with a fixed argument list.
import subprocess  # nosec B404
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 60


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench load")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument("--requests", type=int, default=20, help="requests per page and client")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients of the second round")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args(argv)

    from bench.fill import fill
    from bench.pages import pages

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    world = _prepare(filled)
    page_list = pages(busiest_partner_id=world["busiest"], period=world["period"], plan_id=world["plan"])
    figures = {**filled.figures(), "workers": args.workers, "clients": args.clients, "requests": args.requests}
    with _gunicorn(args.workers) as port:
        cookies = {role: _login(port, username, world["password"]) for role, username in world["users"].items()}
        # Every worker imports, compiles templates, connects and fills its per-process caches (the menu) before
        # it is timed: four rounds of as many clients as workers, as gunicorn's workers take connections at random.
        for page in page_list:
            _hammer(port, page.url, cookies.get(page.role, ""), args.workers, 4)
        for mode, clients in (("single", 1), (f"{args.clients}_clients", args.clients)):
            results = {
                page.name: _hammer(port, page.url, cookies.get(page.role, ""), clients, args.requests)
                for page in page_list
            }
            health = results["health"]["p95_ms"] or 0.1
            for name, result in results.items():
                for key, value in result.items():
                    figures[f"{name}_{mode}_{key}"] = value
                if name != "health":
                    figures[f"{name}_{mode}_p95_over_health"] = round(result["p95_ms"] / health, 1)
    return figures


def _prepare(filled) -> dict:
    """Users with a password for the login form, the busiest partner's portal user, a published cycle of the
    last filled month with that partner's scorecard, and the plan. Idempotent: a rerun reuses them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from bench.bench_plans import _director, _plan
    from common.periods import Period
    from common.roles import CHANNEL_MANAGER
    from evaluations.models import EvaluationCycle, Scorecard
    from evaluations.services import cycle_calculate
    from partners.models import Partner, PartnerMembership, SalesMonth

    period = Period(filled.last_month)
    # A cycle the calculation made: bench incentives leaves a published cycle of hand-made cards in the month,
    # never calculated, whose figures no page would keep (they are kept per calculation).
    published = Scorecard.objects.filter(
        cycle__period=period.first_day,
        cycle__status=EvaluationCycle.Status.PUBLISHED,
        cycle__calculated_at__isnull=False,
    )
    if not published.exists():
        EvaluationCycle.objects.filter(period=period.first_day).delete()
        cycle_calculate(period=period, publish=False)
        # Published without the partners' emails: the benchmark only reads the pages.
        EvaluationCycle.objects.filter(period=period.first_day).update(
            status=EvaluationCycle.Status.PUBLISHED, published_at=timezone.now()
        )
    # As autovacuum does soon after a bulk write: statistics for every table, the cards just written and what
    # another benchmark wrote before (bench incentives approves a whole month). Without them the planner takes
    # the cycle for a few rows, and the review page's ORDER BY … LIMIT sorts every card of it.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The partner with the most sales lines among those scored (a partner not scored has no scorecard page).
    busiest = (
        SalesMonth.objects.filter(partner__in=published.values("partner_id"))
        .values("partner_id")
        .annotate(n=Sum("lines"))
        .order_by("-n", "partner_id")
        .values_list("partner_id", flat=True)[0]
    )
    password = secrets.token_urlsafe(16)  # only this run knows it
    User = get_user_model()
    director = _director()
    manager_id = Partner.objects.filter(pk=busiest).values_list("manager_id", flat=True)[0]
    manager = User.objects.get(pk=manager_id) if manager_id else User.objects.get_or_create(username="bench-manager")[0]
    manager.groups.add(Group.objects.get(name=CHANNEL_MANAGER))
    partner_user, _created = User.objects.get_or_create(username="bench-partner-user")
    PartnerMembership.objects.update_or_create(
        user=partner_user, defaults={"partner_id": busiest, "role": PartnerMembership.Role.ADMIN}
    )
    # Hashed for the production settings the server runs with (the benchmark's own settings hash with MD5).
    hasher = PBKDF2PasswordHasher()
    hashed = hasher.encode(password, hasher.salt())
    for user in (director, manager, partner_user):
        user.password = hashed
        user.is_active = True
        user.save()
    return {
        "period": period,
        "busiest": busiest,
        "plan": _plan().pk,
        "password": password,
        "users": {"director": director.username, "manager": manager.username, "partner": partner_user.username},
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def _gunicorn(workers: int):
    """gunicorn on loopback with the production settings over plain HTTP; yields its port, then stops it."""
    from django.db import connection

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
    }
    connection.close()  # gunicorn's workers open their own
    log = open(REPO / "bench" / "results" / "load-gunicorn.log", "w")  # noqa: SIM115 -- closed below
    # As a deployment does: the production settings serve the collected, hashed static files (under var/).
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, cwd=REPO, env=env, check=True)  # nosec B603
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}"]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)  # nosec B603
    try:
        _wait_healthy(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_healthy(port: int, server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see bench/results/load-gunicorn.log")
        try:
            if _get(port, "/health/", "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /health/ in time; see bench/results/load-gunicorn.log")


def _request(port: int, method: str, path: str, cookie: str, body: str | None = None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    status, _headers, body = _request(port, "GET", path, cookie)
    return status, body


def _cookies(headers, jar: dict[str, str]) -> dict[str, str]:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def _login(port: int, username: str, password: str) -> str:
    """Log in through the login form (CSRF token and all); returns the session's Cookie header."""
    status, headers, body = _request(port, "GET", "/accounts/login/", "")
    jar = _cookies(headers, {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert status == 200 and token, f"login page: {status}"
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()})
    status, headers, _body = _request(
        port,
        "POST",
        "/accounts/login/",
        "; ".join(f"{k}={v}" for k, v in jar.items()),
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}/"},
    )
    jar = _cookies(headers, jar)
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"could not log in as {username}: {status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _hammer(port: int, path: str, cookie: str, clients: int, requests: int) -> dict:
    """`clients` threads each request `path` `requests` times (after one warm-up request each)."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client():
        with suppress(OSError):
            _get(port, path, cookie)
        for _ in range(requests):
            started = time.perf_counter()
            try:
                ok = _get(port, path, cookie)[0] == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)], 1),
        "errors": errors[0],
    }
