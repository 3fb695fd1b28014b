"""Stream the rows of a sales file, one at a time, whatever its size. Pure: no ORM.

CSV is read through a text wrapper over the binary upload (UTF-8, with or without a BOM, or GB18030
as Chinese Excel saves it); XLSX through openpyxl's read-only mode, which parses the sheet as a stream.
(An XLSX file's shared-string table is loaded whole by openpyxl; its size is that of the distinct texts.)
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from partners.imports.columns import COLUMNS, REQUIRED, header_column

SNIFF_BYTES = 64 * 1024


class FileProblem(Exception):
    """Something wrong with the file as a whole (not with one row): `code` names it, `params` detail it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict  # column → the cell's value (text from CSV; text, numbers or dates from XLSX)


def open_rows(file, *, kind: str) -> Iterator[RawRow]:
    """The data rows of `file` (a binary file object, read from the start) as RawRows; blank rows are
    skipped. Raises FileProblem for an empty file, a header without the required columns or a file
    that cannot be read as `kind` ("csv" or "xlsx")."""
    file.seek(0)
    cells = _csv_cells(file) if kind == "csv" else _xlsx_cells(file)
    try:
        header = next(cells, None)
        if header is None or not any(_filled(value) for value in header):
            raise FileProblem("empty")
        positions = {}
        for position, text in enumerate(header):
            column = header_column(text)
            if column and column not in positions:
                positions[column] = position
        missing = [column for column in REQUIRED if column not in positions]
        if missing:
            raise FileProblem("missing_columns", columns=missing)
        for number, row in enumerate(cells, start=2):
            if not any(_filled(value) for value in row):
                continue
            yield RawRow(number, {column: _cell(row, positions.get(column)) for column in COLUMNS})
    finally:
        cells.close()  # now, while the file is still open, not whenever the generator is collected


def _cell(row, position):
    return row[position] if position is not None and position < len(row) else None


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _csv_cells(file) -> Iterator[list[str]]:
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if b"\x00" in head:
        raise FileProblem("not_text")
    encoding = "utf-8-sig" if _decodes_as_utf8(head) else "gb18030"
    text = io.TextIOWrapper(getattr(file, "file", file), encoding=encoding, newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise FileProblem("encoding") from error
    except csv.Error as error:
        raise FileProblem("csv_syntax", detail=str(error)) from error
    finally:
        with contextlib.suppress(ValueError):  # already closed by its owner
            text.detach()  # leave the upload open: the import reads it a second time


def _decodes_as_utf8(head: bytes) -> bool:
    """The sample may end inside a multi-byte character, hence the incremental, non-final decode."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        return False


def _xlsx_cells(file) -> Iterator[tuple]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(getattr(file, "file", file), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem("not_xlsx") from error
    try:
        if not workbook.worksheets:
            raise FileProblem("empty")
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()
