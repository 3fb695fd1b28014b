"""Cells as the row rules want them. Pure: CSV gives text, XLSX gives text, numbers and datetimes."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.conf import settings

# A date, optionally with a time (as spreadsheets export it) and an offset; never anything looser.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")


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
    text = text_of(value)
    if not _DATE.match(text):
        return None
    try:
        return _local(dt.datetime.fromisoformat(text)).date()
    except ValueError:  # 2026-02-30, 25:00 ...
        return None


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
