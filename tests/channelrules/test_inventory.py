"""Inventory reports: the portal form and the file import (row errors, all or nothing, late flag), the
sell-in/sell-through table, and the missing-report reminders (once)."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channelrules.imports import ImportFailed
from channelrules.models import InventoryReport, StockThreshold
from channelrules.selectors import StockKeys, stock_alerts, stock_rows
from channelrules.services import inventory_import, inventory_reminders_send, inventory_report_submit, shipments_import
from common.periods import Period
from tests.channelrules.factories import InventoryLineFactory, InventoryReportFactory, ProductFactory, ShipmentFactory
from tests.common.factories import DirectorFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory, SalesRecordFactory
from tests.partners.sales_files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)
ON_TIME = dt.datetime(2026, 11, 4, 12, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 11, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def products():
    return ProductFactory(code="HW-100"), ProductFactory(code="HW-200")


def _import(partner, data: bytes, name="stock.csv"):
    return inventory_import(partner=partner, period=OCT, file=io.BytesIO(data), file_name=name, by=None)


def _codes(raised):
    return [(error.row, error.code) for error in raised.value.errors]


def test_a_file_is_imported_whole(products):
    partner = PartnerFactory()
    report = _import(partner, xlsx_bytes([["HW-100", 12], ["HW-200", 0]], header=["产品编码", "库存数量"]), "s.xlsx")
    assert {line.product.code: line.quantity for line in report.lines.all()} == {"HW-100": 12, "HW-200": 0}


def test_every_bad_row_is_listed_and_nothing_is_written(products):
    partner = PartnerFactory()
    data = csv_bytes(
        [["HW-100", "5"], ["NOPE", "3"], ["HW-200", "-1"], ["HW-200", "2.5"], ["HW-100", "1"], ["", ""]],
        header=["product_code", "quantity"],
    )
    with pytest.raises(ImportFailed) as raised:
        _import(partner, data)
    assert _codes(raised) == [
        (3, "unknown_product"),
        (4, "bad_quantity"),
        (5, "bad_quantity"),
        (6, "same_product"),
    ]
    assert not InventoryReport.objects.exists()


def test_a_file_without_the_columns_is_refused(products):
    with pytest.raises(ImportFailed) as raised:
        _import(PartnerFactory(), csv_bytes([["HW-100"]], header=["product"]))
    assert _codes(raised) == [(None, "missing_columns")]


def test_a_rejected_resubmission_keeps_the_first_report(products):
    partner = PartnerFactory()
    _import(partner, csv_bytes([["HW-100", "5"]], header=["product_code", "quantity"]))
    with pytest.raises(ImportFailed):
        _import(partner, csv_bytes([["HW-100", "x"]], header=["product_code", "quantity"]))
    assert [line.quantity for line in InventoryReport.objects.get().lines.all()] == [5]


def test_a_report_after_the_fifth_is_late_and_a_second_one_replaces_the_first(products):
    partner = PartnerFactory()
    hw100, hw200 = products
    first = inventory_report_submit(partner=partner, period=OCT, quantities={hw100.pk: 3}, by=None, now=ON_TIME)
    assert not first.late
    second = inventory_report_submit(partner=partner, period=OCT, quantities={hw200.pk: 4}, by=None, now=LATE)
    assert second.pk == first.pk and second.late
    assert {line.product_id: line.quantity for line in second.lines.all()} == {hw200.pk: 4}


def test_a_future_month_or_an_empty_report_is_refused(products):
    partner = PartnerFactory()
    with pytest.raises(ValidationError):
        inventory_report_submit(
            partner=partner, period=Period.month(2026, 12), quantities={products[0].pk: 1}, by=None, now=ON_TIME
        )
    with pytest.raises(ValidationError):
        inventory_report_submit(partner=partner, period=OCT, quantities={}, by=None, now=ON_TIME)


def test_the_portal_form_records_the_partner_s_own_report(client, products):
    user = PartnerUserFactory()
    client.force_login(user)
    hw100, _hw200 = products
    response = client.post(reverse("channelrules_portal:inventory"), {"period": "2026-10", f"product_{hw100.pk}": "8"})
    report = InventoryReport.objects.get()
    assert response.status_code == 302 and report.partner == user.partner_membership.partner
    assert [line.quantity for line in report.lines.all()] == [8]


def test_the_portal_upload_shows_row_errors(client, products):
    client.force_login(PartnerUserFactory())
    upload = io.BytesIO(csv_bytes([["NOPE", "1"]], header=["product_code", "quantity"]))
    upload.name = "stock.csv"
    response = client.post(reverse("channelrules_portal:inventory-upload"), {"period": "2026-10", "file": upload})
    assert response.status_code == 400
    assert "No product has the code “NOPE”." in response.content.decode()
    assert not InventoryReport.objects.exists()


def test_sell_in_against_sell_through_and_weeks_of_stock(products):
    hw100, _ = products
    partner = PartnerFactory()
    InventoryLineFactory(
        report=InventoryReportFactory(partner=partner, period=dt.date(2026, 9, 1)), product=hw100, quantity=30
    )
    InventoryLineFactory(
        report=InventoryReportFactory(partner=partner, period=OCT.first_day), product=hw100, quantity=23
    )
    ShipmentFactory(partner=partner, product=hw100, quantity=40)
    for month, quantity in ((8, 20), (9, 26), (10, 46)):
        SalesRecordFactory(partner=partner, date=dt.date(2026, month, 10), quantity=quantity, product_code="HW-100")
    StockThreshold.objects.create(min_weeks=D("4"), max_weeks=D("8"))

    (row,) = stock_rows(period=OCT)

    assert (row.opening, row.sell_in, row.sell_through, row.closing) == (30, 40, 46, 23)
    assert row.weeks == D("3.3")  # 92 sold over Aug-Oct (92 days): 7 a week
    assert row.alert == "low"


def test_the_stock_table_reads_a_fixed_number_of_queries(products, django_assert_max_num_queries):
    hw100, hw200 = products
    for _ in range(5):
        partner = PartnerFactory()
        report = InventoryReportFactory(partner=partner, period=OCT.first_day)
        InventoryLineFactory(report=report, product=hw100)
        InventoryLineFactory(report=report, product=hw200)
        ShipmentFactory(partner=partner, product=hw100)
    with django_assert_max_num_queries(8):
        assert len(stock_rows(period=OCT)) == 10


def test_the_stock_page_lists_the_tables_rows_in_order_a_page_at_a_time(client, products, monkeypatch):
    hw100, hw200 = products
    hw300 = ProductFactory(code="HW-300")
    StockThreshold.objects.create(min_weeks=D("4"), max_weeks=D("8"))
    for n in range(14):
        partner = PartnerFactory(code=f"P-{n:02}")
        report = InventoryReportFactory(partner=partner, period=OCT.first_day)
        InventoryLineFactory(report=report, product=hw100, quantity=n)  # 0: stock-out, then low or within range
        ShipmentFactory(partner=partner, product=hw200, quantity=5)  # sell-in only
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), quantity=2, product_code="HW-300")
    SalesRecordFactory(partner=PartnerFactory(code="P-99"), date=dt.date(2026, 10, 9), product_code="NOT-OURS")
    client.force_login(DirectorFactory())
    url = reverse("channelrules:inventory") + "?period=2026-10"

    def shown(query=""):
        rows, number, pages = [], 0, 1
        while number < pages:
            number += 1
            context = client.get(f"{url}{query}&page={number}").context
            rows += [(r.partner.code, r.product.code, r.closing, r.alert) for r in context["rows"]]
            pages = context["page_obj"].paginator.num_pages
        return rows

    every = [(r.partner.code, r.product.code, r.closing, r.alert) for r in stock_rows(period=OCT)]
    assert len(every) == 42 and every == sorted(every, key=lambda row: row[:2])
    assert {row[1] for row in every} == {hw100.code, hw200.code, hw300.code}
    assert shown() == every  # 25 a page, in the table's order
    for alert in ("stock_out", "low", "ok"):
        assert shown(f"&alert={alert}") == [row for row in every if row[3] == alert]
    assert shown("&alert=stock_out") == [("P-00", "HW-100", 0, "stock_out")]

    # The first rows come with the count; a page past them is read on its own, in the same order.
    monkeypatch.setattr(StockKeys, "FIRST", 10)
    assert shown() == every


def test_the_stock_page_and_the_cycle_s_alerts_read_the_monthly_summary_not_the_sales_lines(client, products):
    hw100, _ = products
    partner = PartnerFactory()
    InventoryLineFactory(report=InventoryReportFactory(partner=partner, period=OCT.first_day), product=hw100)
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 9), quantity=2, product_code="HW-100")
    client.force_login(DirectorFactory())

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("channelrules:inventory") + "?period=2026-10").status_code == 200
        assert stock_alerts(period=OCT) == {partner.pk: ["overstock"]}

    assert [row.sell_through for row in stock_rows(period=OCT)] == [2]
    assert not [query for query in queries.captured_queries if "partners_salesrecord" in query["sql"]]


def test_the_reports_page_lists_every_active_partner_with_its_report_a_page_at_a_time(client):
    partners = [PartnerFactory(code=f"P-{n:02}", name=f"Partner {n:02}") for n in range(27)]
    InventoryReportFactory(partner=partners[0], period=OCT.first_day)
    InventoryReportFactory(partner=partners[1], period=OCT.first_day, late=True)
    client.force_login(DirectorFactory())
    url = reverse("channelrules:inventory-reports") + "?period=2026-10"

    first = client.get(url)
    assert first.context["page_obj"].paginator.count == 27
    assert [s.partner.code for s in first.context["statuses"]] == [f"P-{n:02}" for n in range(25)]
    assert [(s.report is not None, s.report and s.report.late) for s in first.context["statuses"][:3]] == [
        (True, False),
        (True, True),
        (False, None),
    ]
    html = first.content.decode()
    assert "On time" in html and "Late" in html and "Missing" in html
    assert [s.partner.code for s in client.get(url + "&page=2").context["statuses"]] == ["P-25", "P-26"]

    # The count is kept until the partners change: a new partner shows at once.
    PartnerFactory(code="P-27")
    assert client.get(url + "&page=2").context["page_obj"].paginator.count == 28


def test_shipments_are_imported_and_reimported_without_duplicates(products):
    partner = PartnerFactory(code="P77")
    data = csv_bytes(
        [["P77", "HW-100", "2026-10-03", "12", "SO-1"], ["P77", "HW-200", "2026-10-04", "4", "SO-2"]],
        header=["partner_code", "product_code", "date", "quantity", "external_ref"],
    )
    assert shipments_import(file=io.BytesIO(data), file_name="s.csv") == {"new": 2, "updated": 0}
    assert shipments_import(file=io.BytesIO(data), file_name="s.csv") == {"new": 0, "updated": 2}
    bad = csv_bytes(
        [["P99", "HW-100", "2026-10-03", "1", "SO-3"], ["P77", "HW-100", "03/10/2026", "1", "SO-4"]],
        header=["partner_code", "product_code", "date", "quantity", "external_ref"],
    )
    with pytest.raises(ImportFailed) as raised:
        shipments_import(file=io.BytesIO(bad), file_name="s.csv")
    assert _codes(raised) == [(2, "unknown_partner"), (3, "bad_date")]
    assert partner.pk  # the partner's shipments are still the two first ones


def test_reminders_go_once_to_partners_whose_report_is_missing(products):
    missing = PartnerFactory()
    ContactFactory(partner=missing, is_primary=True, email="boss@missing.example.com")
    reported = PartnerFactory()
    ContactFactory(partner=reported, is_primary=True, email="boss@reported.example.com")
    InventoryReportFactory(partner=reported, period=OCT.first_day)

    assert inventory_reminders_send(today=dt.date(2026, 11, 2)) == 0  # before the 3rd
    assert inventory_reminders_send(today=dt.date(2026, 11, 3)) == 1
    assert inventory_reminders_send(today=dt.date(2026, 11, 3)) == 0
    assert [message.to for message in mail.outbox] == [["boss@missing.example.com"]]
    assert "2026年10月" in mail.outbox[0].subject


def test_the_portal_template_filled_in_is_accepted(client, products):
    from openpyxl import load_workbook

    user = PartnerUserFactory()
    client.force_login(user)
    workbook = load_workbook(io.BytesIO(client.get(reverse("channelrules_portal:inventory-template")).content))
    sheet = workbook.active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HW-100", "HW-200"]
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[1].value = number * 10
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _import(user.partner_membership.partner, buffer.getvalue(), "filled.xlsx")
    assert sorted(line.quantity for line in report.lines.all()) == [10, 20]


def test_the_violation_command_reports_what_it_found(capsys):
    from django.core.management import call_command

    call_command("detect_violations", "2026-10")
    assert "2026-10: 0 new findings, 0 withdrawn." in capsys.readouterr().out
