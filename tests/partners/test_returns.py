"""Returns and credit notes (退货 / 红冲) through the sales import: negative lines marked as returns,
linked to the original sale where it is known, netting in the month they are booked."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from common.periods import Period
from partners.imports.rows import RETURN, SALE, parse_row
from partners.imports.services import sales_import_run
from partners.models import Partner, SalesImport, SalesRecord
from partners.selectors import monthly_sales
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import HEADER, RETURNS_HEADER, csv_bytes, row, xlsx_bytes

CATEGORIES = {"general"}


def line(kind="", original="", **kwargs):
    if kind and kind != "sale":
        kwargs.setdefault("quantity", "-1")
    return [*row(**kwargs), kind, original]


def parse(**changes):
    values = dict(zip(RETURNS_HEADER, line(), strict=True)) | changes
    return parse_row(4, values, categories=CATEGORIES)


@pytest.mark.parametrize("word", ["return", "RETURN", "退货", "红冲", "credit note"])
def test_a_negative_line_marked_as_a_return_is_accepted(word):
    parsed, errors = parse(kind=word, amount="-1200.50", quantity="-3", original_ref="INV-1")
    assert errors == []
    assert (parsed.kind, parsed.amount, parsed.quantity, parsed.original_ref) == (
        RETURN,
        Decimal("-1200.50"),
        -3,
        "INV-1",
    )


@pytest.mark.parametrize("word", ["", "sale", "销售"])
def test_a_line_without_a_kind_or_marked_as_a_sale_is_a_sale(word):
    parsed, errors = parse(kind=word)
    assert errors == [] and parsed.kind == SALE


@pytest.mark.parametrize(
    ("changes", "code", "column"),
    [
        ({"amount": "-5.00"}, "negative_amount", "amount"),  # a negative sale: mark it as a return
        ({"kind": "return", "amount": "5.00", "quantity": "0"}, "positive_return", "amount"),
        ({"kind": "return", "amount": "-5.00", "quantity": "2"}, "positive_return_quantity", "quantity"),
        ({"kind": "refund?"}, "bad_kind", "kind"),
        ({"original_ref": "INV-1"}, "original_on_sale", "original_ref"),
        (
            {"kind": "return", "amount": "-5.00", "quantity": "0", "original_ref": "R1"},
            "original_is_self",
            "original_ref",
        ),
    ],
)
def test_what_a_return_row_may_not_say(changes, code, column):
    parsed, errors = parse(**changes)
    assert parsed is None
    assert [(e.code, e.column) for e in errors] == [(code, column)]


@pytest.fixture
def partner(db):
    ProductCategoryFactory(code="GENERAL", name="General")
    return PartnerFactory(code="P00001")


def run(data: bytes, name="sales.csv"):
    return sales_import_run(file=io.BytesIO(data), file_name=name)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_return_in_the_same_file_as_its_sale_is_linked_to_it(partner, kind):
    rows = [
        line(ref="INV-9", date="2026-09-12", amount="10000.00"),
        line(ref="RET-1", date="2026-11-03", amount="-4000.00", quantity="-1", kind="退货", original="INV-9"),
    ]
    data = csv_bytes(rows, header=RETURNS_HEADER) if kind == "csv" else xlsx_bytes(rows, header=RETURNS_HEADER)

    assert run(data, name=f"f.{kind}").status == SalesImport.Status.IMPORTED

    sale = SalesRecord.objects.get(external_ref="INV-9")
    ret = SalesRecord.objects.get(external_ref="RET-1")
    assert (ret.kind, ret.amount, ret.original, ret.original_ref) == ("return", Decimal("-4000.00"), sale, "INV-9")
    assert list(sale.returns.all()) == [ret]


def test_a_return_whose_sale_is_not_known_yet_is_linked_when_the_sale_arrives(partner):
    run(csv_bytes([line(ref="RET-1", amount="-50.00", kind="return", original="INV-LATE")], header=RETURNS_HEADER))
    assert SalesRecord.objects.get(external_ref="RET-1").original is None

    run(csv_bytes([row(ref="INV-LATE")], header=HEADER), name="old-format.csv")  # a file without the new columns

    assert SalesRecord.objects.get(external_ref="RET-1").original.external_ref == "INV-LATE"


def test_a_file_with_a_bad_return_writes_nothing(partner):
    rows = [line(ref="A"), line(ref="RET-1", amount="300.00", kind="return")]
    result = run(csv_bytes(rows, header=RETURNS_HEADER))
    assert result.status == SalesImport.Status.REJECTED
    assert [(e["row"], e["code"]) for e in result.errors] == [(3, "positive_return")]
    assert not SalesRecord.objects.exists()


def test_importing_a_return_twice_adds_nothing_and_a_corrected_return_is_updated(partner):
    data = csv_bytes([line(ref="RET-1", amount="-50.00", kind="return")], header=RETURNS_HEADER)
    run(data)
    assert run(data).rows_unchanged == 1
    result = run(csv_bytes([line(ref="RET-1", amount="-70.00", kind="return")], header=RETURNS_HEADER))
    assert result.rows_updated == 1
    assert SalesRecord.objects.get().amount == Decimal("-70.00")


def test_returns_net_in_the_month_they_are_booked(partner):
    rows = [
        line(ref="INV-9", date="2026-09-12", amount="10000.00"),
        line(ref="INV-10", date="2026-11-02", amount="3000.00"),
        line(ref="RET-1", date="2026-11-03", amount="-4000.00", quantity="-1", kind="return", original="INV-9"),
    ]
    run(csv_bytes(rows, header=RETURNS_HEADER))
    sales = monthly_sales(partners_qs=Partner.objects.all(), months=[Period.month(2026, 9), Period.month(2026, 11)])
    assert sales[partner.pk][Period.month(2026, 9)].amount == Decimal("10000.00")
    assert sales[partner.pk][Period.month(2026, 11)].amount == Decimal("-1000.00")
    assert SalesRecord.objects.get(external_ref="RET-1").date == dt.date(2026, 11, 3)


def test_the_portal_upload_accepts_a_return_of_its_own_partner(partner):
    rows = [line(ref="RET-1", amount="-10.00", kind="红冲")]
    result = sales_import_run(
        file=io.BytesIO(csv_bytes(rows, header=RETURNS_HEADER)), file_name="p.csv", partner=partner
    )
    assert result.status == SalesImport.Status.IMPORTED
    assert SalesRecord.objects.get().source == SalesRecord.Source.PORTAL


def test_the_partner_sees_its_returns_in_the_months_sales(client, partner):
    from django.urls import reverse

    from tests.partners.factories import PartnerUserFactory

    rows = [
        line(ref="INV-10", date="2026-11-02", amount="3000.00"),
        line(ref="RET-1", date="2026-11-03", amount="-400.00", kind="return"),
    ]
    run(csv_bytes(rows, header=RETURNS_HEADER))
    sales = monthly_sales(partners_qs=Partner.objects.all(), months=[Period.month(2026, 11)])
    assert (sales[partner.pk][Period.month(2026, 11)].amount, sales[partner.pk][Period.month(2026, 11)].returns) == (
        Decimal("2600.00"),
        Decimal("-400.00"),
    )
    client.force_login(PartnerUserFactory(partner=partner))
    page = client.get(reverse("partners_portal:sales"), HTTP_ACCEPT_LANGUAGE="en")
    months = dict(page.context["monthly_sales"])
    assert months[Period.month(2026, 11)].returns == Decimal("-400.00")
    assert "returns ¥-400.00 included" in page.content.decode() or "included" in page.content.decode()
