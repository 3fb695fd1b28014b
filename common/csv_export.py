"""CSV downloads shared by every app's exports.

Spreadsheets execute a cell that starts with = + - @ as a formula (CSV injection), so any *text* cell
starting with one of them gets a leading apostrophe, which Excel and LibreOffice show as plain text.
Numbers are written as they are: a negative Decimal is a value, not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, so rows stream instead of piling up."""

    def write(self, value):
        return value


def csv_rows(header: Iterable, rows: Iterable[Iterable]) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel reads the UTF-8 Chinese text correctly
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
