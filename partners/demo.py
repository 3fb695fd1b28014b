# ruff: noqa: RUF001  (the demo data is Chinese text with Chinese punctuation)
"""Demo partner register: ~60 partners over 13 provinces and every channel type, 18 months of sales,
contacts, agreements (some expiring within 60 days), interactions, a few compliance incidents, and a
portal login for every partner.

Idempotent: partners are looked up by code and only a new partner gets its contacts, agreements,
interactions and lifecycle; sales lines have deterministic `external_ref`s and are inserted with
ignore_conflicts. Randomness comes from per-partner generators, so a second run draws the same numbers
and never disturbs `ctx.rng` for the apps seeded after this one.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from faker import Faker

from common.demo import DEMO_PASSWORD
from common.money import round_money
from common.periods import Period
from partners import services
from partners.credit_code import with_check_character
from partners.models import (
    Agreement,
    ChannelType,
    ComplianceIncident,
    Contact,
    Interaction,
    Partner,
    PartnerMembership,
    ProductCategory,
    Region,
    SalesRecord,
    Tier,
)
from partners.sales_months import sales_months_refresh

TIERS = [
    ("金牌", 1, "5000000.00", "专属渠道经理、最高返利档位、优先供货"),
    ("银牌", 2, "2000000.00", "季度返利、联合市场活动"),
    ("铜牌", 3, "500000.00", "基础返利、线上培训"),
]

# code, name, unit price (CNY) — what the company sells through its channel
CATEGORIES = [
    ("HW", "智能硬件", Decimal("1299")),
    ("SW", "软件授权", Decimal("4800")),
    ("SVC", "技术服务", Decimal("2000")),
    ("ACC", "配件耗材", Decimal("89")),
]

# The first partners stay as they were (their portal logins are in the docs).
FIXED = [
    ("P0001", "华南智联科技", "440100", ChannelType.DISTRIBUTOR, "金牌", Partner.Status.ACTIVE),
    ("P0002", "浙商云途贸易", "330100", ChannelType.AGENT, "银牌", Partner.Status.ACTIVE),
]
CITIES = [
    "440100", "440300", "441900", "330100", "330200", "320100", "320500", "310100", "110100",
    "510100", "420100", "370100", "370200", "350200", "430100", "610100", "500100",
]  # fmt: skip
PARTNER_COUNT = 60
SALES_MONTHS = 18

# A typical month of one partner, by channel type (CNY); tiers and seasons scale it.
MONTHLY_BASE = {
    ChannelType.DIRECT: 900_000,
    ChannelType.DISTRIBUTOR: 650_000,
    ChannelType.AGENT: 260_000,
    ChannelType.RETAILER: 120_000,
    ChannelType.ECOMMERCE: 380_000,
    ChannelType.SOCIAL: 160_000,
}
TIER_FACTOR = {"金牌": 1.6, "银牌": 1.0, "铜牌": 0.55}
# Spring Festival dip, 618 and Double 11 peaks.
SEASON = {1: 0.8, 2: 0.65, 3: 0.95, 4: 1.0, 5: 1.0, 6: 1.2, 7: 0.95, 8: 0.95, 9: 1.05, 10: 1.0, 11: 1.35, 12: 1.15}
STATUS_WEIGHTS = [
    (Partner.Status.ACTIVE, 44),
    (Partner.Status.ONBOARDING, 5),
    (Partner.Status.PROSPECT, 4),
    (Partner.Status.SUSPENDED, 4),
    (Partner.Status.TERMINATED, 3),
]
LIFECYCLE_PATH = {
    Partner.Status.PROSPECT: [],
    Partner.Status.ONBOARDING: [("onboarding", "意向确认，进入入驻流程")],
    Partner.Status.ACTIVE: [("onboarding", "意向确认，进入入驻流程"), ("active", "合作协议已签署，完成入驻培训")],
    Partner.Status.SUSPENDED: [
        ("onboarding", "意向确认，进入入驻流程"),
        ("active", "合作协议已签署，完成入驻培训"),
        ("suspended", "跨区域窜货，暂停供货待整改"),
    ],
    Partner.Status.TERMINATED: [
        ("onboarding", "意向确认，进入入驻流程"),
        ("active", "合作协议已签署，完成入驻培训"),
        ("terminated", "连续两季度未达最低销售目标，协议到期不再续签"),
    ],
}
INTERACTION_NOTES = [
    (Interaction.Kind.VISIT, "季度业务回顾拜访，了解门店动销情况", "提交下季度备货计划"),
    (Interaction.Kind.CALL, "电话沟通新品价格政策及返利档位", "发送最新价格表"),
    (Interaction.Kind.MEETING, "联合市场活动策划会，确定618促销方案", "确认活动物料清单"),
    (Interaction.Kind.INTERVIEW, "渠道访谈：库存周转、回款周期与竞品情况", "整理访谈纪要并跟进回款"),
    (Interaction.Kind.VISIT, "陪同拜访重点客户，协助商务谈判", "准备技术方案演示"),
    (Interaction.Kind.CALL, "沟通培训报名与认证安排", "为两名销售报名产品知识课程"),
]
INCIDENTS = [
    (ComplianceIncident.Kind.PRICE, ComplianceIncident.Severity.MEDIUM, "电商平台低于最低限价销售智能硬件"),
    (ComplianceIncident.Kind.TERRITORY, ComplianceIncident.Severity.HIGH, "向授权区域外的经销商批量供货（窜货）"),
    (ComplianceIncident.Kind.OTHER, ComplianceIncident.Severity.LOW, "宣传物料使用了未经授权的品牌标识"),
]
# The smallest valid PDF, so the demo's agreement downloads open in a viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def credit_code_for(code: str, city: str) -> str:
    digits = "".join(char for char in code if char.isdigit()).rjust(6, "0")
    return with_check_character(f"91{city[:4]}01MA5{digits}")


def _specs(rng: random.Random, fake: Faker) -> list[tuple]:
    """The demo partners: the fixed ones, then generated ones cycling through channel types and cities."""
    specs = list(FIXED)
    channel_types = list(ChannelType)
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    seen = {name for _code, name, *_rest in FIXED}
    for number in range(len(FIXED) + 1, PARTNER_COUNT + 1):
        city = CITIES[number % len(CITIES)]
        name = ""
        while not name or name in seen:
            name = fake.company_prefix() + rng.choice(["科技", "商贸", "电子", "网络", "实业", "供应链"])
        seen.add(name)
        tier = rng.choices(["金牌", "银牌", "铜牌"], weights=[2, 4, 5])[0]
        status = rng.choices(statuses, weights=weights)[0]
        specs.append((f"P{number:04d}", name, city, channel_types[number % len(channel_types)], tier, status))
    return specs


def seed(ctx) -> None:
    tiers = {}
    for name, rank, threshold, benefits in TIERS:
        tiers[name], _ = Tier.objects.get_or_create(
            name=name, defaults={"rank": rank, "annual_sales_threshold": threshold, "benefits": benefits}
        )
    categories = {
        code: ProductCategory.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name, _price in CATEGORIES
    }
    Faker.seed(20261126)
    fake = Faker("zh_CN")
    specs = _specs(random.Random(20261126), fake)
    regions = {region.code: region for region in Region.objects.filter(code__in={spec[2] for spec in specs})}
    managers = [ctx.users["manager"], ctx.users["manager2"]]
    password = make_password(DEMO_PASSWORD)  # hashed once: 60 logins must not cost 60 slow hashes
    # 18 full months, then the current month so far (partners report during the month).
    months = Period.containing(ctx.today).trailing(SALES_MONTHS + 1)
    sales = []
    for index, (code, name, city, channel_type, tier, status) in enumerate(specs):
        rng = random.Random(f"demo-{code}")
        partner = Partner.objects.filter(code=code).first()
        if partner is None:
            partner = _create_partner(
                ctx, rng, code, name, regions[city], channel_type, tiers[tier], status, managers[index % 2], months
            )
        user = _portal_login(ctx, partner, password, listed=index < 2)
        if not partner.contacts.exists():
            _contacts(rng, fake, partner, user.email)
            _agreement(ctx, rng, partner, index, regions[city])
            _interactions(ctx, rng, partner, managers[index % 2])
            if index % 9 == 4:
                _incident(ctx, rng, partner, managers[index % 2], index)
        partner_sales = _sales(rng, partner, tier, categories, months, ctx.today)
        sales += partner_sales + _returns(partner, partner_sales, ctx.today)
    SalesRecord.objects.bulk_create(sales, batch_size=2000, ignore_conflicts=True)
    sales_months_refresh(keys={(sale.partner_id, sale.date) for sale in sales})
    services.sales_link_returns(partner_ids=Partner.objects.values_list("pk", flat=True))
    member = ctx.login(
        "partner-p0001-member",
        description="Partner member of P0001 (sees contacts, cannot edit them)",
        email="partner-p0001-member@partner.example.com",
    )
    PartnerMembership.objects.get_or_create(
        user=member, defaults={"partner": Partner.objects.get(code="P0001"), "role": PartnerMembership.Role.MEMBER}
    )
    ctx.logins.append((f"partner-p0003 … partner-p{PARTNER_COUNT:04d}", "Partner admins of the other demo partners"))


def _create_partner(ctx, rng, code, name, region, channel_type, tier, status, manager, months) -> Partner:
    joined_on = None
    if status in (Partner.Status.ACTIVE, Partner.Status.SUSPENDED, Partner.Status.TERMINATED):
        joined_on = months[0].first_day - dt.timedelta(days=rng.randint(30, 900))
    partner = services.partner_create(
        data={
            "code": code,
            "name": name,
            "legal_name": f"{region.name.removesuffix('市')}{name}有限公司",
            "credit_code": credit_code_for(code, region.code),
            "channel_type": channel_type,
            "tier": tier,
            "region": region,
            "manager": manager,
            "joined_on": joined_on,
        },
        by=manager,
        reason="渠道经理录入",
    )
    for to_status, reason in LIFECYCLE_PATH[status]:
        services.partner_change_status(partner=partner, status=to_status, reason=reason, by=manager, today=ctx.today)
    return partner


def _portal_login(ctx, partner, password, *, listed: bool):
    username = f"partner-{partner.code.lower()}"
    email = f"{username}@partner.example.com"
    if listed:
        user = ctx.login(username, description=f"Partner admin of {partner.code} {partner.name}", email=email)
    else:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "password": password}
        )
        ctx.users[username] = user
    PartnerMembership.objects.get_or_create(
        user=user, defaults={"partner": partner, "role": PartnerMembership.Role.ADMIN}
    )
    return user


def _contacts(rng, fake, partner, admin_email) -> None:
    titles = ["总经理", "销售总监", "采购经理", "财务经理", "市场专员"]
    people = [(fake.name(), titles[0], admin_email, True)]
    people += [(fake.name(), title, fake.email(), False) for title in rng.sample(titles[1:], rng.randint(1, 3))]
    Contact.objects.bulk_create(
        Contact(partner=partner, name=name, title=title, email=email, phone=fake.phone_number(), is_primary=primary)
        for name, title, email, primary in people
    )


def _agreement(ctx, rng, partner, index, region) -> None:
    if partner.status in (Partner.Status.PROSPECT,):
        return
    if partner.status == Partner.Status.ONBOARDING:
        start, status = ctx.today, Agreement.Status.DRAFT
        end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    else:
        status = Agreement.Status.TERMINATED if partner.status == Partner.Status.TERMINATED else Agreement.Status.SIGNED
        # Every fifth one ends within the next 60 days, so the expiry list has something to show.
        days_left = rng.randint(5, 55) if index % 5 == 0 else rng.randint(90, 540)
        end = ctx.today + dt.timedelta(days=days_left)
        start = dt.date(end.year - 2, end.month, 1)
    agreement = Agreement(
        partner=partner,
        number=f"HT-{start.year}-{partner.code}",
        status=status,
        start_on=start,
        end_on=end,
        auto_renew=rng.random() < 0.3,
    )
    if status != Agreement.Status.DRAFT:
        agreement.signed_file.save(f"{agreement.number}.pdf", ContentFile(DEMO_PDF), save=False)
    agreement.save()
    agreement.territory.set([region.parent or region])


def _interactions(ctx, rng, partner, manager) -> None:
    Interaction.objects.bulk_create(
        Interaction(
            partner=partner,
            kind=kind,
            occurred_on=(occurred := ctx.today - dt.timedelta(days=rng.randint(3, 180))),
            notes=notes,
            next_step=next_step,
            due_on=occurred + dt.timedelta(days=14),
            done=occurred < ctx.today - dt.timedelta(days=30),
            recorded_by=manager,
        )
        for kind, notes, next_step in rng.sample(INTERACTION_NOTES, rng.randint(2, 5))
    )


def _incident(ctx, rng, partner, manager, index) -> None:
    kind, severity, description = INCIDENTS[index % len(INCIDENTS)]
    ComplianceIncident.objects.create(
        partner=partner,
        kind=kind,
        severity=severity,
        status=ComplianceIncident.Status.INVESTIGATING if index % 2 else ComplianceIncident.Status.RESOLVED,
        occurred_on=ctx.today - dt.timedelta(days=rng.randint(10, 120)),
        description=description,
        reported_by=manager,
    )


def _returns(partner, sales: list[SalesRecord], today) -> list[SalesRecord]:
    """A few returns (退货), about one line in twenty-five: part of a line sent back early the next month and
    linked to it. Drawn from a generator of their own, so the sales above stay what they were."""
    rng = random.Random(f"demo-returns-{partner.code}")
    records = []
    for sale in sales:
        returned_on = Period.containing(sale.date).next().first_day + dt.timedelta(days=rng.randint(0, 9))
        if rng.random() >= 0.04 or returned_on > today:
            continue
        amount = -round_money(sale.amount * Decimal(rng.choice(("0.1", "0.2", "0.5"))))
        records.append(
            SalesRecord(
                partner=partner,
                date=returned_on,
                amount=amount,
                quantity=-max(1, sale.quantity // 5),
                category=sale.category,
                source=SalesRecord.Source.IMPORT,
                kind=SalesRecord.Kind.RETURN,
                external_ref=f"RET-{sale.external_ref}",
                original_ref=sale.external_ref,
            )
        )
    return records


def _sales(rng, partner, tier, categories, months, today) -> list[SalesRecord]:
    """Monthly lines per product category, from the partner's join date on (a partner still onboarding has
    none). The current month holds what was sold up to `today`."""
    if partner.joined_on is None:
        return []
    base = MONTHLY_BASE[partner.channel_type] * TIER_FACTOR[tier] * rng.uniform(0.7, 1.3)
    shares = [rng.uniform(0.5, 1.5) for _ in CATEGORIES]
    records = []
    for step, period in enumerate(months):
        if period.last_day < partner.joined_on:
            continue
        if partner.status == Partner.Status.TERMINATED and step >= len(months) - 4:
            break  # terminated four months ago
        month_total = base * SEASON[period.number] * (1 + 0.01 * step) * rng.uniform(0.8, 1.2)
        days = min(today, period.last_day).day
        month_total *= days / period.last_day.day
        for (code, _name, price), share in zip(CATEGORIES, shares, strict=True):
            amount = round_money(Decimal(month_total * share / sum(shares)))
            records.append(
                SalesRecord(
                    partner=partner,
                    date=period.first_day + dt.timedelta(days=rng.randint(0, days - 1)),
                    amount=amount,
                    quantity=max(1, int(amount / price)),
                    category=categories[code],
                    new_customers=rng.randint(0, 6),
                    source=SalesRecord.Source.IMPORT,
                    external_ref=f"DEMO-{period.first_day:%Y%m}-{code}",
                )
            )
    return records
