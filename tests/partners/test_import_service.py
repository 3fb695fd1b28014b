"""The sales import against the database: all or nothing, idempotent, set-wise."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.imports.services import sales_import_run
from partners.models import SalesImport, SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, SalesRecordFactory
from tests.partners.sales_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    ProductCategoryFactory(code="GENERAL", name="General")
    ProductCategoryFactory(code="HW", name="硬件")
    return PartnerFactory(code="P00001")


def run(data: bytes, name="sales.csv", **kwargs):
    return sales_import_run(file=io.BytesIO(data), file_name=name, **kwargs)


def snapshot():
    return sorted(SalesRecord.objects.values_list("partner_id", "external_ref", "date", "amount", "quantity", "source"))


GOOD = [row(ref="A"), row(ref="B", amount="250.50", category="硬件", quantity="5", new_customers="1")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_good_file_is_imported_with_its_counts(partner, kind):
    data = csv_bytes(GOOD) if kind == "csv" else xlsx_bytes(GOOD)
    by = ManagerFactory()

    result = run(data, name=f"october.{kind}", by=by)

    assert result.status == SalesImport.Status.IMPORTED
    assert (result.rows_total, result.rows_new, result.rows_updated, result.rows_unchanged) == (2, 2, 0, 0)
    record = SalesRecord.objects.get(partner=partner, external_ref="B")
    assert (record.amount, record.quantity, record.new_customers, record.category.code) == (
        Decimal("250.50"),
        5,
        1,
        "HW",
    )
    assert record.source == SalesRecord.Source.IMPORT
    saved = SalesImport.objects.get()
    assert (saved.uploaded_by, saved.file_name, saved.partner, saved.error_count) == (by, f"october.{kind}", None, 0)


def test_importing_the_same_file_again_adds_nothing(partner):
    run(csv_bytes(GOOD))
    before = snapshot()

    again = run(csv_bytes(GOOD))

    assert snapshot() == before and SalesRecord.objects.count() == 2
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)


def test_a_changed_row_is_updated_in_place(partner):
    run(csv_bytes(GOOD))
    first_pk = SalesRecord.objects.get(external_ref="A").pk

    result = run(csv_bytes([row(ref="A", amount="999.99"), GOOD[1], row(ref="C")]))

    assert (result.rows_new, result.rows_updated, result.rows_unchanged) == (1, 1, 1)
    changed = SalesRecord.objects.get(external_ref="A")
    assert changed.pk == first_pk and changed.amount == Decimal("999.99")


BAD_ROWS = {
    "unknown partner": row(code="NOPE", ref="X"),
    "bad date": row(date="15/10/2026", ref="X"),
    "negative amount": row(amount="-1", ref="X"),
    "three decimals": row(amount="1.234", ref="X"),
    "not an amount": row(amount="abc", ref="X"),
    "unknown category": row(category="TOYS", ref="X"),
    "fractional quantity": row(quantity="1.5", ref="X"),
    "bad new customers": row(new_customers="many", ref="X"),
    "missing reference": row(ref=""),
    "duplicate reference": row(ref="A"),
}


@pytest.mark.parametrize("bad", list(BAD_ROWS.values()), ids=list(BAD_ROWS))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_bad_row_rejects_the_whole_file_and_changes_nothing(partner, bad, kind):
    SalesRecordFactory(partner=partner, external_ref="OLD", amount=Decimal("1.00"))
    before = snapshot()
    rows = [*GOOD, bad]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)

    result = run(data, name=f"f.{kind}")

    assert snapshot() == before
    assert result.status == SalesImport.Status.REJECTED and result.bad_rows == 1
    assert {error["row"] for error in result.errors} == {4}
    assert result.rows_new == 0


def test_every_bad_row_is_listed(partner):
    rows = [row(ref=str(n), amount="-1" if n % 3 == 0 else "1") for n in range(30)]
    result = run(csv_bytes(rows))
    assert [error["row"] for error in result.errors] == [n + 2 for n in range(30) if n % 3 == 0]
    assert SalesRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (csv_bytes([]), "no_rows"),
        (csv_bytes([row()], header=["partner_code", "amount", "date"]), "missing_columns"),
    ],
    ids=["empty file", "header only", "missing columns"],
)
def test_file_problems_change_nothing(partner, data, code):
    before = snapshot()
    result = run(data)
    assert snapshot() == before
    assert result.status == SalesImport.Status.REJECTED
    assert [error["code"] for error in result.errors] == [code]


def test_portal_upload_with_another_partners_code_is_rejected_entirely(partner):
    other = PartnerFactory(code="P00002")
    SalesRecordFactory(partner=other, external_ref="THEIRS")
    before = snapshot()

    result = run(csv_bytes([row(ref="MINE"), row(code="P00002", ref="THEIRS", amount="0.01")]), partner=partner)

    assert snapshot() == before
    assert [(error["row"], error["code"]) for error in result.errors] == [(3, "other_partner")]
    assert result.partner == partner


def test_portal_rows_are_stored_with_source_portal(partner):
    result = run(csv_bytes(GOOD), partner=partner)
    assert result.status == SalesImport.Status.IMPORTED
    assert set(SalesRecord.objects.values_list("source", flat=True)) == {SalesRecord.Source.PORTAL}


def test_dry_run_checks_and_writes_nothing(partner):
    result = run(csv_bytes(GOOD), dry_run=True)
    assert result.status == SalesImport.Status.IMPORTED and result.rows_total == 2 and result.pk is None
    assert not SalesRecord.objects.exists() and not SalesImport.objects.exists()


def test_queries_grow_with_batches_not_rows(partner, monkeypatch):
    from common.imports import checking
    from partners.imports import services

    monkeypatch.setattr(services, "BATCH", 50)
    monkeypatch.setattr(checking, "CHUNK", 50)

    def queries(count, start):
        rows = [row(ref=f"{start}-{n}") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            result = run(csv_bytes(rows))
        assert result.rows_new == count
        return len(captured)

    assert queries(100, "a") < 30
    # 4x the rows, 4x the batches: a few queries per batch of 50, never one per row.
    assert queries(400, "b") - queries(100, "c") <= 3 * 6 * 4


def test_a_gb18030_file_with_a_bad_row_is_rejected_and_writes_nothing(partner):
    chinese_header = ["伙伴编码", "日期", "金额", "数量", "产品类别", "新客户数", "外部单号"]
    rows = [row(ref="甲-1", category="硬件"), row(ref="甲-2", category="硬件", amount="-5")]

    result = run(csv_bytes(rows, header=chinese_header, encoding="gb18030"))

    assert result.status == SalesImport.Status.REJECTED
    assert [(error["row"], error["code"]) for error in result.errors] == [(3, "negative_amount")]
    assert not SalesRecord.objects.exists()
    assert run(csv_bytes(rows[:1], header=chinese_header, encoding="gb18030")).rows_new == 1
    assert SalesRecord.objects.get().external_ref == "甲-1"


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2026-10-31 23:30", "2026-10-31"),
        ("2026-10-31T23:30:15", "2026-10-31"),
        ("2026-10-31T16:30:00Z", "2026-11-01"),  # 00:30 on 1 November in Shanghai
        (dt.datetime(2026, 10, 31, 23, 30), "2026-10-31"),
    ],
    ids=["csv text with a time", "iso text with seconds", "utc text", "xlsx date cell with a time"],
)
def test_sales_dates_with_a_time_take_the_day_in_the_installations_time_zone(partner, settings, cell, day):
    settings.TIME_ZONE = "Asia/Shanghai"
    data = xlsx_bytes([row(date=cell)]) if isinstance(cell, dt.datetime) else csv_bytes([row(date=cell)])

    result = run(data, name="sales.xlsx" if isinstance(cell, dt.datetime) else "sales.csv")

    assert result.status == SalesImport.Status.IMPORTED, result.errors
    assert SalesRecord.objects.get().date.isoformat() == day
