"""One row of a sales file → a `SalesRow`, or the `RowError`s that say what is wrong with it. Pure.

The row codes are worded here and registered with the shared pipeline (`common/imports/errors.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from common.imports.cells import date_of, text_of
from common.imports.errors import RowError, register
from common.money import CENT
from partners.imports.columns import LABELS

MAX_AMOUNT = Decimal("999999999999.99")  # money_field(): 14 digits, 2 of them decimals
MAX_INTEGER = 2_147_483_647
MAX_REF = 64
MAX_PARTNER_CODE = 20
MAX_PRODUCT_CODE = 30
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+(\.0+)?$")

register(
    messages={
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
        "product_code_too_long": _("The product code “%(value)s” is longer than 30 characters."),
        "unknown_region": _("“%(value)s” is not a known province or city (its code or name)."),
        "duplicate_ref": _(
            "The external reference “%(value)s” of partner %(partner)s already appears in row %(first)s."
        ),
    },
    labels=LABELS,
)


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
    product_code: str = ""
    unit_price: Decimal | None = None
    customer_region: str = ""  # a key of the known regions (see category_key)


def category_key(value) -> str:
    """Categories are matched by code or name, ignoring case and surrounding spaces."""
    return text_of(value).casefold()


def parse_row(
    number: int, values: dict, *, categories: Container[str], regions: Container[str] = ()
) -> tuple[SalesRow | None, list[RowError]]:
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
    product_code = text_of(values.get("product_code"))
    if len(product_code) > MAX_PRODUCT_CODE:
        error("product_code_too_long", "product_code", value=product_code[:MAX_PRODUCT_CODE] + "…")
    unit_price = _amount(values.get("unit_price"), error, column="unit_price")
    region_text = text_of(values.get("customer_region"))
    region = region_text.casefold()
    if region and region not in regions:
        error("unknown_region", "customer_region", value=region_text)
    if errors:
        return None, errors
    return (
        SalesRow(
            number,
            partner_code,
            date,
            amount,
            quantity,
            category,
            new_customers,
            external_ref,
            product_code,
            unit_price,
            region,
        ),
        [],
    )


def _date(value, error) -> dt.date | None:
    date = date_of(value)
    if date is None and text_of(value):
        error("bad_date", "date", value=text_of(value))
    return date


def _amount(value, error, *, column: str = "amount") -> Decimal | None:
    # repr(): the shortest text that reads back as the same float, 12.34 and not 12.3399999…
    text = repr(value) if isinstance(value, float) else text_of(value)
    if not text:
        return None
    if isinstance(value, bool) or not _NUMBER.match(text):
        error("bad_amount", column, value=text)
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        error("bad_amount", column, value=text)
        return None
    if amount < 0:
        error("negative_amount", column, value=text)
    elif amount != amount.quantize(CENT):
        error("amount_decimals", column, value=text)
    elif amount > MAX_AMOUNT:
        error("amount_too_large", column, value=text)
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
