"""One row of a sales file → a `SalesRow`, or the `RowError`s that say what is wrong with it. Pure.

Errors carry a code and plain parameters (JSON-friendly, so an import's errors can be stored) and are
worded only when shown, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from common.money import CENT
from partners.imports.columns import LABELS

MAX_AMOUNT = Decimal("999999999999.99")  # money_field(): 14 digits, 2 of them decimals
MAX_INTEGER = 2_147_483_647
MAX_REF = 64
MAX_PARTNER_CODE = 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+(\.0+)?$")

MESSAGES = {
    # rows
    "required": _("The %(column)s is missing."),
    "unknown_partner": _("No partner has the code “%(value)s”."),
    "other_partner": _("This row is for partner “%(value)s”; you can only report the sales of %(own)s."),
    "bad_date": _("“%(value)s” is not a date written as YYYY-MM-DD."),
    "bad_amount": _("“%(value)s” is not an amount: write digits with at most two decimals, e.g. 1234.50."),
    "negative_amount": _("The amount “%(value)s” is negative; amounts must be 0 or more."),
    "amount_decimals": _("The amount “%(value)s” has more than two decimals."),
    "amount_too_large": _("The amount “%(value)s” is too large."),
    "bad_integer": _("The %(column)s “%(value)s” is not a whole number."),
    "negative_integer": _("The %(column)s “%(value)s” is negative."),
    "unknown_category": _("“%(value)s” is not a known product category."),
    "ref_too_long": _("The external reference “%(value)s” is longer than 64 characters."),
    "duplicate_ref": _("The external reference “%(value)s” of partner %(partner)s already appears in row %(first)s."),
    # the whole file
    "empty": _("The file is empty."),
    "no_rows": _("The file has a header but no sales rows."),
    "missing_columns": _(
        "The header lacks the column(s) %(columns)s. The first row must name the columns; download the template."
    ),
    "not_text": _("The file is not a CSV text file."),
    "encoding": _("The file's text is neither UTF-8 nor GB18030 encoded."),
    "csv_syntax": _("The file is not valid CSV (%(detail)s)."),
    "not_xlsx": _("The file cannot be opened as an Excel .xlsx workbook."),
    "changed": _("Partners or product categories changed while the file was imported; nothing was written. Try again."),
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int | None  # None: the file as a whole
    code: str
    column: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        params = dict(self.params)
        if self.column:
            params["column"] = LABELS[self.column]
        if "columns" in params:
            params["columns"] = ", ".join(str(LABELS.get(name, name)) for name in params["columns"])
        return str(MESSAGES[self.code]) % params

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class SalesRow:
    row: int
    partner_code: str
    date: dt.date
    amount: Decimal
    quantity: int
    category: str  # a key of the known categories (see category_key)
    new_customers: int
    external_ref: str


def category_key(value) -> str:
    """Categories are matched by code or name, ignoring case and surrounding spaces."""
    return text_of(value).casefold()


def text_of(value) -> str:
    """A cell as text: spreadsheets give numbers for codes like 1001 and floats like 1001.0."""
    if type(value) is str:  # CSV cells, the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def parse_row(number: int, values: dict, *, categories: Container[str]) -> tuple[SalesRow | None, list[RowError]]:
    """Check every cell of one row; all of its problems are reported, not only the first."""
    errors: list[RowError] = []

    def error(code: str, column: str, **params) -> None:
        errors.append(RowError(number, code, column, params))

    partner_code = text_of(values.get("partner_code"))
    external_ref = text_of(values.get("external_ref"))
    category_text = text_of(values.get("category"))
    for column, text in (
        ("partner_code", partner_code),
        ("date", text_of(values.get("date"))),
        ("amount", text_of(values.get("amount"))),
        ("category", category_text),
        ("external_ref", external_ref),
    ):
        if not text:
            error("required", column)
    if len(partner_code) > MAX_PARTNER_CODE:
        error("unknown_partner", "partner_code", value=partner_code)
    date = _date(values.get("date"), error)
    amount = _amount(values.get("amount"), error)
    quantity = _integer(values.get("quantity"), "quantity", error)
    new_customers = _integer(values.get("new_customers"), "new_customers", error)
    category = category_text.casefold()
    if category and category not in categories:
        error("unknown_category", "category", value=category_text)
    if len(external_ref) > MAX_REF:
        error("ref_too_long", "external_ref", value=external_ref[:MAX_REF] + "…")
    if errors:
        return None, errors
    return SalesRow(number, partner_code, date, amount, quantity, category, new_customers, external_ref), []


def _date(value, error) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value)
    if not text:
        return None
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    error("bad_date", "date", value=text)
    return None


def _amount(value, error) -> Decimal | None:
    # repr(): the shortest text that reads back as the same float, 12.34 and not 12.3399999…
    text = repr(value) if isinstance(value, float) else text_of(value)
    if not text:
        return None
    if isinstance(value, bool) or not _NUMBER.match(text):
        error("bad_amount", "amount", value=text)
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        error("bad_amount", "amount", value=text)
        return None
    if amount < 0:
        error("negative_amount", "amount", value=text)
    elif amount != amount.quantize(CENT):
        error("amount_decimals", "amount", value=text)
    elif amount > MAX_AMOUNT:
        error("amount_too_large", "amount", value=text)
    else:
        return amount.quantize(CENT)
    return None


def _integer(value, column: str, error) -> int:
    """Blank means 0; otherwise a whole number ≥ 0 (12 or 12.0, not 12.5)."""
    text = text_of(value)
    if not text:
        return 0
    if isinstance(value, bool) or not _INTEGER.match(text):
        error("bad_integer", column, value=text)
        return 0
    number = int(Decimal(text))
    if number < 0:
        error("negative_integer", column, value=text)
    elif number > MAX_INTEGER:
        error("bad_integer", column, value=text)
    return number
