"""Sales files for the import tests, built in memory."""

from __future__ import annotations

import csv
import io

from partners.imports.columns import COLUMNS

HEADER = list(COLUMNS)


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
