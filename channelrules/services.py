"""The channel rules' writes: the catalogue and price lists, the violation report and its cases, the
monthly inventory reports, shipments and stock thresholds, and the missing-report reminders.

Idempotency: the violation report keeps one finding per sale and kind (a unique constraint), so running it
twice finds nothing new; an inventory report is one per partner and month (resubmitting replaces its lines);
a shipment is one per external reference (importing a file again updates, never duplicates); a reminder is
one email per partner, recipient and month through the email log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from channelrules import imports, violations
from channelrules.models import (
    Finding,
    InventoryLine,
    InventoryReport,
    PriceList,
    PriceListLine,
    Product,
    Shipment,
    StockThreshold,
)
from channelrules.prices import ListFacts
from common import clock, display
from common.emails import Email, email_send_once
from common.emails.models import EmailLog
from common.history import changed_by
from common.periods import Period
from partners.models import Agreement, ComplianceIncident, Partner, ProductCategory
from partners.selectors import partners_active_in, sales_lines
from partners.services import incident_create

# A month's inventory report is due by this day of the following month; later ones are flagged late.
REPORT_DUE_DAY = 5
# Reminders for missing reports go out on this day of the following month.
REMINDER_DAY = 3


def _save(instance, by=None, reason: str | None = None):
    instance.full_clean()
    changed_by(instance, by, reason=reason)
    instance.save()
    return instance


# --- catalogue and price lists ---------------------------------------------------------------------------


def category_keys() -> dict[str, int]:
    keys = {}
    for pk, code, name in ProductCategory.objects.values_list("pk", "code", "name"):
        keys.setdefault(name.strip().casefold(), pk)
        keys[code.strip().casefold()] = pk
    return keys


def products_import(*, file, file_name: str, by=None) -> dict[str, int]:
    """Create or update products from a CSV/XLSX file, matched on their code. All rows or none.
    Returns {"new": n, "updated": n}. Raises imports.ImportFailed with the row errors."""
    categories = category_keys()

    def write(rows: Iterable[imports.ProductRow]) -> dict[str, int]:
        counts = {"new": 0, "updated": 0}
        rows = list(rows)
        existing = Product.objects.in_bulk([row.code for row in rows], field_name="code")
        for row in rows:
            product = existing.get(row.code) or Product(code=row.code)
            values = {"name": row.name, "category_id": categories[row.category], "unit": row.unit}
            if product.pk and all(getattr(product, key) == value for key, value in values.items()):
                continue
            counts["updated" if product.pk else "new"] += 1
            for key, value in values.items():
                setattr(product, key, value)
            _save(product, by, reason=_("Imported from %(file)s") % {"file": file_name})
        return counts

    return imports.run_products(file=file, file_name=file_name, categories=set(categories), write=write)


@transaction.atomic
def product_save(*, product: Product, by) -> Product:
    return _save(product, by)


@transaction.atomic
def price_list_save(*, price_list: PriceList, by) -> PriceList:
    return _save(price_list, by)


@transaction.atomic
def price_line_save(*, line: PriceListLine, by) -> PriceListLine:
    if (
        line.min_resale_price is not None
        and line.supply_price is not None
        and line.min_resale_price < line.supply_price
    ):
        raise ValidationError({"min_resale_price": _("The minimum resale price is below the supply price.")})
    try:
        line.validate_constraints()
    except ValidationError as error:
        raise ValidationError(_("This price list already has a line for that product or category.")) from error
    return _save(line, by)


def price_list_facts() -> list[ListFacts]:
    """Every price list with its lines, as the pure price rule reads them: two queries."""
    products, categories = defaultdict(dict), defaultdict(dict)
    for line in PriceListLine.objects.values_list(
        "price_list_id", "product_id", "category_id", "supply_price", "min_resale_price"
    ):
        list_id, product_id, category_id, supply, minimum = line
        if product_id is not None:
            products[list_id][product_id] = (supply, minimum)
        else:
            categories[list_id][category_id] = (supply, minimum)
    return [
        ListFacts(pk, tier_id, channel_type, valid_from, valid_to, products[pk], categories[pk])
        for pk, tier_id, channel_type, valid_from, valid_to in PriceList.objects.values_list(
            "pk", "tier_id", "channel_type", "valid_from", "valid_to"
        )
    ]


# --- the violation report ----------------------------------------------------------------------------------


def territories(*, partner_ids: Iterable[int]) -> dict[int, list[tuple[dt.date, dt.date, set[int]]]]:
    """partner → [(start, end, region ids)] of its signed agreements: two queries."""
    result: dict[int, list] = defaultdict(list)
    agreements = Agreement.objects.filter(partner_id__in=partner_ids, status=Agreement.Status.SIGNED)
    regions = defaultdict(set)
    for agreement_id, region_id in Agreement.territory.through.objects.filter(
        agreement__in=agreements.values("pk")
    ).values_list("agreement_id", "region_id"):
        regions[agreement_id].add(region_id)
    for pk, partner_id, start, end in agreements.values_list("pk", "partner_id", "start_on", "end_on"):
        result[partner_id].append((start, end, regions[pk]))
    return result


def territory_on(agreements: list[tuple[dt.date, dt.date, set[int]]], day: dt.date) -> set[int]:
    covered: set[int] = set()
    for start, end, regions in agreements:
        if start <= day <= end:
            covered |= regions
    return covered


@transaction.atomic
def findings_detect(*, period: Period) -> dict[str, int]:
    """Run the violation report for a month: a finding for every sale under the minimum resale price or
    outside the partner's territory. Rerunnable: findings already made stay as they are (with their
    decisions); open findings whose sale no longer breaks the rule (corrected since) are withdrawn.
    Returns {"new": n, "withdrawn": n}. A fixed number of queries, whatever the number of sales."""
    lines = sales_lines(first=period, last=period).select_related("partner")
    products = {
        code: (pk, category_id) for code, pk, category_id in Product.objects.values_list("code", "pk", "category_id")
    }
    lists = price_list_facts()
    agreements = territories(partner_ids=set(lines.order_by().values_list("partner_id", flat=True).distinct()))
    found: dict[tuple[int, str], Finding] = {}
    for line in lines.iterator(chunk_size=2000):  # a month of sales is streamed, not held in memory
        product_id, product_category = products.get(line.product_code, (None, None))
        region = line.customer_region
        facts = violations.SaleFacts(
            sale_id=line.pk,
            partner_id=line.partner_id,
            tier_id=line.partner.tier_id,
            channel_type=line.partner.channel_type,
            day=line.date,
            unit_price=line.unit_price,
            product_id=product_id,
            category_id=product_category or line.category_id,
            region_id=region.pk if region else None,
            province_id=(region.parent_id or region.pk) if region else None,
        )
        territory = territory_on(agreements.get(line.partner_id, []), line.date)
        for hit in violations.hits(facts, lists=lists, territory=territory):
            found[(line.pk, hit.kind)] = Finding(
                partner_id=line.partner_id,
                sale_id=line.pk,
                kind=hit.kind,
                period=period.first_day,
                sold_on=line.date,
                product_code=line.product_code,
                unit_price=line.unit_price,
                min_price=hit.price.minimum if hit.price else None,
                price_list_id=hit.price.list_id if hit.price else None,
                region=region,
            )
    current = Finding.objects.filter(period=period.first_day).values_list("pk", "sale_id", "kind", "status")
    existing = set()
    stale = []
    for pk, sale_id, kind, status in current:
        existing.add((sale_id, kind))
        if status == Finding.Status.OPEN and (sale_id, kind) not in found:
            stale.append(pk)
    withdrawn, _detail = Finding.objects.filter(pk__in=stale).delete()
    new = [finding for key, finding in found.items() if key not in existing]
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    return {"new": len(new), "withdrawn": withdrawn}


SEVERITY = {
    Finding.Kind.PRICE: ComplianceIncident.Severity.MEDIUM,
    Finding.Kind.TERRITORY: ComplianceIncident.Severity.HIGH,
}


def _locked_open(finding: Finding) -> Finding:
    locked = Finding.objects.select_for_update(of=("self",)).select_related("partner", "region").get(pk=finding.pk)
    if locked.status != Finding.Status.OPEN:
        raise ValidationError(_("This finding was already decided."))
    return locked


@transaction.atomic
def finding_raise_incident(*, finding: Finding, by, severity: str | None = None, note: str = "") -> ComplianceIncident:
    """Turn an open finding into a compliance incident (which scorecards and penalties read)."""
    finding = _locked_open(finding)
    if finding.kind == Finding.Kind.PRICE:
        description = _(
            "Sold %(product)s at %(price)s, below the minimum resale price %(minimum)s (sale of %(day)s)."
        ) % {
            "product": finding.product_code or "—",
            "price": finding.unit_price,
            "minimum": finding.min_price,
            "day": finding.sold_on.isoformat(),
        }
    else:
        description = _("Sold into %(region)s, outside the authorised territory (sale of %(day)s).") % {
            "region": finding.region,
            "day": finding.sold_on.isoformat(),
        }
    if note.strip():
        description += "\n" + note.strip()
    incident = incident_create(
        partner=finding.partner,
        data={
            "kind": finding.kind,  # the finding's kinds are incident kinds
            "severity": severity or SEVERITY[finding.kind],
            "status": ComplianceIncident.Status.OPEN,
            "occurred_on": finding.sold_on,
            "description": description,
        },
        by=by,
    )
    finding.incident = incident
    finding.status = Finding.Status.INCIDENT
    finding.decided_by = by
    finding.decided_at = timezone.now()
    _save(finding, by, reason=_("Incident raised"))
    return incident


@transaction.atomic
def finding_dismiss(*, finding: Finding, reason: str, by) -> Finding:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the finding is dismissed.")})
    finding = _locked_open(finding)
    finding.status = Finding.Status.DISMISSED
    finding.reason = reason.strip()
    finding.decided_by = by
    finding.decided_at = timezone.now()
    return _save(finding, by, reason=reason)


# --- channel inventory ------------------------------------------------------------------------------------


def report_due(period: Period) -> dt.date:
    return period.next().first_day.replace(day=REPORT_DUE_DAY)


@transaction.atomic
def inventory_report_submit(
    *, partner: Partner, period: Period, quantities: dict[int, int], by, now=None
) -> InventoryReport:
    """Record the partner's stock on hand per product at the end of `period` (product id → units). A
    second report for the month replaces the first one's lines; a report after the due day is late."""
    if not quantities:
        raise ValidationError(_("Enter the stock of at least one product."))
    if any(quantity < 0 for quantity in quantities.values()):
        raise ValidationError(_("Stock cannot be negative."))
    now = now or timezone.now()
    today = clock.today(now)
    if period.first_day > today:
        raise ValidationError(_("A month's stock can be reported once the month has begun."))
    report = InventoryReport.objects.select_for_update().filter(partner=partner, period=period.first_day).first()
    report = report or InventoryReport(partner=partner, period=period.first_day)
    report.submitted_at = now
    report.submitted_by = by
    report.late = today > report_due(period)
    _save(report, by)
    report.lines.all().delete()
    InventoryLine.objects.bulk_create(
        [
            InventoryLine(report=report, product_id=product_id, quantity=quantity)
            for product_id, quantity in quantities.items()
        ]
    )
    return report


