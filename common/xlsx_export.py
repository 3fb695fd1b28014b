"""A spreadsheet download: the XLSX twin of common/csv_export.py, with the same formula-injection guard."""

from __future__ import annotations

import io

from django.http import HttpResponse

from common.csv_export import safe_cell


def xlsx_response(filename: str, header, rows) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
