"""Sales files for the import tests, built in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from partners.imports.columns import COLUMNS

# A sales file's columns without `kind` and `original_ref` (optional: files without them are sales); `row()`
# fills them, the channel rules' columns (product, unit price, customer region) blank unless given.
HEADER = [name for name in COLUMNS if name not in ("kind", "original_ref")]
# With the returns' columns last: `[*row(...), kind, original_ref]`.
RETURNS_HEADER = [*HEADER, "kind", "original_ref"]


def row(
    code="P00001",
    date="2026-10-15",
    amount="100.00",
    quantity="2",
    category="GENERAL",
    new_customers="0",
    ref="R1",
    product="",
    unit_price="",
    region="",
):
    return [code, date, amount, quantity, category, new_customers, ref, product, unit_price, region]


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
