"""The sales file's rules without a database: reading, one row, the whole first pass."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation

from common.imports.errors import FileProblem, RowError
from common.imports.seen import SeenKeys
from partners.imports.checking import check_rows, open_rows
from partners.imports.columns import header_column, template_csv, template_xlsx
from partners.imports.rows import parse_row
from tests.partners.sales_files import HEADER, csv_bytes, row, xlsx_bytes

CATEGORIES = {"general", "hw"}


def values(**changes):
    base = dict(zip(HEADER, row(), strict=True))
    return base | changes


def codes(errors):
    return [(error.row, error.code, error.column) for error in errors]


def test_a_good_row_is_parsed():
    parsed, errors = parse_row(2, values(amount="1234.5", quantity="", new_customers="3"), categories=CATEGORIES)
    assert errors == []
    assert parsed.amount == Decimal("1234.50") and parsed.quantity == 0 and parsed.new_customers == 3
    assert parsed.date == dt.date(2026, 10, 15) and parsed.category == "general"


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ({"partner_code": ""}, "required", "partner_code"),
        ({"date": "15/10/2026"}, "bad_date", "date"),
        ({"date": "2026-02-30"}, "bad_date", "date"),
        ({"amount": "12,50"}, "bad_amount", "amount"),
        ({"amount": "-1.00"}, "negative_amount", "amount"),
        ({"amount": "1.005"}, "amount_decimals", "amount"),
        ({"amount": "1000000000000"}, "amount_too_large", "amount"),
        ({"quantity": "2.5"}, "bad_integer", "quantity"),
        ({"new_customers": "-1"}, "negative_integer", "new_customers"),
        ({"category": "toys"}, "unknown_category", "category"),
        ({"external_ref": ""}, "required", "external_ref"),
        ({"external_ref": "x" * 65}, "ref_too_long", "external_ref"),
    ],
)
def test_each_kind_of_bad_cell_is_reported(change, code, column):
    parsed, errors = parse_row(7, values(**change), categories=CATEGORIES)
    assert parsed is None
    assert codes(errors) == [(7, code, column)]


def test_every_problem_of_a_row_is_reported_not_only_the_first():
    _, errors = parse_row(3, values(date="x", amount="y", category="z"), categories=CATEGORIES)
    assert {error.code for error in errors} == {"bad_date", "bad_amount", "unknown_category"}


def test_spreadsheet_cells_are_understood():
    parsed, errors = parse_row(
        2,
        values(partner_code=1001.0, date=dt.datetime(2026, 10, 15), amount=12.34, quantity=3.0, external_ref=77),
        categories=CATEGORIES,
    )
    assert errors == []
    assert (parsed.partner_code, parsed.amount, parsed.quantity, parsed.external_ref) == (
        "1001",
        Decimal("12.34"),
        3,
        "77",
    )


def test_messages_are_translated_when_shown():
    error = RowError(5, "negative_amount", "amount", {"value": "-3"})
    with translation.override("en"):
        assert error.message == (
            "The amount “-3” is negative; a sale's amount must be 0 or more (mark a return as “return”)."
        )
    with translation.override("zh-hans"):
        assert "负" in error.message
    assert RowError.from_dict(error.as_dict()) == error


def test_headers_in_english_or_chinese_any_case_any_order():
    assert header_column(" Partner Code ") == "partner_code"
    assert header_column("外部单号") == "external_ref"
    assert header_column("remarks") is None
    data = csv_bytes(
        [["R9", "P00001", "2026-10-01", "5", "GENERAL"]], header=["外部单号", "伙伴编码", "日期", "金额", "产品类别"]
    )
    (raw,) = open_rows(io.BytesIO(data), kind="csv")
    assert raw.number == 2 and raw.values["partner_code"] == "P00001" and raw.values["quantity"] is None


def test_gb18030_csv_from_chinese_excel_is_read():
    data = csv_bytes(
        [row(category="硬件")],
        header=["伙伴编码", "日期", "金额", "数量", "产品类别", "新客户数", "外部单号"],
        encoding="gb18030",
    )
    (raw,) = open_rows(io.BytesIO(data), kind="csv")
    assert raw.values["category"] == "硬件"


def test_blank_rows_are_skipped_and_numbers_follow_the_spreadsheet():
    data = csv_bytes([row(ref="A"), ["", "", "", "", "", "", ""], row(ref="B")])
    assert [raw.number for raw in open_rows(io.BytesIO(data), kind="csv")] == [2, 4]


@pytest.mark.parametrize(
    ("data", "kind", "problem"),
    [
        (b"", "csv", "empty"),
        (b"\n\n", "csv", "empty"),
        (csv_bytes([row()], header=["partner_code", "date", "amount"]), "csv", "missing_columns"),
        (b"PK\x03\x04\x00\x00garbage", "xlsx", "not_xlsx"),
        (b"\x00\x01\x02binary", "csv", "not_text"),
    ],
)
def test_problems_of_the_whole_file(data, kind, problem):
    with pytest.raises(FileProblem) as raised:
        list(open_rows(io.BytesIO(data), kind=kind))
    assert raised.value.code == problem


def test_missing_columns_are_named():
    with pytest.raises(FileProblem) as raised:
        list(open_rows(io.BytesIO(csv_bytes([], header=["partner_code", "date"])), kind="csv"))
    assert raised.value.params == {"columns": ["amount", "category", "external_ref"]}


def test_xlsx_rows_are_read_like_csv_rows():
    data = xlsx_bytes([["P00001", "2026-10-15", 99.5, 2, "GENERAL", None, "X-1"]])
    (raw,) = open_rows(io.BytesIO(data), kind="xlsx")
    assert raw.values == {
        "partner_code": "P00001",
        "date": "2026-10-15",
        "amount": 99.5,
        "quantity": 2,
        "category": "GENERAL",
        "new_customers": None,
        "external_ref": "X-1",
        "kind": None,  # the optional columns a file leaves out
        "original_ref": None,
        "product_code": None,
        "unit_price": None,
        "customer_region": None,
    }


def test_templates_read_back_without_errors():
    for data, kind in ((template_csv(), "csv"), (template_xlsx(), "xlsx")):
        report = check_rows(
            open_rows(io.BytesIO(data), kind=kind),
            categories={"hw", "sw"},
            find_partners=lambda codes: set(codes),
            regions={"440100"},
        )
        assert report.ok and report.rows == 3, (kind, report.errors)


def _check(rows, *, known=("P00001",), own=None, chunk=2000):
    lookups = []

    def find(codes):
        lookups.append(set(codes))
        return set(codes) & set(known)

    data = csv_bytes(rows)
    report = check_rows(
        open_rows(io.BytesIO(data), kind="csv"), categories=CATEGORIES, find_partners=find, own_partner=own, chunk=chunk
    )
    return report, lookups


def test_first_pass_lists_every_bad_row_in_order():
    report, _ = _check([row(ref="1"), row(code="NOPE", ref="2"), row(amount="-5", ref="3"), row(ref="1")])
    assert codes(report.errors) == [
        (3, "unknown_partner", "partner_code"),
        (4, "negative_amount", "amount"),
        (5, "duplicate_ref", "external_ref"),
    ]
    assert report.errors[-1].params["first"] == 2
    assert report.bad_rows == 3 and report.rows == 4


def test_the_same_reference_of_two_partners_is_no_duplicate():
    report, _ = _check([row(ref="1"), row(code="P00002", ref="1")], known=("P00001", "P00002"))
    assert report.ok


def test_partner_codes_are_looked_up_once_per_chunk_not_per_row():
    rows = [row(code=f"P{n % 7:05d}", ref=str(n)) for n in range(25)]
    report, lookups = _check(rows, known=[f"P{n:05d}" for n in range(7)], chunk=10)
    assert report.ok
    assert len(lookups) == 3 and all(len(codes) <= 7 for codes in lookups)


def test_limited_to_one_partner_other_codes_are_refused_without_looking_them_up():
    report, lookups = _check([row(ref="1"), row(code="P00002", ref="2")], known=("P00001", "P00002"), own="P00001")
    assert codes(report.errors) == [(3, "other_partner", "partner_code")]
    assert lookups == [{"P00001"}]


def test_a_header_without_rows_is_an_error():
    report, _ = _check([])
    assert codes(report.errors) == [(None, "no_rows", None)]


def test_seen_keys_remember_the_first_row():
    seen = SeenKeys()
    assert seen.first_row("a", 2) is None
    assert seen.first_row("b", 3) is None
    assert seen.first_row("a", 9) == 2
    seen.close()
