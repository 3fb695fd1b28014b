"""The sales file's columns. The first row is the header; names are matched case-insensitively in
English or Chinese, in any order; extra columns are ignored. Rows are numbered as a spreadsheet shows
them: the header is row 1, the first sales row is row 2.

| column        | 中文      | required | content                                                      |
| partner_code  | 伙伴编码  | yes      | the partner's code (Partner.code), e.g. P0001                |
| date          | 日期      | yes      | the sale's date, YYYY-MM-DD (a time after it is ignored)     |
| amount        | 金额      | yes      | amount in the installation's currency, at most 2 decimals: ≥ 0 for a sale, ≤ 0 for a return |
| quantity      | 数量      | no       | whole number (blank means 0): ≥ 0 for a sale, ≤ 0 for a return |
| category      | 产品类别  | yes      | a product category's code or name                            |
| new_customers | 新客户数  | no       | whole number ≥ 0 (blank means 0)                             |
| external_ref  | 外部单号  | yes      | the partner's own reference of the line (invoice/order line), unique per partner; |
|               |           |          | importing a row again with the same partner and reference updates it instead of adding it |
| kind          | 类型      | no       | blank or sale / 销售; return / 退货, or credit note / 红冲 for a return (negative line) |
| original_ref  | 原单号    | no       | a return only: the external reference of the sale it returns, linked when it is known |
| product_code  | 产品编码  | no       | the product's code in the catalogue (channel rules)           |
| unit_price    | 单价      | no       | price per unit, ≥ 0, at most 2 decimals                        |
| customer_region | 客户地区 | no      | the end customer's province or city: its administrative code or name |
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from common.imports.reading import Columns

COLUMNS = (
    "partner_code",
    "date",
    "amount",
    "quantity",
    "category",
    "new_customers",
    "external_ref",
    "kind",
    "original_ref",
    "product_code",
    "unit_price",
    "customer_region",
)
REQUIRED = ("partner_code", "date", "amount", "category", "external_ref")
CHINESE = {
    "partner_code": "伙伴编码",
    "date": "日期",
    "amount": "金额",
    "quantity": "数量",
    "category": "产品类别",
    "new_customers": "新客户数",
    "external_ref": "外部单号",
    "kind": "类型",
    "original_ref": "原单号",
    "product_code": "产品编码",
    "unit_price": "单价",
    "customer_region": "客户地区",
}
LABELS = {
    "partner_code": _("partner code"),
    "date": _("date"),
    "amount": _("amount"),
    "quantity": _("quantity"),
    "category": _("product category"),
    "new_customers": _("new customers"),
    "external_ref": _("external reference"),
    "kind": _("kind"),
    "original_ref": _("original sale's reference"),
    "product_code": _("product code"),
    "unit_price": _("unit price"),
    "customer_region": _("customer region"),
}
SALES_COLUMNS = Columns(COLUMNS, REQUIRED, aliases={chinese: name for name, chinese in CHINESE.items()})
header_column = SALES_COLUMNS.column_of

EXAMPLE_ROWS = [
    ("P0001", "2026-10-08", "12800.00", "16", "HW", "1", "INV-2026-10-0001", "sale", "", "HW-100", "800.00", "440100"),
    ("P0001", "2026-10-15", "3560.50", "7", "SW", "0", "INV-2026-10-0002", "sale", "", "", "", ""),
    (
        "P0001",
        "2026-10-20",
        "-1600.00",
        "-2",
        "HW",
        "0",
        "RET-2026-10-0001",
        "return",
        "INV-2026-10-0001",
        "HW-100",
        "800.00",
        "440100",
    ),
]


def template_csv(rows=EXAMPLE_ROWS) -> bytes:
    """The CSV template: UTF-8 with a BOM so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(rows=EXAMPLE_ROWS) -> bytes:
    """The XLSX template: the header in English with the Chinese names as cell comments, text cells
    for codes and references (so Excel keeps leading zeros), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "sales"
    sheet.append(COLUMNS)
    for cell, name in zip(sheet[1], COLUMNS, strict=True):
        cell.font = Font(bold=True)
        cell.comment = Comment(CHINESE[name], "Channelwork")
        sheet.column_dimensions[cell.column_letter].width = 18
    for code, date, amount, quantity, category, new_customers, ref, kind, original_ref, product, price, region in rows:
        price_cell = float(price) if price else None
        sheet.append(
            [
                code,
                date,
                float(amount),
                int(quantity),
                category,
                int(new_customers),
                ref,
                kind,
                original_ref,
                product,
                price_cell,
                region,
            ]
        )
    for (amount_cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        amount_cell.number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
