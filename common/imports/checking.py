"""An import's declaration and the two passes over its file. No ORM here: what needs the database is
passed in as callables by the import (`Lookup.find`), and the rows are read twice from the file.

The first pass finds every bad row without keeping the file in memory: what is kept while streaming is
bounded by the chunk size, not by the file. Values to look up (partner codes ...) are looked up set-wise
`CHUNK` rows at a time (one query per chunk, not one per row); keys that must be unique within the file
go to a throw-away on-disk table (`SeenKeys`). Errors are kept up to `MAX_ERRORS`; checking stops there,
with a file error that says so, so a file of a million bad rows costs no more than one of a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from common.imports.errors import RowError
from common.imports.reading import Columns, RawRow
from common.imports.seen import SeenKeys

CHUNK = 2000
MAX_ERRORS = 1000


@dataclass(frozen=True)
class Lookup:
    """A value of each row that must exist elsewhere (a partner's code), checked set-wise."""

    value: Callable[[RawRow], str | None]  # what to look up for this row, or None (blank, or refused already)
    find: Callable[[set[str]], set[str]]  # which of these values exist
    error: Callable[[int, str], RowError]  # the error for row `number` whose `value` does not exist


@dataclass(frozen=True)
class TabularImport:
    """What an import declares: its columns, its row rule, and optionally a key unique within the file
    and a value to look up. `parse(raw)` returns (the parsed row, []) or (None, the row's errors)."""

    columns: Columns
    parse: Callable[[RawRow], tuple[object | None, list[RowError]]]
    max_rows: int
    key: Callable[[object], str] | None = None
    duplicate: Callable[[int, object, int], RowError] | None = None  # (row, parsed, first row) → error
    lookup: Lookup | None = None


@dataclass
class CheckReport:
    rows: int = 0  # rows read (blank rows are not counted)
    bad_rows: int = 0  # rows with at least one error
    error_count: int = 0  # every error found
    errors: list[RowError] = field(default_factory=list)  # in row order

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @classmethod
    def failed(cls, error: RowError, *, rows: int = 0) -> CheckReport:
        return cls(rows=rows, error_count=1, errors=[error])


class _Full(Exception):
    pass


def check_rows(rows: Iterable[RawRow], spec: TabularImport, *, chunk: int = CHUNK) -> CheckReport:
    """Every problem of every row (up to MAX_ERRORS)."""
    report = CheckReport()
    bad_rows: set[int] = set()  # of the current chunk only
    pending: list[tuple[int, str]] = []
    seen = SeenKeys() if spec.key else None

    def add(error: RowError) -> None:
        report.error_count += 1
        bad_rows.add(error.row)
        report.errors.append(error)
        if report.error_count >= MAX_ERRORS:
            raise _Full

    def flush() -> None:
        if pending:
            found = spec.lookup.find({value for _row, value in pending})
            for row, value in pending:
                if value not in found:
                    add(spec.lookup.error(row, value))
            pending.clear()
        report.bad_rows += len(bad_rows)
        bad_rows.clear()

    last = None
    try:
        for raw in rows:
            last = raw.number
            report.rows += 1
            for error in _row_errors(raw, spec, seen):
                add(error)
            value = spec.lookup.value(raw) if spec.lookup and raw.problem is None else None
            if value:
                pending.append((raw.number, value))
            if report.rows % chunk == 0:
                flush()
        flush()
    except _Full:
        pending.clear()
        report.bad_rows += len(bad_rows)
        report.errors.append(RowError(None, "too_many_errors", None, {"row": last, "limit": MAX_ERRORS}))
        report.error_count += 1
    finally:
        if seen is not None:
            seen.close()
    if report.rows == 0:
        report.error_count += 1
        report.errors.append(RowError(None, "no_rows"))
    report.errors.sort(key=lambda error: float("inf") if error.code == "too_many_errors" else (error.row or 0))
    return report


def _row_errors(raw: RawRow, spec: TabularImport, seen: SeenKeys | None) -> Iterator[RowError]:
    if raw.problem is not None:
        yield RowError(raw.number, raw.problem, None, raw.params or {})
        return
    parsed, errors = spec.parse(raw)
    yield from errors
    if parsed is not None and seen is not None:
        first = seen.first_row(spec.key(parsed), raw.number)
        if first is not None:
            yield spec.duplicate(raw.number, parsed, first)


def valid_rows(rows: Iterable[RawRow], spec: TabularImport) -> Iterator[object]:
    """The second pass: the rows again, parsed (the first pass found no error in any of them)."""
    for raw in rows:
        if raw.problem is not None:
            raise ChangedDuringImport
        parsed, errors = spec.parse(raw)
        if errors:  # the file cannot change between the passes; what the rule looks up could
            raise ChangedDuringImport
        yield parsed


class ChangedDuringImport(Exception):
    pass
