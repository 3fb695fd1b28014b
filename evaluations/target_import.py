"""Bulk target entry from a CSV or XLSX file, on the shared import pipeline (`common/imports`): every row
checked first, then all rows written in one transaction or none.

Columns: `partner_code`, `period`, `amount`. `period` is a month (YYYY-MM) or a whole year (YYYY),
which is split into months by the method the user picked (evenly or by last year's shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from common.imports.cells import text_of
from common.imports.checking import Lookup, TabularImport
from common.imports.errors import MESSAGES, RowError, register
from common.imports.reading import Columns, RawRow
from common.imports.running import Refused, file_kind, import_file
from common.money import has_at_most_cents
from common.periods import Period
from evaluations import splitting
from evaluations.services import last_year_shapes, targets_upsert
from partners.models import Partner

TARGET_COLUMNS = Columns(
    ("partner_code", "period", "amount"),
    required=("partner_code", "period", "amount"),
    aliases={"伙伴编码": "partner_code", "期间": "period", "目标金额": "amount"},
)
MAX_ROWS = 50_000

register(
    messages={
        "unknown_partner_code": _("Unknown partner code “%(code)s”."),
        "bad_period": _("The period must be a month (YYYY-MM) or a year (YYYY), not “%(value)s”."),
        "same_period": _("Same partner and period as row %(row)s."),
        "month_in_year": _("A month is given both alone and inside a yearly row."),
        "not_an_amount": _("“%(value)s” is not an amount."),
        "amount_range": _("The amount must be positive, in yuan and fen (at most two decimals)."),
    },
    labels={"partner_code": _("partner code"), "period": _("period"), "amount": _("amount")},
)


class AmountError(ValueError):
    """An amount a person typed that is not one; str() is the message in the active language."""

    def __init__(self, code: str, **params):
        super().__init__(str(MESSAGES[code]) % params)
        self.code, self.params = code, params


class TargetImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class TargetRow:
    partner_code: str
    year: int
    month: Period | None  # None: the whole year, to be split
    amount: Decimal


def targets_import(*, file, file_name: str, method: str, by) -> int:
    """Check every row, then write all targets in one transaction; returns the number of targets changed.
    Raises TargetImportError with the row errors."""
    spec = TabularImport(
        columns=TARGET_COLUMNS,
        parse=_parse,
        max_rows=MAX_ROWS,
        key=lambda row: f"{row.partner_code}\x1f{row.year}\x1f{row.month or ''}",
        duplicate=lambda number, _row, first: RowError(number, "same_period", None, {"row": first}),
        lookup=Lookup(
            value=lambda raw: text_of(raw.values["partner_code"]) or None,
            find=lambda codes: set(Partner.objects.filter(code__in=codes).values_list("code", flat=True)),
            error=lambda number, code: RowError(number, "unknown_partner_code", "partner_code", {"code": code}),
        ),
    )
    report, changed = import_file(
        file, kind=file_kind(file_name) or "csv", spec=spec, write=lambda rows: _write(rows, method=method, by=by)
    )
    if not report.ok:
        raise TargetImportError(report.errors)
    return changed


def _parse(raw: RawRow) -> tuple[TargetRow | None, list[RowError]]:
    errors = []
    code, period_text = text_of(raw.values["partner_code"]), text_of(raw.values["period"])
    if not code:
        errors.append(RowError(raw.number, "required", "partner_code"))
    year, month = _period(raw.values["period"])
    if year is None:
        errors.append(RowError(raw.number, "bad_period", "period", {"value": period_text}))
    amount = None
    try:
        amount = parse_amount(text_of(raw.values["amount"]))
    except AmountError as error:
        errors.append(RowError(raw.number, error.code, "amount", error.params))
    else:
        if amount is None:
            errors.append(RowError(raw.number, "required", "amount"))
    if errors:
        return None, errors
    return TargetRow(code, year, month, amount), []


def _write(rows: Iterable[TargetRow], *, method: str, by) -> int:
    monthly: dict[tuple[str, dt.date], Decimal] = {}
    yearly: dict[tuple[str, int], Decimal] = {}
    for row in rows:
        if row.month is not None:
            monthly[(row.partner_code, row.month.first_day)] = row.amount
        else:
            yearly[(row.partner_code, row.year)] = row.amount
    pks = dict(Partner.objects.filter(code__in={key[0] for key in (*monthly, *yearly)}).values_list("code", "pk"))
    amounts = {(pks[code], day): amount for (code, day), amount in monthly.items()}
    shapes = {}
    if method == splitting.LAST_YEAR_SHAPE:
        for year in {year for _code, year in yearly}:
            partner_ids = [pks[code] for code, y in yearly if y == year]
            shapes[year] = last_year_shapes(partner_ids=partner_ids, year=year)
    for (code, year), amount in yearly.items():
        shape = shapes[year][pks[code]] if shapes else None
        for month, value in enumerate(splitting.split_yearly(amount, method=method, last_year=shape), start=1):
            key = (pks[code], dt.date(year, month, 1))
            if key in amounts:
                raise Refused([RowError(None, "month_in_year")])
            amounts[key] = value
    return targets_upsert(amounts=amounts, by=by)


def parse_amount(text: str) -> Decimal | None:
    """An amount typed by a person: blank is None; otherwise non-negative yuan with at most two decimals
    (thousands separators allowed). Raises AmountError (a ValueError) with a message for the user."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise AmountError("not_an_amount", value=text) from exc
    if not amount.is_finite() or amount < 0 or not has_at_most_cents(amount) or amount >= Decimal("1e12"):
        raise AmountError("amount_range")
    return amount


def _period(value) -> tuple[int | None, Period | None]:
    if isinstance(value, dt.date):  # Excel turns a typed 2027-01 into a date cell
        period = Period.month(value.year, value.month)
        return period.year, period
    text = text_of(value)
    if len(text) == 4 and text.isdigit():
        return int(text), None
    try:
        period = Period.parse(text)
    except ValueError:
        return None, None
    return period.year, period
