"""The partner register at scale: 10,000 partners and 1,000,000 sales records (bench/fill.py).

Times, through Django's test client against the benchmark database, the partner list (first page,
a filtered and sorted page, a deep page), the partner detail page (overview and the sales tab with its
monthly chart, for the partner with the most sales) and the sales import of a 100,000-row CSV file:
first all new rows, then the same file again (all unchanged), the latter under tracemalloc for the
peak Python memory. Each page is requested several times; the median and the query count are reported.
The imported rows are deleted again so the fill stays reusable.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

IMPORT_REF_PREFIX = "BI"


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench partners")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="requests per page")
    args = parser.parse_args(argv)

    from bench.fill import fill

    filled = fill(partners=args.partners, sales=args.sales, months=args.months)
    figures = filled.figures()
    figures |= _pages(repeat=args.repeat)
    figures |= _import(rows=args.import_rows, partner_count=args.partners)
    return figures


def _director():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from common.roles import CHANNEL_DIRECTOR

    user, created = get_user_model().objects.get_or_create(username="bench-director")
    if created:
        user.groups.add(Group.objects.get(name=CHANNEL_DIRECTOR))
    return user


def _time_page(client, url: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds over `repeat` requests (after one warm-up) and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the captured slice is read from the connection's log, which later requests reset
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return round(statistics.median(times), 1), queries


def _pages(*, repeat: int) -> dict:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from partners.models import Partner

    # As in tests: keep one connection across requests (production keeps them with CONN_MAX_AGE), so
    # the timings are the pages' own and the query count is captured.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(_director())
    busiest = Partner.objects.annotate(n=Count("sales_records")).order_by("-n").values_list("pk", "n").first()
    list_url = reverse("partners:list")
    detail_url = reverse("partners:detail", kwargs={"pk": busiest[0]})
    pages = {
        "list_first_page": list_url,
        "list_filtered_sorted": f"{list_url}?channel_type=distributor&status=active&sort=-name&q=伙伴1",
        "list_page_200": f"{list_url}?page=200",
        "detail_overview": detail_url,
        "detail_sales_tab": f"{detail_url}?tab=sales",
    }
    figures = {"detail_partner_sales_records": busiest[1]}
    for name, url in pages.items():
        median, queries = _time_page(client, url, repeat)
        figures[f"{name}_median_ms"] = median
        figures[f"{name}_queries"] = queries
    return figures


def _write_file(path: Path, rows: int, partner_count: int) -> None:
    from bench.fill import CODE_PREFIX
    from partners.models import ProductCategory

    categories = list(ProductCategory.objects.values_list("code", flat=True))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["partner_code", "date", "amount", "quantity", "category", "new_customers", "external_ref"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{CODE_PREFIX}{number % partner_count + 1:06d}",
                    f"2026-{number % 9 + 1:02d}-{number % 28 + 1:02d}",
                    f"{(number * 7919) % 100000 / 100 + 10:.2f}",
                    number % 17 + 1,
                    categories[number % len(categories)],
                    number % 3,
                    f"{IMPORT_REF_PREFIX}{number:08d}",
                ]
            )


def _import(*, rows: int, partner_count: int) -> dict:
    from partners.imports.services import sales_import_run
    from partners.models import SalesImport, SalesRecord
    from partners.services import sales_records_delete

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-sales.csv"
        _write_file(path, rows, partner_count)
        size_mb = path.stat().st_size / 1024 / 1024
        with path.open("rb") as handle:
            started = time.perf_counter()
            first = sales_import_run(file=handle, file_name=path.name)
            first_seconds = time.perf_counter() - started
        assert first.rows_new == rows, first.errors[:5]
        with path.open("rb") as handle:
            tracemalloc.start()
            started = time.perf_counter()
            again = sales_import_run(file=handle, file_name=path.name)
            again_seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert again.rows_unchanged == rows, again.errors[:5]
    sales_records_delete(records=SalesRecord.objects.filter(external_ref__startswith=IMPORT_REF_PREFIX))
    SalesImport.objects.filter(pk__in=[first.pk, again.pk]).delete()
    return {
        "import_rows": rows,
        "import_file_mb": round(size_mb, 1),
        "import_new_seconds": round(first_seconds, 1),
        "import_new_rows_per_second": round(rows / first_seconds),
        "reimport_unchanged_seconds_under_tracemalloc": round(again_seconds, 1),
        "reimport_peak_traced_mb": round(peak / 1024 / 1024, 2),
    }
