"""Run an import: the first pass over the whole file, then, when no row is wrong, the second pass writes
every row inside one transaction. Nothing is written when any row is bad, and a write that finds a
problem the rows could not show one by one (`Refused`), or that loses a race with an identical import,
rolls back entirely."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from django.db import IntegrityError, transaction

from common.imports.checking import ChangedDuringImport, CheckReport, TabularImport, check_rows, valid_rows
from common.imports.errors import FileProblem, RowError
from common.imports.reading import RawRow, open_rows

KINDS = {".csv": "csv", ".xlsx": "xlsx"}


def file_kind(file_name: str) -> str | None:
    """ "csv" or "xlsx" from the file name's extension (the upload form has checked the content)."""
    return KINDS.get(PurePath(file_name or "").suffix.lower())


class Refused(Exception):
    """Raised by a write to undo it with these errors (rows that are wrong only together)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def import_file(
    file, *, kind: str, spec: TabularImport, write: Callable[[Iterator], object], dry_run: bool = False
) -> tuple[CheckReport, object | None]:
    """Check `file` (a binary file object, read twice); when every row is right and not `dry_run`, call
    `write(parsed rows)` inside one transaction. Returns the report and what `write` returned (None when
    nothing was written)."""

    def rows():
        return open_rows(file, kind=kind, columns=spec.columns, max_rows=spec.max_rows)

    return import_rows(rows, spec=spec, write=write, dry_run=dry_run)


def import_rows(
    rows: Callable[[], Iterable[RawRow]],
    *,
    spec: TabularImport,
    write: Callable[[Iterator], object],
    dry_run: bool = False,
) -> tuple[CheckReport, object | None]:
    """The same two passes over rows that do not come from a file (the API's sales items): `rows()` gives
    them afresh for each pass. One rule set for files and for the API: what the file import refuses, this
    refuses with the same errors."""
    try:
        report = check_rows(rows(), spec)
    except FileProblem as problem:
        return CheckReport.failed(problem.as_error()), None
    if not report.ok or dry_run:
        return report, None
    try:
        with transaction.atomic():
            return report, write(valid_rows(rows(), spec))
    except (ChangedDuringImport, FileProblem, IntegrityError):
        # IntegrityError: rows checked as new met a unique constraint, so another import (the same file
        # uploaded at the same moment) wrote them first; this one rolls back and says so.
        return CheckReport.failed(RowError(None, "changed"), rows=report.rows), None
    except Refused as refused:
        bad = {error.row for error in refused.errors if error.row}
        return CheckReport(report.rows, len(bad), len(refused.errors), refused.errors), None
