"""The three tabular imports of the channel rules, declared to the shared pipeline (`common/imports`): the
product catalogue, the company's shipments (sell-in) and a partner's monthly inventory report. Each one
declares its columns and its row rule; the pipeline reads the file twice, lists every bad row, and writes
all rows in one transaction or none.

| import    | columns (English / 中文)                                                                  |
| products  | code 产品编码, name 产品名称, category 产品类别 (code or name), unit 单位                  |
| shipments | partner_code 伙伴编码, product_code 产品编码, date 日期, quantity 数量, external_ref 外部单号 |
| inventory | product_code 产品编码, quantity 库存数量                                                  |
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from common.imports.cells import date_of, text_of
from common.imports.checking import Lookup, TabularImport
from common.imports.errors import RowError, register
from common.imports.reading import Columns, RawRow
from common.imports.running import file_kind, import_file
from partners.imports import rows as _sales_rows  # noqa: F401  (words "unknown_partner", "bad_date" ...)

MAX_ROWS = 50_000
_WHOLE = re.compile(r"^\+?\d+(\.0+)?$")
MAX_QUANTITY = 2_147_483_647

PRODUCT_COLUMNS = Columns(
    ("code", "name", "category", "unit"),
    required=("code", "name", "category", "unit"),
    aliases={"产品编码": "code", "product_code": "code", "产品名称": "name", "产品类别": "category", "单位": "unit"},
)
SHIPMENT_COLUMNS = Columns(
    ("partner_code", "product_code", "date", "quantity", "external_ref"),
    required=("partner_code", "product_code", "date", "quantity", "external_ref"),
    aliases={
        "伙伴编码": "partner_code",
        "产品编码": "product_code",
        "日期": "date",
        "数量": "quantity",
        "外部单号": "external_ref",
    },
)
INVENTORY_COLUMNS = Columns(
    ("product_code", "quantity"),
    required=("product_code", "quantity"),
    aliases={"产品编码": "product_code", "库存数量": "quantity", "数量": "quantity", "stock": "quantity"},
)

register(
    messages={
        "unknown_product": _("No product has the code “%(value)s”."),
        "same_product": _("The product “%(value)s” already appears in row %(first)s."),
        "same_shipment": _("The external reference “%(value)s” already appears in row %(first)s."),
        "bad_quantity": _("The quantity “%(value)s” is not a whole number of 0 or more."),
        "too_long": _("The %(column)s is longer than %(limit)s characters."),
    },
    labels={
        "code": _("product code"),
        "name": _("name"),
        "unit": _("unit"),
        "product_code": _("product code"),
        "quantity": _("quantity"),
    },
)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class ProductRow:
    code: str
    name: str
    category: str  # a key of the known categories (casefolded code or name)
    unit: str


@dataclass(frozen=True, slots=True)
class ShipmentRow:
    partner_code: str
    product_code: str
    day: dt.date
    quantity: int
    external_ref: str


@dataclass(frozen=True, slots=True)
class StockRow:
    product_code: str
    quantity: int


def _required(raw: RawRow, errors: list, *columns: str) -> dict[str, str]:
    texts = {column: text_of(raw.values.get(column)) for column in columns}
    for column, text in texts.items():
        if not text:
            errors.append(RowError(raw.number, "required", column))
    return texts


def _long(raw: RawRow, errors: list, column: str, text: str, limit: int) -> None:
    if len(text) > limit:
        errors.append(RowError(raw.number, "too_long", column, {"limit": limit}))


def quantity_of(value, number: int, errors: list) -> int | None:
    text = text_of(value)
    if not text:
        return None
    if isinstance(value, bool) or not _WHOLE.match(text) or int(float(text)) > MAX_QUANTITY:
        errors.append(RowError(number, "bad_quantity", "quantity", {"value": text}))
        return None
    return int(float(text))


def _run(file, file_name: str, spec: TabularImport, write: Callable[[Iterable], object]):
    report, result = import_file(file, kind=file_kind(file_name) or "csv", spec=spec, write=write)
    if not report.ok:
        raise ImportFailed(report.errors)
    return result


def _product_lookup(find: Callable[[set[str]], set[str]], column: str) -> Lookup:
    return Lookup(
        value=lambda raw: text_of(raw.values.get(column)) or None,
        find=find,
        error=lambda number, code: RowError(number, "unknown_product", column, {"value": code}),
    )


def run_products(*, file, file_name: str, categories: set[str], write) -> object:
    def parse(raw: RawRow):
        errors: list[RowError] = []
        texts = _required(raw, errors, "code", "name", "category", "unit")
        _long(raw, errors, "code", texts["code"], 30)
        _long(raw, errors, "name", texts["name"], 200)
        _long(raw, errors, "unit", texts["unit"], 20)
        category = texts["category"].casefold()
        if category and category not in categories:
            errors.append(RowError(raw.number, "unknown_category", "category", {"value": texts["category"]}))
        if errors:
            return None, errors
        return ProductRow(texts["code"], texts["name"], category, texts["unit"]), []

    spec = TabularImport(
        columns=PRODUCT_COLUMNS,
        parse=parse,
        max_rows=MAX_ROWS,
        key=lambda row: row.code,
        duplicate=lambda number, row, first: RowError(
            number, "same_product", "code", {"value": row.code, "first": first}
        ),
    )
    return _run(file, file_name, spec, write)


def run_shipments(*, file, file_name: str, partner_codes: set[str], find_products, write) -> object:
    """`partner_codes`: every partner's code, read once (partners are few; rows may be many)."""

    def parse(raw: RawRow):
        errors: list[RowError] = []
        texts = _required(raw, errors, "partner_code", "product_code", "date", "quantity", "external_ref")
        _long(raw, errors, "external_ref", texts["external_ref"], 64)
        day = date_of(raw.values.get("date"))
        if day is None and texts["date"]:
            errors.append(RowError(raw.number, "bad_date", "date", {"value": texts["date"]}))
        quantity = quantity_of(raw.values.get("quantity"), raw.number, errors)
        if errors:
            return None, errors
        return ShipmentRow(texts["partner_code"], texts["product_code"], day, quantity, texts["external_ref"]), []

    def parse_and_check_partner(raw: RawRow):
        parsed, errors = parse(raw)
        code = text_of(raw.values.get("partner_code"))
        if code and code not in partner_codes:
            errors.append(RowError(raw.number, "unknown_partner", "partner_code", {"value": code}))
            parsed = None
        return parsed, errors

    spec = TabularImport(
        columns=SHIPMENT_COLUMNS,
        parse=parse_and_check_partner,
        max_rows=MAX_ROWS,
        key=lambda row: row.external_ref,
        duplicate=lambda number, row, first: RowError(
            number, "same_shipment", "external_ref", {"value": row.external_ref, "first": first}
        ),
        lookup=_product_lookup(find_products, "product_code"),
    )
    return _run(file, file_name, spec, write)


def run_inventory(*, file, file_name: str, find_products, write) -> object:
    def parse(raw: RawRow):
        errors: list[RowError] = []
        texts = _required(raw, errors, "product_code", "quantity")
        quantity = quantity_of(raw.values.get("quantity"), raw.number, errors)
        if errors:
            return None, errors
        return StockRow(texts["product_code"], quantity), []

    spec = TabularImport(
        columns=INVENTORY_COLUMNS,
        parse=parse,
        max_rows=MAX_ROWS,
        key=lambda row: row.product_code,
        duplicate=lambda number, row, first: RowError(
            number, "same_product", "product_code", {"value": row.product_code, "first": first}
        ),
        lookup=_product_lookup(find_products, "product_code"),
    )
    return _run(file, file_name, spec, write)
