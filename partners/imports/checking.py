"""The sales file declared to the shared pipeline (`common/imports`): its columns, its row rule, the
(partner, external reference) pair unique within the file, and partner codes looked up set-wise through
the `find_partners` callable the caller passes in. No ORM here."""

from __future__ import annotations

from collections.abc import Callable, Container

from common.imports import checking
from common.imports.cells import text_of
from common.imports.checking import CHUNK, CheckReport, Lookup, TabularImport
from common.imports.errors import RowError
from common.imports.reading import RawRow
from common.imports.reading import open_rows as open_file_rows
from partners.imports.columns import SALES_COLUMNS
from partners.imports.rows import MAX_PARTNER_CODE, SalesRow, parse_row

MAX_ROWS = 300_000  # a 20 MB CSV file


def sales_import_spec(
    *,
    categories: Container[str],
    find_partners: Callable[[set[str]], set[str]],
    own_partner: str | None = None,
    regions: Container[str] = (),
) -> TabularImport:
    """`find_partners(codes)` answers which of `codes` exist; `own_partner` (a partner code) limits the
    file to that partner's rows, as the portal does."""

    def parse(raw: RawRow):
        parsed, errors = parse_row(raw.number, raw.values, categories=categories, regions=regions)
        code = text_of(raw.values.get("partner_code"))
        if own_partner is not None and code and code != own_partner:
            errors.append(RowError(raw.number, "other_partner", "partner_code", {"value": code, "own": own_partner}))
            parsed = None
        return parsed, errors

    def code_to_look_up(raw: RawRow) -> str | None:
        """Codes of other partners are not looked up through the portal: whether they exist is none of the
        uploader's business, and the row is already refused."""
        code = text_of(raw.values.get("partner_code"))
        if not code or len(code) > MAX_PARTNER_CODE or (own_partner is not None and code != own_partner):
            return None
        return code

    return TabularImport(
        columns=SALES_COLUMNS,
        parse=parse,
        max_rows=MAX_ROWS,
        key=lambda row: f"{row.partner_code}\x1f{row.external_ref}",
        duplicate=_duplicate,
        lookup=Lookup(
            value=code_to_look_up,
            find=find_partners,
            error=lambda number, code: RowError(number, "unknown_partner", "partner_code", {"value": code}),
        ),
    )


def _duplicate(number: int, row: SalesRow, first: int) -> RowError:
    return RowError(
        number,
        "duplicate_ref",
        "external_ref",
        {"value": row.external_ref, "partner": row.partner_code, "first": first},
    )


def open_rows(file, *, kind: str):
    return open_file_rows(file, kind=kind, columns=SALES_COLUMNS, max_rows=MAX_ROWS)


def check_rows(rows, *, categories, find_partners, own_partner=None, regions=(), chunk: int = CHUNK) -> CheckReport:
    """The first pass over sales rows (see `common.imports.checking.check_rows`)."""
    spec = sales_import_spec(
        categories=categories, find_partners=find_partners, own_partner=own_partner, regions=regions
    )
    return checking.check_rows(rows, spec, chunk=chunk)
