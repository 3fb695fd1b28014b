"""Company leads from a CSV or XLSX file, on the shared import pipeline (`common/imports`): every row checked
first, then all rows written in one transaction or none, each new lead offered to its first partner.

Columns: `customer_name`, `region_code` (the city's or province's administrative code), and optionally
`credit_code`, `channel_type`, `contact_name`, `contact_phone`, `expected_amount`, `description`,
`external_ref`. A row whose `external_ref` was imported before is skipped, so the same file imported twice
adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from common.imports.cells import text_of
from common.imports.checking import Lookup, TabularImport
from common.imports.errors import RowError, register
from common.imports.reading import Columns, RawRow
from common.imports.running import file_kind, import_file
from common.money import has_at_most_cents
from deals import services
from deals.models import Lead
from partners.models import ChannelType, Region

LEAD_COLUMNS = Columns(
    (
        "customer_name",
        "region_code",
        "credit_code",
        "channel_type",
        "contact_name",
        "contact_phone",
        "expected_amount",
        "description",
        "external_ref",
    ),
    required=("customer_name", "region_code"),
    aliases={
        "客户名称": "customer_name",
        "地区编码": "region_code",
        "统一社会信用代码": "credit_code",
        "渠道类型": "channel_type",
        "联系人": "contact_name",
        "联系电话": "contact_phone",
        "预计金额": "expected_amount",
        "说明": "description",
        "外部编号": "external_ref",
    },
)
MAX_ROWS = 20_000

register(
    messages={
        "unknown_region_code": _("Unknown region code “%(code)s”."),
        "bad_channel_type": _("Unknown channel type “%(value)s”."),
        "same_external_ref": _("Same external reference as row %(row)s."),
        "not_an_amount": _("“%(value)s” is not an amount."),
        "amount_range": _("The amount must be positive, in yuan and fen (at most two decimals)."),
        "too_long": _("The %(column)s is longer than %(limit)s characters."),
    },
    labels={
        "customer_name": _("customer name"),
        "region_code": _("region code"),
        "credit_code": _("credit code"),
        "channel_type": _("channel type"),
        "contact_name": _("contact name"),
        "contact_phone": _("contact phone"),
        "expected_amount": _("expected amount"),
        "external_ref": _("external reference"),
    },
)

CHANNEL_TYPES = {value: value for value, _label in ChannelType.choices} | {
    str(label): value for value, label in ChannelType.choices
}
LIMITS = {"customer_name": 200, "credit_code": 30, "contact_name": 100, "contact_phone": 30, "external_ref": 64}


class LeadImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [
            (_("Row %(row)s: %(message)s") % {"row": e.row, "message": e.message}) if e.row else e.message
            for e in self.errors
        ]


@dataclass(frozen=True, slots=True)
class LeadRow:
    number: int
    customer_name: str
    region_code: str
    credit_code: str
    channel_type: str
    contact_name: str
    contact_phone: str
    expected_amount: Decimal | None
    description: str
    external_ref: str


def _parse(raw: RawRow) -> tuple[LeadRow | None, list[RowError]]:
    values = {name: text_of(raw.values.get(name)) for name in LEAD_COLUMNS.names}
    errors = []
    for name in ("customer_name", "region_code"):
        if not values[name]:
            errors.append(RowError(raw.number, "required", name))
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors.append(RowError(raw.number, "too_long", name, {"limit": limit}))
    channel_type = ""
    if values["channel_type"]:
        channel_type = CHANNEL_TYPES.get(values["channel_type"].lower()) or CHANNEL_TYPES.get(values["channel_type"])
        if not channel_type:
            errors.append(RowError(raw.number, "bad_channel_type", "channel_type", {"value": values["channel_type"]}))
    amount = None
    text = values["expected_amount"].replace(",", "")
    if text:
        try:
            amount = Decimal(text)
        except InvalidOperation:
            errors.append(RowError(raw.number, "not_an_amount", "expected_amount", {"value": text}))
        else:
            if not amount.is_finite() or amount < 0 or not has_at_most_cents(amount) or amount >= Decimal("1e12"):
                errors.append(RowError(raw.number, "amount_range", "expected_amount"))
    if errors:
        return None, errors
    return LeadRow(number=raw.number, **{**values, "channel_type": channel_type or "", "expected_amount": amount}), []


def leads_import(*, file, file_name: str, by) -> int:
    """Check every row, then create all new leads in one transaction (each offered at once); returns how many.
    Raises LeadImportError with the row errors; nothing is written then."""
    spec = TabularImport(
        columns=LEAD_COLUMNS,
        parse=_parse,
        max_rows=MAX_ROWS,
        key=lambda row: row.external_ref or f"\x00row {row.number}",  # a blank reference is never a duplicate
        duplicate=lambda number, _row, first: RowError(number, "same_external_ref", "external_ref", {"row": first}),
        lookup=Lookup(
            value=lambda raw: text_of(raw.values.get("region_code")) or None,
            find=lambda codes: set(Region.objects.filter(code__in=codes).values_list("code", flat=True)),
            error=lambda number, code: RowError(number, "unknown_region_code", "region_code", {"code": code}),
        ),
    )
    report, created = import_file(
        file, kind=file_kind(file_name) or "csv", spec=spec, write=lambda rows: _write(rows, by=by)
    )
    if not report.ok:
        raise LeadImportError(report.errors)
    return created


def _write(rows: Iterable[LeadRow], *, by) -> int:
    rows = list(rows)
    regions = dict(Region.objects.filter(code__in={row.region_code for row in rows}).values_list("code", "pk"))
    known = set(
        Lead.objects.filter(external_ref__in=[r.external_ref for r in rows if r.external_ref]).values_list(
            "external_ref", flat=True
        )
    )
    created = 0
    for row in rows:
        if row.external_ref and row.external_ref in known:
            continue
        services.lead_create(
            data={
                "customer_name": row.customer_name,
                "credit_code": row.credit_code,
                "region_id": regions[row.region_code],
                "channel_type": row.channel_type,
                "contact_name": row.contact_name,
                "contact_phone": row.contact_phone,
                "expected_amount": row.expected_amount,
                "description": row.description,
                "source": Lead.Source.IMPORT,
                "external_ref": row.external_ref,
            },
            by=by,
        )
        created += 1
    return created
