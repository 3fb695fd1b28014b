"""Sales files for the import tests, built in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from partners.imports.columns import COLUMNS

# The columns every file has; `kind` and `original_ref` are optional, and files without them are sales.
HEADER = list(COLUMNS[:7])
RETURNS_HEADER = list(COLUMNS)


def row(
    code="P00001", date="2026-10-15", amount="100.00", quantity="2", category="GENERAL", new_customers="0", ref="R1"
):
    return [code, date, amount, quantity, category, new_customers, ref]


def csv_bytes(rows, *, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(path, count: int, *, code="P00001", category="GENERAL") -> None:
    """A large valid file written row by row (the memory test's input)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(count):
            writer.writerow(
                [
                    code,
                    f"2026-{number % 12 + 1:02d}-15",
                    f"{number % 5000}.25",
                    number % 9,
                    category,
                    0,
                    f"REF-{number:08d}",
                ]
            )


SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_END = b"</sheetData></worksheet>"


def xlsx_with_sheet(sheet_chunks: Iterable[bytes]) -> bytes:
    """A workbook whose first sheet's XML is `sheet_chunks`, streamed into the archive (a bomb is built in
    little memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([row()]))) as template,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for member in template.infolist():
            if member.filename != SHEET:
                archive.writestr(member, template.read(member))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk)
    return buffer.getvalue()
