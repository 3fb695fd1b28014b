"""The one way a list leaves as a file: CSV by default, XLSX when the request asks `?format=xlsx`.

Both formats share the header, the rows and the formula-injection guard (common/csv_export.py,
common/xlsx_export.py); a list page links to both with `?format=csv` and `?format=xlsx`.
"""

from __future__ import annotations

from collections.abc import Iterable

from common.csv_export import csv_response
from common.xlsx_export import xlsx_response

FORMATS = ("csv", "xlsx")


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def table_response(request, name: str, header: Iterable, rows: Iterable[Iterable]):
    """`name` without extension; the header's lazy translations are rendered in the active language."""
    header = [str(title) for title in header]
    if wants_xlsx(request):
        return xlsx_response(f"{name}.xlsx", header, rows)
    return csv_response(f"{name}.csv", header, rows)
