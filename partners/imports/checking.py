"""The first pass over a sales file: find every bad row without keeping the file in memory. Pure.

What is kept while streaming is bounded by the chunk size, not by the file: partner codes are looked
up set-wise `CHUNK` rows at a time through the `find_partners` callable the caller passes in (one
query per chunk, not one per row), and the (partner, external reference) pairs already seen go into a
throw-away on-disk SQLite table instead of a Python set. Only the errors are kept (up to MAX_ERRORS
described in full; the rest are counted).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field

from partners.imports.reading import RawRow
from partners.imports.rows import MAX_PARTNER_CODE, RowError, SalesRow, parse_row, text_of

CHUNK = 2000
MAX_ERRORS = 10_000


@dataclass
class CheckReport:
    rows: int = 0  # sales rows read (blank rows are not counted)
    bad_rows: int = 0  # rows with at least one error
    error_count: int = 0  # every error found, described or not
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS, in row order

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class SeenKeys:
    """A set of keys that lives on disk: SQLite's private temporary database ("" as the file name)
    keeps a small page cache in memory and spills the rest to a temporary file deleted on close."""

    def __init__(self):
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def first_row(self, key: str, row: int) -> int | None:
        """Remember `key` at `row`; if it was seen before, the row it was first seen at."""
        if self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, row)).rowcount:
            return None
        return self._db.execute("SELECT row FROM seen WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        self._db.close()


def check_rows(
    rows: Iterable[RawRow],
    *,
    categories: Container[str],
    find_partners: Callable[[set[str]], set[str]],
    own_partner: str | None = None,
    chunk: int = CHUNK,
) -> CheckReport:
    """Every problem of every row. `find_partners(codes)` answers which of `codes` exist;
    `own_partner` (a partner code) limits the file to that partner's rows, as the portal does."""
    report = CheckReport()
    bad_rows: set[int] = set()  # of the current chunk only
    pending: list[tuple[int, str]] = []
    seen = SeenKeys()

    def add(error: RowError) -> None:
        report.error_count += 1
        bad_rows.add(error.row)
        if len(report.errors) < MAX_ERRORS:
            report.errors.append(error)

    def flush() -> None:
        if pending:
            found = find_partners({code for _row, code in pending})
            for row, code in pending:
                if code not in found:
                    add(RowError(row, "unknown_partner", "partner_code", {"value": code}))
            pending.clear()
        report.bad_rows += len(bad_rows)
        bad_rows.clear()

    try:
        for raw in rows:
            report.rows += 1
            for error in _row_errors(raw, categories=categories, own_partner=own_partner, seen=seen):
                add(error)
            code = _code_to_look_up(raw, own_partner)
            if code:
                pending.append((raw.number, code))
            if report.rows % chunk == 0:
                flush()
        flush()
    finally:
        seen.close()
    if report.rows == 0:
        add(RowError(None, "no_rows"))
    report.errors.sort(key=lambda error: error.row or 0)
    return report


def _row_errors(raw: RawRow, *, categories, own_partner, seen: SeenKeys) -> Iterator[RowError]:
    parsed, errors = parse_row(raw.number, raw.values, categories=categories)
    yield from errors
    code = text_of(raw.values.get("partner_code"))
    if own_partner is not None and code and code != own_partner:
        yield RowError(raw.number, "other_partner", "partner_code", {"value": code, "own": own_partner})
    if parsed is not None:
        first = seen.first_row(f"{parsed.partner_code}\x1f{parsed.external_ref}", raw.number)
        if first is not None:
            yield RowError(
                raw.number,
                "duplicate_ref",
                "external_ref",
                {"value": parsed.external_ref, "partner": parsed.partner_code, "first": first},
            )


def _code_to_look_up(raw: RawRow, own_partner: str | None) -> str | None:
    """Codes of other partners are not looked up through the portal: whether they exist is none of the
    uploader's business, and the row is already refused."""
    code = text_of(raw.values.get("partner_code"))
    if not code or len(code) > MAX_PARTNER_CODE or (own_partner is not None and code != own_partner):
        return None
    return code


def valid_rows(rows: Iterable[RawRow], *, categories: Container[str]) -> Iterator[SalesRow]:
    """The second pass: the rows again, parsed (the first pass found no error in any of them)."""
    for raw in rows:
        parsed, errors = parse_row(raw.number, raw.values, categories=categories)
        if errors:  # the file cannot change between the passes; the categories could
            raise ChangedDuringImport
        yield parsed


class ChangedDuringImport(Exception):
    pass
