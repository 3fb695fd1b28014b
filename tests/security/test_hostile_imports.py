"""Every tabular import of every app, fed the hostile files of issue 22: a zip bomb, an XLSX with a billion-laughs
DTD, a CSV that turns to NUL bytes after its first 64 KB and one whose last row is in another encoding. Each
gets a clear error on its page (never a server error) and nothing is written. A new import adds a row to
IMPORTS; `test_every_import_page_is_in_the_battery` fails until it does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from channelrules.models import InventoryReport, Product, Shipment
from deals.models import Lead
from evaluations.models import Target
from partners.models import SalesRecord
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, ProductCategoryFactory
from tests.partners.sales_files import HEADER as SALES_HEADER
from tests.partners.sales_files import SHEET_END, SHEET_START, xlsx_with_sheet
from tests.training.factories import EnrollmentFactory
from training.models import Enrollment

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Import:
    url_name: str
    header: tuple[str, ...]
    written: Callable[[], int]  # how many rows the import would have written (before: 0)
    setup: Callable[[object], dict]  # logs the client in; returns the URL kwargs and extra form fields
    kwargs: Callable[[dict], dict] = lambda world: {}


def _internal(factory):
    def setup(client):
        ProductCategoryFactory(code="GENERAL", name="General")
        client.force_login(factory())
        return {}

    return setup


def _portal(client):
    user = PartnerUserFactory(partner=PartnerFactory(code="P00001"))
    client.force_login(user)
    return {}


def _attendance(client):
    client.force_login(DirectorFactory())
    return {"session": EnrollmentFactory().session}


def _attended() -> int:
    return Enrollment.objects.exclude(status=Enrollment.Status.REGISTERED).count()


IMPORTS = {
    "partners:sales-import": Import(
        "partners:sales-import", tuple(SALES_HEADER), SalesRecord.objects.count, _internal(ManagerFactory)
    ),
    "partners_portal:sales-upload": Import(
        "partners_portal:sales-upload", tuple(SALES_HEADER), SalesRecord.objects.count, _portal
    ),
    "deals:lead-import": Import(
        "deals:lead-import", ("customer_name", "region_code"), Lead.objects.count, _internal(ManagerFactory)
    ),
    "channelrules:product-import": Import(
        "channelrules:product-import",
        ("code", "name", "category", "unit"),
        Product.objects.count,
        _internal(ManagerFactory),
    ),
    "channelrules:shipment-import": Import(
        "channelrules:shipment-import",
        ("partner_code", "product_code", "date", "quantity", "external_ref"),
        Shipment.objects.count,
        _internal(ManagerFactory),
    ),
    "channelrules_portal:inventory-upload": Import(
        "channelrules_portal:inventory-upload", ("product_code", "quantity"), InventoryReport.objects.count, _portal
    ),
    "training:attendance-import": Import(
        "training:attendance-import",
        ("email", "status"),
        _attended,
        _attendance,
        kwargs=lambda world: {"pk": world["session"].pk},
    ),
    "evaluations:target-import": Import(
        "evaluations:target-import",
        ("partner_code", "period", "amount"),
        Target.objects.count,
        _internal(ManagerFactory),
    ),
}
# Fields some forms ask for beside the file.
EXTRA = {"period": "2026-10", "method": "even"}

# A blank row of many cells: skipped by every import, but it fills the first 64 KB the encoding is sniffed on.
PADDING = (b"," * 1000 + b"\n") * 70


def _csv(header, last_row: bytes) -> bytes:
    data = ",".join(header).encode() + b"\n" + PADDING + last_row
    assert len(data) > 64 * 1024 and b"\x00" not in data[: 64 * 1024]
    return data


def _zip_bomb(header) -> bytes:
    chunk = b"<row/>" * (1024 * 1024 // 6)
    return xlsx_with_sheet((SHEET_START, *(chunk for _ in range(20)), SHEET_END))


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)


def _laughs(header) -> bytes:
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx_with_sheet((LAUGHS, SHEET_START, cell, SHEET_END))


FILES = {
    "zip bomb": ("import.xlsx", XLSX, _zip_bomb, "far beyond any real spreadsheet"),
    "billion laughs": ("import.xlsx", XLSX, _laughs, "XML entity or document type declarations"),
    "NUL after 64 KB": (
        "import.csv",
        "text/csv",
        lambda header: _csv(header, b"NUL\x00ROW," * (len(header) - 1) + b"x\n"),
        "holds NUL characters",
    ),
    "mixed encodings": (
        "import.csv",
        "text/csv",
        lambda header: _csv(header, ",".join(["MIX-尾款"] * len(header)).encode("gb18030") + b"\n"),
        "not valid UTF-8 text",
    ),
}


@pytest.mark.parametrize("hostile", FILES, ids=str)
@pytest.mark.parametrize("url_name", IMPORTS, ids=str)
def test_a_hostile_file_gets_a_clear_error_and_writes_nothing(client, url_name, hostile):
    spec = IMPORTS[url_name]
    world = spec.setup(client)
    name, content_type, build, message = FILES[hostile]
    upload = SimpleUploadedFile(name, build(spec.header), content_type=content_type)

    response = client.post(reverse(url_name, kwargs=spec.kwargs(world)), {"file": upload, **EXTRA}, follow=True)

    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert spec.written() == 0


def test_every_import_page_is_in_the_battery():
    """A URL whose name says it takes a file import or an upload of rows must be fed the hostile files."""
    names = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        for name in resolver.reverse_dict:
            if isinstance(name, str) and name.endswith(("-import", "-upload")):
                names.add(f"{namespace}:{name}")
    assert names == set(IMPORTS)


@pytest.mark.parametrize("url_name", IMPORTS, ids=str)
def test_a_file_over_every_import_limit_is_refused_before_it_is_read(client, url_name):
    # given a CSV larger than the largest import's limit (the sales import's 20 MB), of blank rows only
    spec = IMPORTS[url_name]
    world = spec.setup(client)
    data = ",".join(spec.header).encode() + b"\n" + b"," * (21 * 1024 * 1024) + b"\n"
    upload = SimpleUploadedFile("import.csv", data, content_type="text/csv")

    response = client.post(reverse(url_name, kwargs=spec.kwargs(world)), {"file": upload, **EXTRA}, follow=True)

    assert response.status_code in (200, 400)
    assert "The file is too large" in response.content.decode()
    assert spec.written() == 0
