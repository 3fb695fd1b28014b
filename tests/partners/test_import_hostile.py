"""Hostile and malformed files (issue 22): each is refused with a clear file or row error and a recorded
failed import, in bounded memory and time, never with a server error."""

import io
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.imports import archive
from common.imports.checking import MAX_ERRORS
from common.imports.errors import RowError
from partners.imports import checking
from partners.imports.services import sales_import_run
from partners.models import SalesImport, SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, SalesImportFactory
from tests.partners.sales_files import SHEET_END, SHEET_START, csv_bytes, row, xlsx_bytes, xlsx_with_sheet

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>partner_code</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>date</t></is></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c>'
    b'<c r="D1" t="inlineStr"><is><t>category</t></is></c>'
    b'<c r="E1" t="inlineStr"><is><t>external_ref</t></is></c></row>'
)


@pytest.fixture
def partner():
    ProductCategoryFactory(code="GENERAL", name="General")
    return PartnerFactory(code="P00001")


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


def upload(client, data: bytes, name: str, content_type="text/csv", url="partners:sales-import"):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse(url), {"file": file}, follow=True)


def rejected_with(response, code: str) -> SalesImport:
    """The upload ended on its result page (no server error) with a recorded, rejected import."""
    assert response.status_code == 200
    record = SalesImport.objects.get()
    assert record.status == SalesImport.Status.REJECTED
    assert code in [error["code"] for error in record.errors]
    assert 'id="import-rejected"' in response.content.decode()
    assert not SalesRecord.objects.exists()
    return record


def bomb_chunks(megabytes: int):
    yield SHEET_START + HEADER_ROW
    chunk = b"<row/>" * (1024 * 1024 // 6)
    for _ in range(megabytes):
        yield chunk
    yield SHEET_END


def test_a_zip_bomb_is_refused_before_parsing_in_bounded_memory_and_time(manager_client, partner):
    # given a 200 MB sheet of empty rows packed into a few hundred kilobytes, as in the report
    bomb = xlsx_with_sheet(bomb_chunks(200))
    assert len(bomb) < 1024 * 1024

    # when it is uploaded (after one page, so that the figures are the import's, not the first request's)
    manager_client.get(reverse("partners:sales-import-detail", kwargs={"pk": SalesImportFactory(partner=partner).pk}))
    SalesImport.objects.all().delete()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = upload(manager_client, bomb, "sales.xlsx", XLSX)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # then it is refused from the archive's directory: a few megabytes, well under a request timeout
    record = rejected_with(response, "xlsx_ratio")
    print(f"bomb: {len(bomb)} bytes, peak {peak / 1024 / 1024:.1f} MiB, {seconds:.2f} s")
    assert peak < 16 * 1024 * 1024
    assert seconds < 3
    assert "far beyond any real spreadsheet" in response.content.decode()
    assert record.errors[0]["params"]["member"] == "xl/worksheets/sheet1.xml"


def test_a_workbook_unpacking_beyond_the_limit_is_refused(partner, monkeypatch):

    monkeypatch.setattr(archive, "MAX_TOTAL", 1024)
    result = sales_import_run(file=io.BytesIO(xlsx_bytes([row()])), file_name="sales.xlsx")
    assert [error["code"] for error in result.errors] == ["xlsx_too_large"]


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("prolog", "cell"),
    [(LAUGHS, b"&lol9;"), (EXTERNAL, b"&secret;")],
    ids=["billion laughs", "external entity"],
)
def test_xml_entities_give_a_file_error_and_a_recorded_failed_import(manager_client, partner, prolog, cell):
    sheet = (
        prolog,
        SHEET_START,
        HEADER_ROW,
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + cell + b"</t></is></c></row>",
        SHEET_END,
    )
    response = upload(manager_client, xlsx_with_sheet(sheet), "sales.xlsx", XLSX)
    rejected_with(response, "xlsx_dtd")
    assert "root:" not in response.content.decode()


def test_nul_bytes_after_the_first_64_kb_are_a_row_error(manager_client, partner):
    rows = [row(ref=f"R{n:05d}") for n in range(3000)]
    data = csv_bytes(rows) + b"P00001,2026-10-15,1.00,1,GENERAL,0,NUL\x00REF\n"
    assert b"\x00" not in data[: 64 * 1024]

    record = rejected_with(upload(manager_client, data, "sales.csv"), "row_nul")
    assert [(error["row"], error["code"]) for error in record.errors] == [(3002, "row_nul")]


def test_a_row_in_another_encoding_anywhere_in_the_file_is_a_row_error(manager_client, partner):
    rows = [row(ref=f"R{n:05d}") for n in range(3000)]
    tail = csv_bytes([row(ref="MIX-尾款")], header=None, encoding="gb18030")

    record = rejected_with(upload(manager_client, csv_bytes(rows) + tail, "sales.csv"), "row_encoding")
    assert [(error["row"], error["code"]) for error in record.errors] == [(3002, "row_encoding")]
    assert "not valid UTF-8 text" in messages_of(record)


def messages_of(record) -> str:
    return " ".join(RowError.from_dict(error).message for error in record.errors)


def test_rows_are_capped_and_blank_rows_count(partner, monkeypatch):

    monkeypatch.setattr(checking, "MAX_ROWS", 100)
    sheet = (SHEET_START, HEADER_ROW, b"<row/>" * 5000, SHEET_END)

    result = sales_import_run(file=io.BytesIO(xlsx_with_sheet(sheet)), file_name="sales.xlsx")

    assert [(error["code"], error["params"]) for error in result.errors] == [("too_many_rows", {"limit": 100})]


def test_reported_errors_are_capped_with_a_message_that_more_were_cut(manager_client, partner):
    data = csv_bytes([row(ref=f"R{n}", amount="-1") for n in range(MAX_ERRORS * 3)])

    record = rejected_with(upload(manager_client, data, "sales.csv"), "too_many_errors")

    assert len(record.errors) == MAX_ERRORS + 1 and record.errors[-1]["code"] == "too_many_errors"
    assert f"Checking stopped at row {MAX_ERRORS + 1} after {MAX_ERRORS} errors" in messages_of(record)
