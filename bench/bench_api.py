"""Bulk sales ingestion through the REST API: `POST /api/v1/sales/` with 5,000 items per request, through the
whole stack (middleware, token authentication, throttles, JSON parsing, the shared import pipeline, COPY).

Figures: records per second over all requests and the p95 of one request's time, for new records, and for a
batch sent again (every item unchanged). Works on its own partners (codes `BA…`) on top of whatever fill the
database holds; the records and tokens it writes are deleted again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time

PARTNER_PREFIX = "BA"
REF_PREFIX = "BAPI-"


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench_api")
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--partners", type=int, default=50)
    args = parser.parse_args(argv)

    from django.conf import settings
    from django.test import Client

    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api_read": "100000/min", "api_write": "100000/min"}
    }
    codes, category = _partners(args.partners)
    token, secret = _token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    try:
        new = _run(client, codes, category, requests=args.requests, items=args.items, offset=0)
        again = _run(client, codes, category, requests=min(3, args.requests), items=args.items, offset=0)
    finally:
        _clean(token)
    return {
        "items_per_request": args.items,
        "requests": args.requests,
        "new_records_per_second": round(new["rate"]),
        "new_request_p95_seconds": new["p95"],
        "new_request_median_seconds": new["median"],
        "resent_records_per_second": round(again["rate"]),
        "resent_request_p95_seconds": again["p95"],
    }


def _run(client, codes, category, *, requests: int, items: int, offset: int) -> dict:
    times = []
    for number in range(requests):
        body = json.dumps({"items": _items(codes, category, start=(offset + number) * items, count=items)})
        started = time.perf_counter()
        response = client.post("/api/v1/sales/", body, content_type="application/json")
        times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.content[:500]
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "rate": requests * items / sum(times),
        "p95": round(p95, 3),
        "median": round(statistics.median(times), 3),
    }


def _items(codes, category, *, start: int, count: int) -> list[dict]:
    day = dt.date(2026, 10, 1)
    return [
        {
            "partner_code": codes[number % len(codes)],
            "date": (day + dt.timedelta(days=number % 28)).isoformat(),
            "amount": f"{(number * 7919) % 100000 / 100 + 10:.2f}",
            "quantity": number % 17 + 1,
            "category": category,
            "new_customers": number % 3,
            "external_ref": f"{REF_PREFIX}{number:09d}",
        }
        for number in range(start, start + count)
    ]


def _partners(count: int) -> tuple[list[str], str]:
    from partners.models import ChannelType, Partner, ProductCategory, Region

    category, _created = ProductCategory.objects.get_or_create(code="HW", defaults={"name": "硬件设备"})
    province, _created = Region.objects.get_or_create(
        code="110000", defaults={"name": "北京市", "level": Region.Level.PROVINCE}
    )
    codes = [f"{PARTNER_PREFIX}{number:05d}" for number in range(count)]
    existing = set(Partner.objects.filter(code__in=codes).values_list("code", flat=True))
    Partner.objects.bulk_create(
        Partner(
            code=code,
            name=f"接口基准伙伴{code}",
            legal_name=f"接口基准伙伴{code}有限公司",
            credit_code=_credit_code(number),
            channel_type=ChannelType.DISTRIBUTOR,
            region=province,
            status=Partner.Status.ACTIVE,
        )
        for number, code in enumerate(codes)
        if code not in existing
    )
    return codes, category.code


def _credit_code(number: int) -> str:
    from bench.fill import credit_code_for

    return credit_code_for(5_000_000 + number, "110000")  # far above the fill's partners


def _token():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from api.services import token_create
    from common.roles import CHANNEL_DIRECTOR

    user, _created = get_user_model().objects.get_or_create(username="bench-api")
    user.groups.add(Group.objects.get(name=CHANNEL_DIRECTOR))
    return token_create(name="bench", expires_at=timezone.now() + dt.timedelta(hours=1), by=user)


def _clean(token) -> None:
    from partners.models import SalesImport, SalesRecord
    from partners.services import sales_records_delete

    sales_records_delete(records=SalesRecord.objects.filter(external_ref__startswith=REF_PREFIX))
    SalesImport.objects.filter(file_name="API · bench").delete()
    token.delete()
