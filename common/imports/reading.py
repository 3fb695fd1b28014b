"""Stream the rows of a CSV or XLSX file, one at a time, whatever its size. Pure: no ORM.

CSV: the encoding (UTF-8 with or without a BOM, else GB18030 as Chinese Excel saves it) is sniffed on the
first 64 KB, then every line is decoded on its own, so a line that is not valid text in that encoding,
or that holds NUL bytes, anywhere in the file, marks its row instead of passing as mojibake or failing
the whole request. XLSX: the archive is checked first (`archive.py`), then openpyxl's read-only mode
parses the first sheet as a stream (its shared-string table is loaded whole: the size of the distinct
texts, bounded by the archive limits).

Every file is cut at `max_rows` rows (blank rows count: a sheet of a million empty rows is refused too).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from common.imports.archive import archive_problem
from common.imports.errors import FileProblem

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Columns:
    """A file's columns. The first row is the header; names are matched case-insensitively, with spaces
    or underscores, or by an alias (the Chinese name), in any order; extra columns are ignored. A required
    entry may be a tuple of alternatives, one of which must be there."""

    names: tuple[str, ...]
    required: tuple[str | tuple[str, ...], ...]
    aliases: Mapping[str, str] = field(default_factory=dict)  # other header text → name

    def column_of(self, text) -> str | None:
        """The column a header cell names ("Partner Code", "partner_code", "伙伴编码" ...), or None."""
        key = str(text or "").strip().lower().replace(" ", "_")
        if key in self.names:
            return key
        return self.aliases.get(key)

    def missing(self, present) -> list[str]:
        missing = []
        for entry in self.required:
            alternatives = entry if isinstance(entry, tuple) else (entry,)
            if not any(name in present for name in alternatives):
                missing.append(" / ".join(alternatives))
        return missing


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict  # column → the cell's value (text from CSV; text, numbers or dates from XLSX)
    problem: str | None = None  # "row_encoding" or "row_nul": the row's bytes are not text
    params: dict | None = None


def open_rows(file, *, kind: str, columns: Columns, max_rows: int) -> Iterator[RawRow]:
    """The data rows of `file` (a binary file object, read from the start) as RawRows; blank rows are
    skipped. Raises FileProblem for an empty file, a header without the required columns, a file of
    more than `max_rows` rows or a file that cannot be read as `kind` ("csv" or "xlsx")."""
    file.seek(0)
    cells = _csv_cells(file) if kind == "csv" else _xlsx_cells(file)
    try:
        header = next(cells, None)
        if header is None or not any(_filled(value) for value in header[0]):
            raise FileProblem("empty")
        positions = {}
        for position, text in enumerate(header[0]):
            column = columns.column_of(text)
            if column and column not in positions:
                positions[column] = position
        missing = columns.missing(positions)
        if missing:
            raise FileProblem("missing_columns", columns=missing)
        for number, (row, problem) in enumerate(cells, start=2):
            if number > max_rows + 1:
                raise FileProblem("too_many_rows", limit=max_rows)
            if problem is not None:
                yield RawRow(number, {}, *problem)
                continue
            if not any(_filled(value) for value in row):
                continue
            yield RawRow(number, {column: _cell(row, positions.get(column)) for column in columns.names})
    finally:
        cells.close()  # now, while the file is still open, not whenever the generator is collected


def _cell(row, position):
    return row[position] if position is not None and position < len(row) else None


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _csv_cells(file) -> Iterator[tuple[list[str], tuple | None]]:
    """(cells, problem) per CSV record; problem is (code, params) when a line of the record is not text."""
    binary = getattr(file, "file", file)
    head = binary.read(SNIFF_BYTES)
    binary.seek(0)
    if b"\x00" in head:
        raise FileProblem("not_text")
    encoding = "utf-8" if _decodes_as_utf8(head) else "gb18030"
    state = {"problem": None}

    def lines() -> Iterator[str]:
        for index, line in enumerate(binary):
            if index == 0 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if b"\x00" in line:
                state["problem"] = ("row_nul", {})
                line = line.replace(b"\x00", b"")
            try:
                yield line.decode(encoding)
            except UnicodeDecodeError:
                state["problem"] = ("row_encoding", {"encoding": "UTF-8" if encoding == "utf-8" else "GB18030"})
                yield line.decode(encoding, errors="replace")

    reader = csv.reader(lines())
    try:
        for record in reader:
            problem, state["problem"] = state["problem"], None
            yield record, problem
    except csv.Error as error:
        raise FileProblem("csv_syntax", detail=str(error)[:200]) from error


def _decodes_as_utf8(head: bytes) -> bool:
    """The sample may end inside a multi-byte character, hence the incremental, non-final decode."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        return False


def _xlsx_cells(file) -> Iterator[tuple[tuple, None]]:
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    binary = getattr(file, "file", file)
    problem = archive_problem(binary)
    if problem is not None:
        code, params = problem
        raise FileProblem(code, **params)
    unreadable = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError, EOFError)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except DefusedXmlException as error:
        raise FileProblem("xlsx_dtd") from error
    except unreadable as error:
        raise FileProblem("not_xlsx") from error
    try:
        if not workbook.worksheets:
            raise FileProblem("empty")
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield row, None
    except DefusedXmlException as error:
        raise FileProblem("xlsx_dtd") from error
    except unreadable as error:
        raise FileProblem("not_xlsx") from error
    finally:
        workbook.close()
