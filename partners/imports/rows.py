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
        "negative_amount": _(
            "The amount “%(value)s” is negative; a sale's amount must be 0 or more (mark a return as “return”)."
        ),
        "positive_return": _("The amount “%(value)s” of a return must be 0 or less, e.g. -1200.00."),
        "positive_return_quantity": _("The quantity “%(value)s” of a return must be 0 or less."),
        "bad_kind": _("“%(value)s” is not a kind of line: write sale (销售) or return (退货 / 红冲)."),
        "original_on_sale": _("Only a return names an original sale; this row is a sale."),
        "original_is_self": _("A return cannot name itself as its original sale."),
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


SALE, RETURN = "sale", "return"  # SalesRecord.Kind's values (no ORM import here)


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
    kind: str = SALE
    original_ref: str = ""
    product_code: str = ""
    unit_price: Decimal | None = None
    customer_region: str = ""  # a key of the known regions (see category_key)


# How a file may name the kind of a line, compared case-insensitively.
KIND_WORDS = {
    "": SALE,
    "sale": SALE,
    "销售": SALE,
    "return": RETURN,
    "退货": RETURN,
    "credit note": RETURN,
    "credit_note": RETURN,
    "红冲": RETURN,
}


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
    kind_text = text_of(values.get("kind"))
    kind = KIND_WORDS.get(kind_text.casefold())
    if kind is None:
        error("bad_kind", "kind", value=kind_text)
    original_ref = text_of(values.get("original_ref"))
    if original_ref and kind == SALE:
        error("original_on_sale", "original_ref")
    elif original_ref and original_ref == external_ref:
        error("original_is_self", "original_ref")
    if len(original_ref) > MAX_REF:
        error("ref_too_long", "original_ref", value=original_ref[:MAX_REF] + "…")
    date = _date(values.get("date"), error)
    amount = _amount(values.get("amount"), error, is_return=kind == RETURN)
    quantity = _integer(values.get("quantity"), "quantity", error, is_return=kind == RETURN)
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
    row = SalesRow(
        number,
        partner_code,
        date,
        amount,
        quantity,
        category,
        new_customers,
        external_ref,
        kind,
        original_ref,
        product_code,
        unit_price,
        region,
    )
    return row, []


def _date(value, error) -> dt.date | None:
    date = date_of(value)
    if date is None and text_of(value):
        error("bad_date", "date", value=text_of(value))
    return date


def _amount(value, error, *, column: str = "amount", is_return: bool = False) -> Decimal | None:
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
    if amount < 0 and not is_return:
        error("negative_amount", column, value=text)
    elif amount > 0 and is_return:
        error("positive_return", column, value=text)
    elif amount != amount.quantize(CENT):
        error("amount_decimals", column, value=text)
    elif abs(amount) > MAX_AMOUNT:
        error("amount_too_large", column, value=text)
    else:
        return amount.quantize(CENT)
    return None


def _integer(value, column: str, error, *, is_return: bool = False) -> int:
    """Blank means 0; otherwise a whole number (12 or 12.0, not 12.5), ≥ 0; a return's quantity is ≤ 0."""
    text = text_of(value)
    if not text:
        return 0
    if isinstance(value, bool) or not _INTEGER.match(text):
        error("bad_integer", column, value=text)
        return 0
    number = int(Decimal(text))
    if is_return and column == "quantity":
        if number > 0:
            error("positive_return_quantity", column, value=text)
        elif -number > MAX_INTEGER:
            error("bad_integer", column, value=text)
        return number
    if number < 0:
        error("negative_integer", column, value=text)
    elif number > MAX_INTEGER:
        error("bad_integer", column, value=text)
    return number
