"""The sales-import pages: internal upload, portal upload, results, templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partners.imports.forms import MAX_MB
from partners.models import SalesImport, SalesRecord
from tests.common.factories import FinanceFactory, ManagerFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, ProductCategoryFactory, SalesImportFactory
from tests.partners.sales_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    ProductCategoryFactory(code="GENERAL", name="General")
    return PartnerFactory(code="P00001", name="Partner A Trading")


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


def upload(client, url, data: bytes, name="sales.csv", content_type="text/csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type)}, follow=True)


def test_manager_uploads_a_file_with_a_bad_row_and_sees_the_row_then_fixes_it(manager_client, partner):
    url = reverse("partners:sales-import")
    response = upload(manager_client, url, csv_bytes([row(ref="A"), row(ref="B", date="2026-13-01")]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-rejected"' in page and "“2026-13-01” is not a date written as YYYY-MM-DD." in page
    assert '<td class="num">3</td>' in page
    assert SalesRecord.objects.count() == 0

    response = upload(manager_client, url, csv_bytes([row(ref="A"), row(ref="B")]))
    assert "Imported: 2 new, 0 updated, 0 unchanged." in response.content.decode()
    assert SalesRecord.objects.count() == 2


def test_xlsx_upload(manager_client, partner):
    response = upload(
        manager_client,
        reverse("partners:sales-import"),
        xlsx_bytes([row(ref="A")]),
        name="sales.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert "Imported: 1 new" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sales.pdf", b"%PDF-1.4 not sales", "Upload a file of one of these types: CSV, XLSX."),
        ("sales.xlsx", b"name,amount\nx,1\n", "Upload a file of one of these types: CSV, XLSX."),
        ("sales.csv", b"\x00\x01\x02\x03", "The file is not a CSV text file."),
        ("sales.csv", b"", "The submitted file is empty."),
    ],
    ids=["pdf", "csv renamed xlsx", "binary csv", "empty"],
)
def test_wrong_or_empty_files_are_refused_on_the_form(manager_client, partner, name, data, message):
    response = upload(manager_client, reverse("partners:sales-import"), data, name=name)
    assert message in response.content.decode()
    assert not SalesImport.objects.exists() and not SalesRecord.objects.exists()


def test_an_oversize_file_is_refused(manager_client, partner, monkeypatch):
    from partners.imports import forms

    monkeypatch.setattr(forms.SALES_FILE_VALIDATOR, "max_size", 1024)
    data = csv_bytes([row(ref=str(n)) for n in range(100)])
    response = upload(manager_client, reverse("partners:sales-import"), data)
    assert "The file is too large" in response.content.decode()
    assert not SalesRecord.objects.exists()
    assert MAX_MB == 20


def test_history_lists_imports_and_finance_may_read_a_result_but_not_upload(client, partner):
    record = SalesImportFactory(partner=partner, file_name="sept.csv")
    client.force_login(ManagerFactory())
    page = client.get(reverse("partners:sales-import")).content.decode()
    assert "sept.csv" in page and reverse("partners:sales-import-detail", kwargs={"pk": record.pk}) in page
    client.force_login(FinanceFactory())
    assert client.get(reverse("partners:sales-import-detail", kwargs={"pk": record.pk})).status_code == 200
    assert client.get(reverse("partners:sales-import")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_download_in_both_formats(manager_client, fmt):
    response = manager_client.get(reverse("partners:sales-import-template", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sales-template.{fmt}"'
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").startswith("partner_code,date,amount")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]][:3] == ["partner_code", "date", "amount"]


def test_unknown_template_format_is_404(manager_client):
    assert manager_client.get(reverse("partners:sales-import-template", kwargs={"fmt": "xls"})).status_code == 404


def test_links_from_the_nav_and_the_partner_list(manager_client):
    url = reverse("partners:sales-import")
    assert 'id="nav-sales-import"' in manager_client.get(reverse("partners:list")).content.decode()
    assert f'id="import-sales" href="{url}"' in manager_client.get(reverse("partners:list")).content.decode()


def test_portal_upload_stores_own_rows_with_source_portal(client, partner):
    client.force_login(PartnerUserFactory(partner=partner))
    response = upload(client, reverse("partners_portal:sales-upload"), csv_bytes([row(ref="A")]))
    assert "Imported: 1 new" in response.content.decode()
    record = SalesRecord.objects.get()
    assert record.partner == partner and record.source == SalesRecord.Source.PORTAL
    assert SalesImport.objects.get().partner == partner


def test_portal_upload_with_another_partners_code_is_rejected_and_changes_nothing(client, partner):
    PartnerFactory(code="P00002")
    client.force_login(PartnerUserFactory(partner=partner))

    response = upload(
        client, reverse("partners_portal:sales-upload"), csv_bytes([row(ref="A"), row(code="P00002", ref="B")])
    )

    page = response.content.decode()
    assert "This row is for partner “P00002”; you can only report the sales of P00001." in page
    assert not SalesRecord.objects.exists()


def test_portal_sees_only_its_own_uploads(client, partner):
    mine = SalesImportFactory(partner=partner, file_name="mine.csv")
    SalesImportFactory(file_name="theirs.csv")
    SalesImportFactory(partner=None, file_name="internal.csv", source=SalesRecord.Source.IMPORT)
    client.force_login(PartnerUserFactory(partner=partner))
    page = client.get(reverse("partners_portal:sales-upload")).content.decode()
    assert "mine.csv" in page and "theirs.csv" not in page and "internal.csv" not in page
    assert client.get(reverse("partners_portal:sales-import-detail", kwargs={"pk": mine.pk})).status_code == 200


def test_portal_template_is_prefilled_with_the_partners_code(client, partner):
    client.force_login(PartnerUserFactory(partner=partner))
    response = client.get(reverse("partners_portal:sales-template", kwargs={"fmt": "csv"}))
    assert response.content.decode("utf-8-sig").splitlines()[1].startswith("P00001,")


def test_portal_sales_page_links_to_the_upload(client, partner):
    client.force_login(PartnerUserFactory(partner=partner))
    assert reverse("partners_portal:sales-upload") in client.get(reverse("partners_portal:sales")).content.decode()


def test_admin_lists_imports_read_only(client, partner):
    from tests.common.factories import UserFactory

    SalesImportFactory(partner=partner, file_name="admin-view.csv")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:partners_salesimport_changelist") + "?q=admin-view")
    assert page.status_code == 200 and "admin-view.csv" in page.content.decode()
    assert client.get(reverse("admin:partners_salesimport_add")).status_code == 403
