"""The reward calculation at any size on PostgreSQL: a fixed number of queries for 20 or 200 partners, an
unchanged rerun that writes no row, and history that still records every real change."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import fill as bench_fill
from common.periods import Period
from incentives.models import Accrual, Adjustment, CalculationRun, LineStatus, Payout, PolicyKind, Statement
from incentives.services import rewards_calculate
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import (
    ComplianceIncidentFactory,
    PartnerFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesRecordFactory,
)
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

OCT = Period.month(2026, 10)
# The calculation's own record of the run (its count and times) is the one row a rerun writes.
RUN_TABLE = "incentives_calculationrun"


@pytest.fixture
def policies():
    require_postgres()
    for kind, rules in [
        (PolicyKind.VOLUME_REBATE, None),
        (PolicyKind.COMMISSION, {"rate": "2"}),
        (PolicyKind.PENALTY, {"amounts": {"medium": "100"}}),
    ]:
        PolicyFactory(kind=kind, rules=rules)


def _partners(n: int, period: Period = OCT) -> list:
    region, category = RegionFactory(), ProductCategoryFactory(code="GENERAL", name="General")
    partners = PartnerFactory.create_batch(n, region=region, manager=None)
    for i, partner in enumerate(partners):
        SalesRecordFactory(partner=partner, category=category, amount=D(150_000 + i), date=period.first_day)
        if i % 3 == 0:
            ComplianceIncidentFactory(partner=partner, occurred_on=period.first_day, reported_by=None)
    return partners


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and RUN_TABLE not in q["sql"]
    ]


def _first_and_rerun(period: Period) -> tuple[int, int]:
    counts = []
    for _run in range(2):
        with CaptureQueriesContext(connection) as queries:
            rewards_calculate(period=period)
        counts.append(len(queries))
    return counts[0], counts[1]


def test_queries_are_the_same_for_20_and_200_partners(policies):
    _partners(20)
    small = _first_and_rerun(OCT)
    nov = Period.month(2026, 11)
    _partners(200, nov)
    assert _first_and_rerun(nov) == small


def test_queries_are_the_same_for_100_and_5000_partners(policies):
    # the register filled as the benchmark fills it (COPY), once small and once fifty times larger
    counts = []
    for partners, sales in ((100, 1_000), (5_000, 50_000)):
        with connection.cursor() as cursor:  # the refill truncates: check the foreign keys written so far first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        bench_fill.fill(partners=partners, sales=sales, months=1, end=OCT.first_day, force=True)
        CalculationRun.objects.all().delete()  # each size starts from a month never calculated
        first, rerun = _first_and_rerun(OCT)
        assert Accrual.objects.filter(period=OCT.first_day).count() >= 2 * partners
        counts.append((first, rerun))
    assert counts[0] == counts[1]


def test_an_unchanged_rerun_writes_no_row(policies):
    _partners(12)
    rewards_calculate(period=OCT)
    rows = (Accrual.objects.count(), Statement.objects.count(), Payout.history.count(), Adjustment.history.count())

    with CaptureQueriesContext(connection) as rerun:
        rewards_calculate(period=OCT)

    assert _writes(rerun) == []
    assert (
        Accrual.objects.count(),
        Statement.objects.count(),
        Payout.history.count(),
        Adjustment.history.count(),
    ) == rows


def test_a_real_change_is_written_with_its_history(policies):
    partners = _partners(6)
    rewards_calculate(period=OCT)
    changed, other = partners[1], partners[2]
    payout_history = Payout.history.count()
    before = {s.partner_id: s.updated_at for s in Statement.objects.all()}

    # when one partner sells more and the month is calculated again
    SalesRecordFactory(partner=changed, amount=D("400000"), date=dt.date(2026, 10, 20))
    with CaptureQueriesContext(connection) as rerun:
        rewards_calculate(period=OCT)

    # then its statement and payout change, with one history row for its payout, and nobody else's
    assert _writes(rerun)
    after = {s.partner_id: s.updated_at for s in Statement.objects.all()}
    assert after[changed.pk] != before[changed.pk]
    assert after[other.pk] == before[other.pk]
    assert Payout.history.count() == payout_history + 1
    latest = Payout.history.order_by("-history_id").first()
    assert latest.partner_id == changed.pk
    assert latest.amount == Payout.objects.get(partner=changed).amount

    # and once its payout is approved, a further change becomes an adjustment, recorded in history too
    Payout.objects.filter(partner=changed).update(status=LineStatus.APPROVED)
    Accrual.objects.filter(partner=changed).update(status=LineStatus.APPROVED)
    SalesRecordFactory(partner=changed, amount=D("100000"), date=dt.date(2026, 10, 21))
    rewards_calculate(period=OCT)
    assert Adjustment.objects.filter(partner=changed).exists()
    assert (
        Adjustment.history.filter(partner_id=changed.pk).count() == Adjustment.objects.filter(partner=changed).count()
    )