def product_codes(codes: set[str]) -> set[str]:
    return set(Product.objects.filter(code__in=codes).values_list("code", flat=True))


def inventory_import(*, partner: Partner, period: Period, file, file_name: str, by) -> InventoryReport:
    """The inventory report from a CSV/XLSX file: every row checked, then the whole report or nothing.
    Raises imports.ImportFailed (row errors) or ValidationError (the report as a whole)."""

    def write(rows: Iterable[imports.StockRow]) -> InventoryReport:
        rows = list(rows)
        pks = dict(Product.objects.filter(code__in=[row.product_code for row in rows]).values_list("code", "pk"))
        return inventory_report_submit(
            partner=partner, period=period, quantities={pks[row.product_code]: row.quantity for row in rows}, by=by
        )

    return imports.run_inventory(file=file, file_name=file_name, find_products=product_codes, write=write)


def shipments_import(*, file, file_name: str, by=None) -> dict[str, int]:
    """Sell-in from the company's order system: upserted on the external reference. All rows or none."""
    partner_codes = set(Partner.objects.values_list("code", flat=True))

    def write(rows: Iterable[imports.ShipmentRow]) -> dict[str, int]:
        rows = list(rows)
        partners = dict(Partner.objects.filter(code__in={row.partner_code for row in rows}).values_list("code", "pk"))
        products = dict(Product.objects.filter(code__in={row.product_code for row in rows}).values_list("code", "pk"))
        existing = Shipment.objects.in_bulk([row.external_ref for row in rows], field_name="external_ref")
        new, changed = [], []
        for row in rows:
            shipment = existing.get(row.external_ref) or Shipment(external_ref=row.external_ref)
            shipment.partner_id = partners[row.partner_code]
            shipment.product_id = products[row.product_code]
            shipment.shipped_on = row.day
            shipment.quantity = row.quantity
            (changed if shipment.pk else new).append(shipment)
        Shipment.objects.bulk_create(new)
        Shipment.objects.bulk_update(changed, ["partner_id", "product_id", "shipped_on", "quantity"])
        return {"new": len(new), "updated": len(changed)}

    return imports.run_shipments(
        file=file, file_name=file_name, partner_codes=partner_codes, find_products=product_codes, write=write
    )


