"""The monthly sales summaries (SalesMonth, SalesProductMonth) equal a GROUP BY over the sales lines after every
path that writes them, and a write that fails leaves them as they were."""

import datetime as dt
import importlib
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from common.money import ZERO
from partners import services
from partners.imports.services import sales_import_run, sales_records_push
from partners.models import SalesImport, SalesMonth, SalesProductMonth, SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import HEADER, RETURNS_HEADER, csv_bytes, row
from tests.partners.sales_summary import from_lines, products_from_lines, products_summary, summary

pytestmark = pytest.mark.django_db
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def run(rows, header=HEADER, **kwargs):
    return sales_import_run(file=io.BytesIO(csv_bytes(rows, header=header)), file_name="sales.csv", **kwargs)


@pytest.fixture
def partners():
    ProductCategoryFactory(code="GENERAL", name="General")
    return PartnerFactory(code="P00001"), PartnerFactory(code="P00002")


def test_an_import_fills_the_summary_and_a_corrected_file_moves_lines_between_months(partners):
    a, b = partners
    first = [
        row(ref="A1", date="2026-10-03", amount="100.00", quantity="2", new_customers="1"),
        row(ref="A2", date="2026-10-20", amount="50.50"),
        row(code="P00002", ref="B1", date="2026-11-02", amount="70.00"),
    ]
    assert run(first).status == SalesImport.Status.IMPORTED
    assert summary() == from_lines()
    assert summary()[(a.pk, OCT)] == (D("150.50"), ZERO, 4, 1, 2, 0)

    # A1 moves to November, A2 changes its amount, B1 moves to P00001's October... no: to December.
    corrected = [
        row(ref="A1", date="2026-11-03", amount="100.00", quantity="2", new_customers="1"),
        row(ref="A2", date="2026-10-20", amount="60.00"),
        row(code="P00002", ref="B1", date="2026-12-02", amount="70.00"),
    ]
    assert run(corrected).rows_updated == 3

    assert summary() == from_lines()
    assert summary()[(a.pk, OCT)][0] == D("60.00")
    assert (b.pk, NOV) not in summary()  # the month no line is left in has no row


def test_returns_net_in_the_summary_and_are_counted_apart(partners):
    a, _b = partners
    run([row(ref="INV-1", amount="300.00")])

    run([[*row(ref="RET-1", date="2026-11-05", amount="-120.00", quantity="-1"), "return", "INV-1"]], RETURNS_HEADER)

    assert summary() == from_lines()
    assert summary()[(a.pk, NOV)] == (D("-120.00"), D("-120.00"), -1, 0, 1, 0)


def test_the_units_of_each_product_follow_imports_returns_corrections_and_deletes(partners):
    a, b = partners
    run(
        [
            row(ref="A1", quantity="5", product="HW-1"),
            row(ref="A2", date="2026-10-20", quantity="3", product="HW-1"),
            row(ref="A3", quantity="2", product="SW-9"),
            row(ref="A4", quantity="7"),  # names no product: in the monthly summary only
            row(code="P00002", ref="B1", date="2026-11-02", quantity="4", product="HW-1"),
        ]
    )
    assert (
        products_summary()
        == products_from_lines()
        == {
            (a.pk, OCT, "HW-1"): 8,
            (a.pk, OCT, "SW-9"): 2,
            (b.pk, NOV, "HW-1"): 4,
        }
    )

    # A return of every unit of SW-9 leaves the pair with 0 units: it was sold in the month all the same.
    run([[*row(ref="RET-1", amount="-100.00", quantity="-2", product="SW-9"), "return", "A3"]], RETURNS_HEADER)
    assert products_summary()[(a.pk, OCT, "SW-9")] == 0

    # A line given another product by hand moves its units; the product no line names any more goes.
    line = SalesRecord.objects.get(external_ref="B1")
    line.product_code = "ACC-2"
    services.sales_record_save(record=line)
    assert (b.pk, NOV, "HW-1") not in products_summary()
    assert products_summary()[(b.pk, NOV, "ACC-2")] == 4

    services.sales_records_delete(records=SalesRecord.objects.filter(external_ref__in=["A1", "A3", "RET-1"]))
    assert products_summary() == products_from_lines()
    assert products_summary()[(a.pk, OCT, "HW-1")] == 3 and (a.pk, OCT, "SW-9") not in products_summary()


