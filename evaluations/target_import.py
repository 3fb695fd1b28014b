"""Bulk target entry from a CSV file: every row checked first, then all rows written or none.

Columns: `partner_code`, `period`, `amount`. `period` is a month (YYYY-MM) or a whole year (YYYY),
which is split into months by the method the user picked (evenly or by last year's shape).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from common.money import has_at_most_cents
from common.periods import Period
from evaluations import splitting
from evaluations.services import last_year_shapes, targets_upsert
from partners.models import Partner

COLUMNS = ("partner_code", "period", "amount")
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


class TargetImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


def targets_import_csv(*, data: bytes, method: str, by) -> int:
    """Check every row, then write all targets in one transaction. Raises TargetImportError with row errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TargetImportError([RowError(0, _("The file is not UTF-8 text."))]) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise TargetImportError([RowError(1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})])
    rows = list(reader)
    if len(rows) > MAX_ROWS:
        raise TargetImportError([RowError(0, _("At most %(n)s rows per file.") % {"n": MAX_ROWS})])
    codes = {row["partner_code"].strip() for row in rows}
    partner_ids = dict(Partner.objects.filter(code__in=codes).values_list("code", "pk"))
    errors: list[RowError] = []
    monthly: dict[tuple[int, dt.date], Decimal] = {}
    yearly: dict[tuple[int, int], Decimal] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code, period_text, amount_text = (row.get(c, "").strip() for c in COLUMNS)
        row_errors = []
        partner_id = partner_ids.get(code)
        if partner_id is None:
            row_errors.append(_("Unknown partner code “%(code)s”.") % {"code": code})
        amount = _amount(amount_text, row_errors)
        year, month = _period(period_text, row_errors)
        key = (code, period_text)
        if key in seen:
            row_errors.append(_("Same partner and period as row %(row)s.") % {"row": seen[key]})
        seen.setdefault(key, number)
        if row_errors:
            errors.extend(RowError(number, message) for message in row_errors)
            continue
        if month is not None:
            monthly[(partner_id, month.first_day)] = amount
        else:
            yearly[(partner_id, year)] = amount
    if errors:
        raise TargetImportError(errors)
    amounts = dict(monthly)
    shapes = {}
    if method == splitting.LAST_YEAR_SHAPE:
        for year in {y for _pid, y in yearly}:
            shapes[year] = last_year_shapes(partner_ids=[pid for pid, y in yearly if y == year], year=year)
    for (partner_id, year), amount in yearly.items():
        shape = shapes[year][partner_id] if shapes else None
        for m, value in enumerate(splitting.split_yearly(amount, method=method, last_year=shape), start=1):
            key = (partner_id, dt.date(year, m, 1))
            if key in monthly:
                raise TargetImportError([RowError(0, _("A month is given both alone and inside a yearly row."))])
            amounts[key] = value
    return targets_upsert(amounts=amounts, by=by)


def parse_amount(text: str) -> Decimal | None:
    """An amount typed by a person: blank is None; otherwise non-negative yuan with at most two decimals
    (thousands separators allowed). Raises ValueError with a message for the user."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": text}) from exc
    if not amount.is_finite() or amount < 0 or not has_at_most_cents(amount) or amount >= Decimal("1e12"):
        raise ValueError(_("The amount must be positive, in yuan and fen (at most two decimals)."))
    return amount


def _amount(text: str, errors: list) -> Decimal | None:
    try:
        amount = parse_amount(text)
    except ValueError as exc:
        errors.append(str(exc))
        return None
    if amount is None:
        errors.append(_("The amount is missing."))
    return amount


def _period(text: str, errors: list) -> tuple[int | None, Period | None]:
    if len(text) == 4 and text.isdigit():
        return int(text), None
    try:
        period = Period.parse(text)
    except ValueError:
        errors.append(_("The period must be a month (YYYY-MM) or a year (YYYY), not “%(value)s”.") % {"value": text})
        return None, None
    return period.year, period
