from decimal import Decimal

import pytest

from common.csv_export import csv_rows, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+86 138", "'+86 138"),
        ("-SUM(A1:A2)", "'-SUM(A1:A2)"),
        ("@HYPERLINK", "'@HYPERLINK"),
        ("\t=cmd", "'\t=cmd"),
        ("华南智联", "华南智联"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (Decimal("-12.50"), Decimal("-12.50")),  # a number is a value, not a formula
        (-3, -3),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_rows_start_with_a_bom_and_neutralise_every_row():
    text = "".join(csv_rows(["name"], [["=evil()"], ["ok"]]))
    assert text.startswith("\ufeff")
    assert text.splitlines()[1:] == ["'=evil()", "ok"]
