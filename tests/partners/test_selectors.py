import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.periods import Period
from partners.models import Partner
from partners.selectors import (
    MonthSales,
    agreements_expiring,
    monthly_sales,
    partners_counted_by,
    partners_version,
)
from tests.common.factories import FinanceFactory
from tests.partners.factories import AgreementFactory, PartnerFactory, RegionFactory, SalesRecordFactory

pytestmark = pytest.mark.django_db

MONTHS = Period.month(2026, 9).trailing(3)  # 2026-07, 08, 09


def test_monthly_sales_sums_per_partner_and_month_and_fills_gaps():
    a, b = PartnerFactory(), PartnerFactory()
    SalesRecordFactory(partner=a, date=dt.date(2026, 7, 1), amount=Decimal("100.10"), quantity=2, new_customers=1)
    SalesRecordFactory(partner=a, date=dt.date(2026, 7, 31), amount=Decimal("-20.05"), quantity=-1)
    SalesRecordFactory(partner=a, date=dt.date(2026, 9, 30), amount=Decimal("5.00"))
    SalesRecordFactory(partner=a, date=dt.date(2026, 10, 1), amount=Decimal("999.00"))  # outside the months
    SalesRecordFactory(partner=b, date=dt.date(2026, 6, 30), amount=Decimal("999.00"))  # outside the months

    result = monthly_sales(partners_qs=Partner.objects.all(), months=MONTHS)

    assert result[a.pk][Period.month(2026, 7)] == MonthSales(Decimal("80.05"), 1, 1, 2, returns=Decimal("-20.05"))
    assert result[a.pk][Period.month(2026, 8)] == MonthSales()
    assert result[a.pk][Period.month(2026, 9)].amount == Decimal("5.00")
    assert result[b.pk] == dict.fromkeys(MONTHS, MonthSales())


def test_monthly_sales_uses_the_same_queries_for_2_and_40_partners():
    def queries_for(count):
        for partner in PartnerFactory.create_batch(count):
            SalesRecordFactory(partner=partner, date=dt.date(2026, 8, 3))
        with CaptureQueriesContext(connection) as queries:
            monthly_sales(partners_qs=Partner.objects.all(), months=MONTHS)
        return len(queries)

    assert queries_for(2) == queries_for(38) == 2


def test_agreements_expiring_within_60_days():
    today = dt.date(2026, 11, 1)
    soon = AgreementFactory(end_on=dt.date(2026, 12, 31))
    AgreementFactory(end_on=dt.date(2027, 1, 1))  # day 61
    AgreementFactory(start_on=dt.date(2025, 1, 1), end_on=dt.date(2026, 10, 31))  # already ended
    AgreementFactory(end_on=dt.date(2026, 11, 20), status="draft")
    assert list(agreements_expiring(user=FinanceFactory(), today=today)) == [soon]


def _grouped_reads(compute) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        result = compute()
    return result, sum("GROUP BY" in q["sql"] and '"partners_partner"' in q["sql"] for q in queries.captured_queries)


def test_partner_counts_are_kept_until_a_partner_is_written():
    cache.clear()
    active, _other = PartnerFactory(status=Partner.Status.ACTIVE), PartnerFactory(status=Partner.Status.ACTIVE)
    PartnerFactory(status=Partner.Status.SUSPENDED)
    everyone = Partner.objects.all()

    assert _grouped_reads(lambda: partners_counted_by(everyone, "status")) == ({"active": 2, "suspended": 1}, 1)
    assert _grouped_reads(lambda: partners_counted_by(everyone, "status")) == ({"active": 2, "suspended": 1}, 0)
    # Another question of the same partners is counted on its own.
    only_active = everyone.filter(status=Partner.Status.ACTIVE)
    assert partners_counted_by(only_active, "status") == {"active": 2}

    # Any write to a partner (it adds a history row) shows on the next read, whatever the cache's age.
    active.status = Partner.Status.SUSPENDED
    active.save()
    assert _grouped_reads(lambda: partners_counted_by(everyone, "status")) == ({"active": 1, "suspended": 2}, 1)
    assert partners_counted_by(Partner.objects.none(), "status") == {}


def test_the_partners_version_is_read_once_a_request():
    memo = {}
    with CaptureQueriesContext(connection) as queries:
        first, second = partners_version(memo=memo), partners_version(memo=memo)
    assert first == second
    assert len(queries) == 1


def test_the_partners_version_moves_when_a_region_is_written():
    """A province's cities and a regional plan's partners follow the regions: a region moved to another province
    must not leave counts kept under the version before."""
    city = RegionFactory()
    before = partners_version()
    city.parent = RegionFactory()
    city.save()
    assert partners_version() != before
