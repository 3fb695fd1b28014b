"""Fill a PostgreSQL database with a realistic partner register fast, through COPY.

    from bench.fill import fill
    result = fill(partners=10_000, sales=1_000_000, months=18)

or from the shell: `.venv/bin/python bench/fill.py --partners 10000 --sales 1000000 --months 18`.

Every partner gets a code `BP000001`..., a valid unified social credit code, a city, a tier, a channel
type and one of a few bench channel managers; sales records are spread over the `months` months ending
with `end` (default: last month), skewed so that a few partners sell much more than most, as real
channels do. The same arguments on an already filled database reuse it (the counts are checked) unless
`force=True`; a new fill first empties the partner register (TRUNCATE ... CASCADE, which also empties
every table that points at partners, so other apps' benchmarks start from a clean slate).

Other apps' benchmarks build on this: fill, then add their own rows for `result.partner_ids`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CODE_PREFIX = "BP"
SALES_REF_PREFIX = "BS"
BENCH_MANAGERS = 20
CHUNK_ROWS = 50_000
DEFAULT_TIERS = [("金牌", 1, "5000000.00"), ("银牌", 2, "2000000.00"), ("铜牌", 3, "500000.00")]
DEFAULT_CATEGORIES = [
    ("HW", "硬件设备"),
    ("SW", "软件许可"),
    ("SVC", "技术服务"),
    ("ACC", "配件耗材"),
    ("SUB", "订阅服务"),
]
# A typical sales line per channel type, in CNY: direct deals are large, live-stream orders small.
TYPICAL_LINE = {
    "direct": 60_000,
    "distributor": 40_000,
    "agent": 20_000,
    "retailer": 6_000,
    "ecommerce": 2_500,
    "social": 900,
}


@dataclass
class FillResult:
    partners: int
    sales: int
    months: int
    first_month: dt.date
    last_month: dt.date
    seconds: float
    reused: bool
    partner_ids: list[int] = field(repr=False, default_factory=list)

    def figures(self) -> dict:
        return {
            "fill_partners": self.partners,
            "fill_sales": self.sales,
            "fill_months": f"{self.first_month:%Y-%m}..{self.last_month:%Y-%m}",
            "fill_seconds": round(self.seconds, 1),
            "fill_reused": self.reused,
        }


def fill(
    *,
    partners: int = 10_000,
    sales: int = 1_000_000,
    months: int = 18,
    end: dt.date | None = None,
    seed: int = 20261126,
    force: bool = False,
) -> FillResult:
    """Fill (or reuse) the register: `partners` partners and `sales` sales records over `months` months."""
    from django.db import connection, transaction

    from common.periods import Period
    from partners.models import Partner
    from partners.sales_months import sales_months_rebuild

    if connection.vendor != "postgresql":
        raise RuntimeError("bench.fill uses PostgreSQL's COPY; point DATABASE_URL at PostgreSQL.")
    last = Period.containing(end) if end else Period.current().previous()
    first = last.previous(months - 1)
    started = time.perf_counter()
    if not force and _already_filled(partners=partners, sales=sales, first=first, last=last):
        _summary_in_step(sales)
        ids = list(Partner.objects.filter(code__startswith=CODE_PREFIX).order_by("code").values_list("pk", flat=True))
        return FillResult(partners, sales, months, first.first_day, last.first_day, 0.0, True, ids)

    rng = random.Random(seed)
    with transaction.atomic():
        _empty_register()
        reference = _reference_data()
        partner_rows = _insert_partners(rng, partners, reference)
        _insert_sales(rng, sales, partner_rows, reference, first=first, last=last)
        sales_months_rebuild()  # the monthly summaries every sales write keeps, in the same transaction
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_partner")
        cursor.execute("ANALYZE partners_salesmonth")
        cursor.execute("ANALYZE partners_salesproductmonth")
        # VACUUM too (outside a transaction only): it marks the pages all-visible, as autovacuum soon would,
        # so the sums read the covering indexes alone.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(f"{vacuum} partners_salesrecord")
    ids = [row[0] for row in partner_rows]
    return FillResult(
        partners, sales, months, first.first_day, last.first_day, time.perf_counter() - started, False, ids
    )


def _already_filled(*, partners, sales, first, last) -> bool:
    from django.db.models import Max, Min

    from partners.models import Partner, SalesRecord

    if Partner.objects.count() != partners or Partner.objects.filter(code__startswith=CODE_PREFIX).count() != partners:
        return False
    span = SalesRecord.objects.aggregate(first=Min("date"), last=Max("date"))
    return (
        SalesRecord.objects.count() == sales
        and (sales == 0 or (span["first"] >= first.first_day and span["last"] <= last.last_day))
        and (sales == 0 or span["first"] < first.next().first_day)
    )


def _summary_in_step(sales: int) -> None:
    """A register filled before the monthly summaries existed (or emptied by hand) gets them rebuilt."""
    from django.db.models import Sum

    from partners.models import SalesMonth
    from partners.sales_months import sales_months_rebuild

    if (SalesMonth.objects.aggregate(n=Sum("lines"))["n"] or 0) != sales:
        sales_months_rebuild()


def _empty_register() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE partners_partner, partners_historicalpartner RESTART IDENTITY CASCADE")


@dataclass
class _Reference:
    tiers: list[int]
    cities: list[tuple[int, str]]
    categories: list[int]
    managers: list[int]


def _reference_data() -> _Reference:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from common.roles import CHANNEL_MANAGER
    from partners.models import ProductCategory, Region, Tier

    if not Tier.objects.exists():
        for name, rank, threshold in DEFAULT_TIERS:
            Tier.objects.create(name=name, rank=rank, annual_sales_threshold=Decimal(threshold))
    if not ProductCategory.objects.exists():
        ProductCategory.objects.bulk_create([ProductCategory(code=c, name=n) for c, n in DEFAULT_CATEGORIES])
    group = Group.objects.get(name=CHANNEL_MANAGER)
    managers = []
    for number in range(1, BENCH_MANAGERS + 1):
        user, created = get_user_model().objects.get_or_create(
            username=f"bench-manager-{number:02d}", defaults={"email": f"bench-manager-{number:02d}@bench.local"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        managers.append(user.pk)
    cities = list(Region.objects.filter(level=Region.Level.CITY).values_list("pk", "code"))
    if not cities:
        raise RuntimeError("No cities: the partners migrations load them; migrate the database first.")
    return _Reference(
        tiers=list(Tier.objects.order_by("rank").values_list("pk", flat=True)),
        cities=cities,
        categories=list(ProductCategory.objects.values_list("pk", flat=True)),
        managers=managers,
    )


def credit_code_for(index: int, city_code: str) -> str:
    """A valid, unique unified social credit code: the index in base 31 makes it unique."""
    from partners.credit_code import ALPHABET, with_check_character

    digits = []
    for _ in range(9):
        index, remainder = divmod(index, 31)
        digits.append(ALPHABET[remainder])
    return with_check_character("91" + city_code[:6].ljust(6, "0") + "".join(reversed(digits)))


def _insert_partners(rng: random.Random, count: int, ref: _Reference) -> list[tuple[int, str, str]]:
    """COPY the partners in; returns (pk, code, channel type) in code order."""
    from django.db import connection

    from partners.models import ChannelType, Partner

    channel_types = [choice.value for choice in ChannelType]
    statuses = [Partner.Status.ACTIVE] * 16 + [
        Partner.Status.ONBOARDING,
        Partner.Status.PROSPECT,
        Partner.Status.SUSPENDED,
        Partner.Status.TERMINATED,
    ]
    now = dt.datetime.now(dt.UTC).isoformat()
    columns = (
        "code, name, legal_name, credit_code, channel_type, tier_id, region_id, manager_id, status, "
        "joined_on, created_at, updated_at"
    )
    with connection.cursor() as cursor, cursor.copy(f"COPY partners_partner ({columns}) FROM STDIN") as copy:
        lines = []
        for index in range(1, count + 1):
            city_pk, city_code = rng.choice(ref.cities)
            tier = rng.choice([*ref.tiers, None]) if ref.tiers else None
            joined = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(3000))
            lines.append(
                "\t".join(
                    (
                        f"{CODE_PREFIX}{index:06d}",
                        f"伙伴{index}号商贸",
                        f"伙伴{index}号商贸有限公司",
                        credit_code_for(index, city_code),
                        rng.choice(channel_types),
                        "\\N" if tier is None else str(tier),
                        str(city_pk),
                        str(rng.choice(ref.managers)),
                        rng.choice(statuses),
                        joined.isoformat(),
                        now,
                        now,
                    )
                )
            )
            if len(lines) == CHUNK_ROWS:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")
    return list(
        Partner.objects.filter(code__startswith=CODE_PREFIX).order_by("code").values_list("pk", "code", "channel_type")
    )


def _insert_sales(rng, count: int, partner_rows, ref: _Reference, *, first, last) -> None:
    from django.db import connection

    if not partner_rows or not count:
        return
    months = []
    period = first
    while period <= last:
        months.append((period.first_day, (period.last_day - period.first_day).days + 1))
        period = period.next()
    # Pareto-like weights: the top fifth of partners brings most of the volume.
    weights = [1.0 / (rank**0.8) for rank in range(1, len(partner_rows) + 1)]
    rng.shuffle(weights)
    cumulative = list(itertools.accumulate(weights))
    now = dt.datetime.now(dt.UTC).isoformat()
    columns = (
        "partner_id, date, amount, quantity, category_id, new_customers, source, external_ref, created_at, kind,"
        " original_ref, product_code"
    )
    with connection.cursor() as cursor, cursor.copy(f"COPY partners_salesrecord ({columns}) FROM STDIN") as copy:
        written = 0
        while written < count:
            size = min(CHUNK_ROWS, count - written)
            chosen = rng.choices(partner_rows, cum_weights=cumulative, k=size)
            lines = []
            for offset, (partner_pk, _code, channel_type) in enumerate(chosen):
                month_start, days = months[rng.randrange(len(months))]
                amount = TYPICAL_LINE[channel_type] * rng.lognormvariate(0, 0.6)
                quantity = max(1, int(amount / rng.choice((150, 300, 800, 2000))))
                lines.append(
                    f"{partner_pk}\t{month_start + dt.timedelta(days=rng.randrange(days))}\t{amount:.2f}\t{quantity}\t"
                    f"{rng.choice(ref.categories)}\t{int(rng.random() < 0.1)}\timport\t"
                    f"{SALES_REF_PREFIX}{written + offset + 1:08d}\t{now}\tsale\t\t"
                )
            copy.write("\n".join(lines) + "\n")
            written += size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill the benchmark database with partners and sales (COPY).")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument(
        "--tenfold", action="store_true", help="100,000 partners and 10,000,000 sales (overrides the two counts)"
    )
    parser.add_argument("--force", action="store_true", help="fill again even when the counts already match")
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or postgres://.../cw_bench")
    args = parser.parse_args(argv)
    if args.tenfold:
        args.partners, args.sales = 100_000, 10_000_000

    from bench import db

    db.setup(args.database_url)
    result = fill(partners=args.partners, sales=args.sales, months=args.months, force=args.force)
    for key, value in result.figures().items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