@transaction.atomic
def threshold_save(*, threshold: StockThreshold, by) -> StockThreshold:
    return _save(threshold, by)


# --- reminders -------------------------------------------------------------------------------------------


def inventory_reminders_send(*, today: dt.date | None = None) -> int:
    """On the REMINDER_DAY of a month: email the primary contact of every active partner whose report for
    the previous month is missing. Once per partner, recipient and month (the email log keeps it)."""
    today = today or clock.today()
    if today.day < REMINDER_DAY:
        return 0
    period = Period.containing(today).previous()
    reported = InventoryReport.objects.filter(period=period.first_day).values("partner_id")
    missing = (
        partners_active_in(period)
        .filter(status=Partner.Status.ACTIVE)
        .exclude(pk__in=reported)
        .prefetch_related("contacts")
        .order_by("pk")
    )
    sent = 0
    for partner in missing:
        contact = next((c for c in partner.contacts.all() if c.is_primary and c.email), None)
        if contact is None:
            continue
        with translation.override(contact.language):
            subject = _("Your channel inventory report for %(month)s is missing") % {"month": display.month(period)}
        sent += email_send_once(
            Email(
                kind=EmailLog.Kind.INVENTORY_REMINDER,
                recipient=contact.email,
                language=contact.language,
                template="channelrules/email/inventory_reminder",
                context={
                    "contact": contact,
                    "partner": partner,
                    "period": period,
                    "due": report_due(period),
                    "site_url": settings.SITE_URL,
                },
                subject=subject,
                partner_id=partner.pk,
                period=str(period),
                about="inventory_report",
            )
        )
    return sent
