# ruff: noqa: RUF001 -- full-width digits are what Chinese users type, so the code names them
"""Cells as the row rules want them. Pure: CSV gives text, XLSX gives text, numbers and datetimes."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.conf import settings

# A date, optionally with a time (as spreadsheets export it) and an offset; never anything looser.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
# Year first, as Chinese users and Excel's Chinese locale write it: 2026/11/23, 2026.11.23, 2026年11月23日.
_CHINESE_DATE = re.compile(r"^(\d{4})\s*(?:/|\.|年)\s*(\d{1,2})\s*(?:/|\.|月)\s*(\d{1,2})\s*日?$")
# Excel's serial day numbers (a date cell read as its value): day 1 is 1900-01-01 counted with Excel's
# phantom 1900-02-29, hence the 1899-12-30 origin. Only plausible business years are accepted, so an
# amount or a code in the wrong column is not mistaken for a date.
_EXCEL_ORIGIN = dt.date(1899, 12, 30)
_EXCEL_SERIALS = range(36526, 73051)  # 2000-01-01 .. 2099-12-31


def text_of(value) -> str:
    """A cell as text: spreadsheets give numbers for codes like 1001 and floats like 1001.0."""
    if type(value) is str:  # CSV cells, the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def date_of(value) -> dt.date | None:
    """The day a cell names, or None when it names none. A time of day is allowed and dropped: the day is
    the one in the installation's time zone (a time without an offset is taken as already local, as a
    spreadsheet's date cells are)."""
    if isinstance(value, dt.datetime):
        return _local(value).date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value).translate(_FULL_WIDTH_DIGITS)
    chinese = _CHINESE_DATE.match(text)
    if chinese:
        try:
            return dt.date(*(int(part) for part in chinese.groups()))
        except ValueError:  # 2026/02/30
            return None
    if text.isdigit() and int(text) in _EXCEL_SERIALS:
        return _EXCEL_ORIGIN + dt.timedelta(days=int(text))
    if not _DATE.match(text):
        return None
    try:
        return _local(dt.datetime.fromisoformat(text)).date()
    except ValueError:  # 2026-02-30, 25:00 ...
        return None


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９／", "0123456789/")


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