def test_sales_pushed_through_the_api_are_summed(partners):
    a, _b = partners
    items = [
        {"partner_code": "P00001", "date": "2026-10-08", "amount": "10.00", "quantity": 1, "category": "GENERAL"}
        | {"new_customers": 0, "external_ref": f"API-{n}"}
        for n in range(3)
    ]

    assert sales_records_push(items=items, by=ManagerFactory(), partner=None, label="ERP").status == "imported"

    assert summary() == from_lines() == {(a.pk, OCT): (D("30.00"), ZERO, 3, 0, 3, 0)}


def test_corrections_and_deletes_by_hand_keep_the_summary(partners):
    a, b = partners
    run([row(ref="A1", amount="100.00"), row(ref="A2", amount="20.00"), row(code="P00002", ref="B1")])
    line = SalesRecord.objects.get(external_ref="A1")

    line.date, line.partner = dt.date(2026, 11, 9), b
    services.sales_record_save(record=line)
    assert summary() == from_lines()
    assert summary()[(a.pk, OCT)][0] == D("20.00")

    services.sales_records_delete(records=SalesRecord.objects.filter(external_ref__in=["A2", "A1"]))
    assert summary() == from_lines()
    assert (a.pk, OCT) not in summary() and (b.pk, NOV) not in summary()


def test_a_rejected_file_and_a_rolled_back_import_leave_the_summary_as_it_was(partners):
    run([row(ref="A1", amount="100.00")])
    before = summary()

    rejected = run([row(ref="A1", amount="999.00"), row(ref="A2", amount="not money")])
    assert rejected.status == SalesImport.Status.REJECTED
    assert summary() == before

    # The summary is written in the import's transaction: whatever undoes the lines undoes it too.
    with pytest.raises(RuntimeError), transaction.atomic():
        assert run([row(ref="A1", amount="999.00"), row(ref="A3", date="2026-11-01")]).rows_updated == 1
        assert summary() == from_lines() != before
        raise RuntimeError("the surrounding work failed")
    assert summary() == before == from_lines()


def test_an_unchanged_import_rewrites_no_summary_row(partners):
    lines = [row(ref="A1", product="HW-1"), row(code="P00002", ref="B1", date="2026-11-02", product="SW-9")]
    run(lines)
    if connection.vendor != "postgresql":
        pytest.skip("row versions are PostgreSQL's")
    versions = (
        "SELECT 'month', id, xmin::text FROM partners_salesmonth"
        " UNION ALL SELECT 'product', id, xmin::text FROM partners_salesproductmonth ORDER BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(versions)
        before = cursor.fetchall()
    assert len(before) == 4

    assert run(lines).rows_unchanged == 2

    with connection.cursor() as cursor:
        cursor.execute(versions)
        assert cursor.fetchall() == before


def test_the_rebuild_command_and_the_data_migration_recompute_it_from_the_lines(partners):
    run(
        [
            row(ref="A1", amount="100.00", product="HW-1"),
            row(code="P00002", ref="B1", date="2026-11-02", product="HW-1"),
        ]
    )
    SalesMonth.objects.update(amount=D("1"))
    SalesMonth.objects.filter(month=NOV).delete()

    SalesProductMonth.objects.update(quantity=99)
    SalesProductMonth.objects.filter(month=NOV).delete()

    output = io.StringIO()
    call_command("rebuild_sales_months", stdout=output)
    assert summary() == from_lines() and products_summary() == products_from_lines()
    assert output.getvalue() == "2 partner months and 2 partner product months rebuilt.\n"

    SalesMonth.objects.all().delete()
    SalesProductMonth.objects.all().delete()
    from django.apps import apps

    with connection.schema_editor() as editor:
        for name in ("0013_sales_month_priced", "0015_sales_product_month"):
            importlib.import_module(f"partners.migrations.{name}").fill(apps, editor)
    assert summary() == from_lines() and products_summary() == products_from_lines()
