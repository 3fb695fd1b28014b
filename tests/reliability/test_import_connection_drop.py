"""PostgreSQL connection dropped in the middle of a sales import (issue 10): the test terminates its own
backend with `pg_terminate_backend` after the first batch is written. Nothing of the file is kept, the
rows it would have changed keep their values, the import is not left "in progress", and importing again
(by hand, or the worker's retry of a queued import) writes the whole file once."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from common.outbox import services as outbox_services
from partners.imports import services
from partners.models import SalesImport, SalesRecord
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, SalesRecordFactory
from tests.partners.sales_files import csv_bytes, row
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KEPT = 10  # records that exist before the import, and that the file changes
NEW = 40


@pytest.fixture
def october():
    """Ten existing records at ¥1.00; a file that raises them to ¥5.00 and adds forty more."""
    require_postgres()
    category = ProductCategoryFactory(code="GENERAL")
    partner = PartnerFactory(code="P00001")
    for n in range(KEPT):
        SalesRecordFactory(partner=partner, category=category, external_ref=f"R{n:03d}", amount=D("1.00"))
    rows = [row(ref=f"R{n:03d}", amount="5.00") for n in range(KEPT + NEW)]
    return csv_bytes(rows)


@pytest.fixture
def drop_after_first_batch(monkeypatch):
    """Kill this test's own database backend once the import has written its first batch (10 rows)."""
    monkeypatch.setattr(services, "BATCH", 10)
    original = services._upsert
    seen = {"batches": 0, "written_before_drop": None}

    def upsert_then_drop(batch, **options):
        original(batch, **options)
        seen["batches"] += 1
        if seen["batches"] == 1:
            seen["written_before_drop"] = SalesRecord.objects.filter(amount=D("5.00")).count()
            _terminate(connection.connection.info.backend_pid)

    monkeypatch.setattr(services, "_upsert", upsert_then_drop)
    return seen


def _terminate(pid: int) -> None:
    """pg_terminate_backend from a second connection, then wait until the backend is gone."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        for _ in range(200):
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            other.execute("SELECT pg_sleep(0.01)")
        raise AssertionError(f"backend {pid} still alive")
    finally:
        other.close()


def _amounts() -> dict[str, D]:
    return dict(SalesRecord.objects.values_list("external_ref", "amount"))


def test_a_connection_dropped_mid_import_writes_nothing_and_the_same_file_imports_again(
    october, drop_after_first_batch
):
    before = _amounts()

    # when the database connection drops after the first batch was written (inside the transaction)
    with pytest.raises(DatabaseError):
        services.sales_import_run(file=SimpleUploadedFile("october.csv", october), file_name="october.csv")
    assert drop_after_first_batch["written_before_drop"] == 10  # the half-written state existed

    # then nothing of the file was kept and the records it would have changed are untouched
    assert _amounts() == before and len(before) == KEPT
    # and the import is not left "in progress" (which would refuse the same file for an hour)
    assert SalesImport.objects.get().status == SalesImport.Status.REJECTED

    # when the same file is imported again, with the database back
    record = services.sales_import_run(file=SimpleUploadedFile("october.csv", october), file_name="october.csv")

    # then the whole file is written once
    assert (record.status, record.rows_new, record.rows_updated) == (SalesImport.Status.IMPORTED, NEW, KEPT)
    assert SalesRecord.objects.count() == KEPT + NEW
    assert set(_amounts().values()) == {D("5.00")}


def test_a_queued_import_whose_connection_drops_is_retried_by_the_worker_and_imported_once(
    october, drop_after_first_batch, monkeypatch
):
    # given a large file queued for the worker (the test runs the worker's side itself)
    monkeypatch.setattr(outbox_services, "outbox_relay", lambda **kwargs: None)
    record = services.sales_import_queue(file=SimpleUploadedFile("big.csv", october), file_name="big.csv")
    before = _amounts()

    # when the worker's connection drops in the middle of the import (the task retries on DatabaseError)
    with pytest.raises(DatabaseError):
        services.sales_import_process(import_id=record.pk)

    # then nothing was written, and the import waits for the retry with its file kept
    assert _amounts() == before
    record.refresh_from_db()
    assert record.status == SalesImport.Status.QUEUED and record.upload

    # when the task is retried
    done = services.sales_import_process(import_id=record.pk)

    # then the file is imported once, and its upload removed
    assert (done.status, done.rows_new, done.rows_updated) == (SalesImport.Status.IMPORTED, NEW, KEPT)
    record.refresh_from_db()
    assert not record.upload
    assert SalesRecord.objects.count() == KEPT + NEW
    assert services.sales_import_process(import_id=record.pk) is None  # a third delivery does nothing
