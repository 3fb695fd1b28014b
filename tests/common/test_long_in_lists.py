"""With the server binding parameters (at most 65,535 a statement), a filter by a long list of ids or codes
works whatever its length (the list travels as one array), and so does a bulk write of many rows (in batches)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner, ProductCategory, SalesRecord
from tests.partners.factories import PartnerFactory, SalesRecordFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
MANY = 70_000  # more than a statement's parameters


def sql_of(queryset) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(queryset)
    return queries.captured_queries[-1]["sql"]


def test_a_list_longer_than_a_statements_parameters_filters_by_id_by_related_id_and_by_code():
    partner, other = PartnerFactory(), PartnerFactory()
    record = SalesRecordFactory(partner=partner)
    SalesRecordFactory(partner=other)
    missing = range(10**9, 10**9 + MANY)

    assert list(Partner.objects.filter(pk__in=[partner.pk, *missing])) == [partner]
    assert list(SalesRecord.objects.filter(partner_id__in=[partner.pk, *missing])) == [record]
    assert list(SalesRecord.objects.filter(partner__in=[partner, *missing])) == [record]
    codes = [partner.code, *(f"NO-{n}" for n in range(MANY))]
    assert list(Partner.objects.filter(code__in=codes)) == [partner]
    assert list(Partner.objects.exclude(pk__in=[partner.pk, None, *missing])) == [other]
    assert "= ANY(" in sql_of(Partner.objects.filter(pk__in=[partner.pk, *missing]))


def test_a_short_list_keeps_in():
    partner = PartnerFactory()
    assert " IN (" in sql_of(Partner.objects.filter(pk__in=[partner.pk, 0]))


def test_a_bulk_write_of_more_values_than_a_statements_parameters_goes_in_batches():
    rows = [ProductCategory(code=f"BULK-{n}", name=f"Category {n}") for n in range(40_000)]
    ProductCategory.objects.bulk_create(rows)
    for row in rows:
        row.name = row.name.upper()
    ProductCategory.objects.bulk_update(rows, ["name"])  # a CASE of two values a row
    assert ProductCategory.objects.filter(name__startswith="CATEGORY ").count() == 40_000
    assert ProductCategory.objects.filter(code__startswith="BULK-").delete()[0] == 40_000
