# ruff: noqa: RUF001 -- full-width digits are what Chinese users type, so the code names them
"""The shared import pipeline reads the dates Chinese users and Excel write, and nothing looser."""

import datetime as dt

import pytest

from common.imports.cells import date_of

NOV_23 = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "cell",
    [
        "2026-11-23",
        "2026/11/23",
        "2026.11.23",
        "2026年11月23日",
        "2026 年 11 月 23 日",
        "２０２６／１１／２３",
        "46349",  # Excel's serial number for the day, as a CSV saved from a date column may hold it
        46349.0,
        dt.datetime(2026, 11, 23, 0, 0),
    ],
)
def test_a_sales_date_is_read_in_the_forms_chinese_users_and_excel_write(cell):
    assert date_of(cell) == NOV_23


def test_a_single_digit_month_and_day_are_read():
    assert date_of("2026/1/5") == dt.date(2026, 1, 5)


@pytest.mark.parametrize("cell", ["2026/02/30", "23/11/2026", "11/23/2026", "1500", "12", "", "2026年13月1日"])
def test_an_impossible_or_ambiguous_date_is_refused(cell):
    assert date_of(cell) is None
