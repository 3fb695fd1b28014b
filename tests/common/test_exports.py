"""One export helper serves CSV and XLSX (issue 18): every list with a CSV export offers XLSX next to it."""

import io

from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from common.exports import table_response
from tests.common.factories import DirectorFactory, TrainerFactory
from tests.partners.factories import PartnerFactory
from tests.training.factories import SessionFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_helper_answers_csv_by_default_and_xlsx_when_asked():
    rows = [["=cmd", 1]]
    csv = table_response(RequestFactory().get("/"), "list", ["Name", "N"], rows)
    xlsx = table_response(RequestFactory().get("/?format=xlsx"), "list", ["Name", "N"], rows)

    assert 'filename="list.csv"' in csv["Content-Disposition"]
    assert "'=cmd" in b"".join(csv.streaming_content).decode()
    assert xlsx["Content-Type"] == XLSX and 'filename="list.xlsx"' in xlsx["Content-Disposition"]
    assert sheet_rows(xlsx) == [("Name", "N"), ("'=cmd", 1)]


def test_the_partner_list_exports_as_xlsx_with_its_filters(client, db):
    PartnerFactory(name="东方贸易")
    PartnerFactory(name="西部电子")
    client.force_login(DirectorFactory())

    page = client.get(reverse("partners:list")).content.decode()
    response = client.get(reverse("partners:export") + "?q=东方&format=xlsx")

    assert 'id="export-xlsx"' in page
    assert response["Content-Type"] == XLSX
    names = sheet_rows(response)[1:]
    assert len(names) == 1 and "东方贸易" in names[0]


def test_the_session_roster_exports_as_xlsx(client, db):
    session = SessionFactory()
    client.force_login(TrainerFactory())

    response = client.get(reverse("training:roster", args=[session.pk]) + "?format=xlsx")

    assert response["Content-Type"] == XLSX
    assert "?format=xlsx" in client.get(reverse("training:session-detail", args=[session.pk])).content.decode()
