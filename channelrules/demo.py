"""Demo data of the channel rules: a catalogue, a price list per tier (and one for everybody), three months
of sales lines that state product, price and the customer's city (a few under the minimum price or outside
the partner's territory), shipments, inventory reports (some late, some missing), the violation findings of
last month with one raised as an incident and one dismissed. Safe to run twice."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from channelrules import services
from channelrules.models import Finding, InventoryLine, InventoryReport, PriceList, PriceListLine, Product, Shipment
from common.money import round_money
from common.periods import Period
from partners.models import Agreement, Partner, ProductCategory, Region, SalesRecord, Tier
from partners.sales_months import sales_months_refresh

# code, name, category, unit, supply price for the top tier
PRODUCTS = [
    ("HW-R100", "企业级路由器 R100", "HW", "台", Decimal("980")),
    ("HW-S200", "智能交换机 S200", "HW", "台", Decimal("1460")),
    ("SW-OA", "协同办公软件年度授权", "SW", "套", Decimal("3600")),
    ("SW-SEC", "终端安全软件年度授权", "SW", "套", Decimal("2800")),
    ("SVC-INST", "上门安装调试服务", "SVC", "次", Decimal("1500")),
    ("ACC-CAB", "六类网线整箱", "ACC", "箱", Decimal("65")),
]
# tier name → supply price factor; the minimum resale price is the top tier's supply price times 1.25
TIER_FACTORS = {"金牌": Decimal("1.00"), "银牌": Decimal("1.05"), "铜牌": Decimal("1.10")}
MIN_FACTOR = Decimal("1.25")
PARTNERS = 24  # the first active partners get product-level sales lines and inventory reports


def seed(ctx) -> None:
    categories = {category.code: category for category in ProductCategory.objects.all()}
    products = {}
    for code, name, category, unit, _price in PRODUCTS:
        products[code], _ = Product.objects.get_or_create(
            code=code, defaults={"name": name, "category": categories[category], "unit": unit}
        )
    start = Period.containing(ctx.today).previous(12).first_day
    for tier in Tier.objects.all():
        price_list, created = PriceList.objects.get_or_create(
            name=f"{tier.name}渠道价格表", defaults={"tier": tier, "valid_from": start}
        )
        if created:
            factor = TIER_FACTORS.get(tier.name, Decimal("1.10"))
            PriceListLine.objects.bulk_create(
                PriceListLine(
                    price_list=price_list,
                    product=products[code],
                    supply_price=round_money(price * factor),
                    min_resale_price=round_money(price * MIN_FACTOR),
                )
                for code, _name, _category, _unit, price in PRODUCTS
            )
    general, created = PriceList.objects.get_or_create(name="通用渠道价格表", defaults={"valid_from": start})
    if created:
        PriceListLine.objects.bulk_create(
            PriceListLine(
                price_list=general,
                category=categories[category],
                supply_price=round_money(price * Decimal("1.15")),
                min_resale_price=round_money(price * MIN_FACTOR),
            )
            for _code, _name, category, _unit, price in PRODUCTS[::2]
        )
    partners = list(
        Partner.objects.filter(status=Partner.Status.ACTIVE, joined_on__isnull=False)
        .select_related("region", "tier")
        .order_by("code")[:PARTNERS]
    )
    far_away = list(Region.objects.filter(level=Region.Level.CITY).order_by("code")[:40])
    this_month = Period.containing(ctx.today)
    months = this_month.trailing(4)[:-1]  # the three full months before this one
    lines, shipments = [], []
    for index, partner in enumerate(partners):
        rng = random.Random(f"channelrules-{partner.code}")
        for period in months:
            for number, (code, _name, category, _unit, price) in enumerate(PRODUCTS):
                if rng.random() < 0.3:
                    continue
                quantity = rng.randint(5, 60)
                unit_price = round_money(price * MIN_FACTOR * Decimal(str(rng.uniform(1.0, 1.3))))
                region = partner.region
                if index % 6 == 1 and number == 0 and period == months[-1]:
                    unit_price = round_money(price * MIN_FACTOR * Decimal("0.9"))  # under the minimum
                if index % 8 == 3 and number == 1 and period == months[-1]:
                    region = far_away[index % len(far_away)]  # outside the territory
                day = period.first_day + dt.timedelta(days=rng.randint(0, 26))
                lines.append(
                    SalesRecord(
                        partner=partner,
                        date=day,
                        amount=round_money(unit_price * quantity),
                        quantity=quantity,
                        category=categories[category],
                        source=SalesRecord.Source.IMPORT,
                        external_ref=f"DEMO-CR-{period.first_day:%Y%m}-{code}",
                        product_code=code,
                        unit_price=unit_price,
                        customer_region=region,
                    )
                )
                shipments.append(
                    Shipment(
                        partner=partner,
                        product=products[code],
                        shipped_on=period.first_day + dt.timedelta(days=rng.randint(0, 10)),
                        quantity=quantity + rng.randint(-5, 15) if quantity > 5 else quantity,
                        external_ref=f"DEMO-SO-{partner.code}-{period.first_day:%Y%m}-{code}",
                    )
                )
    SalesRecord.objects.bulk_create(lines, batch_size=2000, ignore_conflicts=True)
    sales_months_refresh(keys={(line.partner_id, line.date) for line in lines})
    Shipment.objects.bulk_create(shipments, batch_size=2000, ignore_conflicts=True)
    _territories(partners)
    _inventory(partners, products, months)
    for period in months:
        services.findings_detect(period=period)
    _decide(ctx, months[-1])


def _territories(partners) -> None:
    """Each demo partner's signed agreement covers its own city (so a sale elsewhere is cross-territory)."""
    for agreement in Agreement.objects.filter(partner__in=partners, status=Agreement.Status.SIGNED).select_related(
        "partner"
    ):
        if not agreement.territory.exists():
            agreement.territory.add(agreement.partner.region)


def _inventory(partners, products, months) -> None:
    for index, partner in enumerate(partners):
        rng = random.Random(f"channelrules-stock-{partner.code}")
        for step, period in enumerate(months):
            if index % 7 == 5 and step == len(months) - 1:
                continue  # this one's last report is missing
            if InventoryReport.objects.filter(partner=partner, period=period.first_day).exists():
                continue
            due = services.report_due(period)
            late = index % 5 == 2
            submitted = dt.datetime.combine(
                due + dt.timedelta(days=3 if late else -2), dt.time(10), tzinfo=timezone.get_current_timezone()
            )
            report = InventoryReport.objects.create(
                partner=partner, period=period.first_day, submitted_at=submitted, late=late
            )
            InventoryLine.objects.bulk_create(
                InventoryLine(
                    report=report,
                    product=product,
                    quantity=0 if (index + step) % 11 == 0 and number == 0 else rng.randint(0, 120),
                )
                for number, product in enumerate(products.values())
            )


def _decide(ctx, period: Period) -> None:
    """One finding of last month raised as an incident and one dismissed, once."""
    findings = Finding.objects.filter(period=period.first_day).order_by("pk")
    if findings.exclude(status=Finding.Status.OPEN).exists():
        return
    manager = ctx.users.get("manager")
    first = findings.filter(kind=Finding.Kind.PRICE).first()
    if first is not None:
        services.finding_raise_incident(finding=first, by=manager)
    other = findings.filter(status=Finding.Status.OPEN).first()
    if other is not None:
        services.finding_dismiss(finding=other, reason="与伙伴确认为清仓促销并已事先报备。", by=manager)
