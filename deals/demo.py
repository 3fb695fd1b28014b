# ruff: noqa: RUF001  (the demo data is Chinese text with Chinese punctuation)
"""Demo deal registrations in every status, leads offered and accepted, and a few conflict cases.

Everything goes through the services (with past dates where a status needs them), so the demo shows what the
rules produce. Seeded once: a second run finds the demo registrations and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from deals import services
from deals.models import DealRegistration, ReservedCustomer
from partners.models import Partner

DEMO_MARK = "演示数据"


def seed(ctx) -> None:
    if DealRegistration.objects.filter(notes__startswith=DEMO_MARK).exists():
        return
    rng = random.Random(20261313)
    fake = Faker("zh_CN")
    fake.seed_instance(13)
    partners = list(Partner.objects.filter(status=Partner.Status.ACTIVE).select_related("region").order_by("code"))
    if len(partners) < 6:
        return
    manager = ctx.users.get("manager")
    today = ctx.today
    if not ReservedCustomer.objects.exists():
        services.reserved_customer_add(name="中国移动通信集团有限公司", note="总部直销大客户", by=None)

    def submit(partner, name, *, days_ago=0, code=""):
        day = today - dt.timedelta(days=days_ago)
        return services.registration_submit(
            partner=partner,
            data={
                "customer_name": name,
                "credit_code": code,
                "region": partner.region,
                "expected_amount": Decimal(rng.randrange(50, 3000) * 1000),
                "expected_close_on": day + dt.timedelta(days=rng.randrange(20, 120)),
                "notes": f"{DEMO_MARK}：{fake.catch_phrase()}",
            },
            by=None,
            today=day,
        )

    names = iter(dict.fromkeys(fake.company() for _ in range(60)))
    # Awaiting approval.
    for partner in partners[:4]:
        submit(partner, next(names))
    # Protected: fresh, ending within 14 days (the reminder), and extended once.
    for partner, days_ago in zip(partners[4:8], (3, 80, 85, 40), strict=True):
        registration = submit(partner, next(names), days_ago=days_ago)
        services.registration_approve(
            registration=registration, by=manager, reason="客户需求明确", today=today - dt.timedelta(days=days_ago)
        )
    services.registration_extend(registration=registration, by=manager, today=today)
    # Rejected by a manager, expired, won and lost.
    services.registration_reject(registration=submit(partners[8], next(names)), by=manager, reason="客户信息不完整")
    expired = submit(partners[9], next(names), days_ago=120)
    services.registration_approve(registration=expired, by=manager, today=today - dt.timedelta(days=120))
    services.registrations_expire(today=today)
    for partner, won in ((partners[10], True), (partners[11 % len(partners)], False)):
        registration = submit(partner, next(names), days_ago=30)
        services.registration_approve(registration=registration, by=manager, today=today - dt.timedelta(days=30))
        record = partner.sales_records.order_by("-date").first()
        if won and record is None:
            continue
        services.registration_close(
            registration=registration, won=won, sales_record_ids=[record.pk] if won else [], by=manager
        )
    # A conflict: a second partner of the same city registers a protected customer, is refused and disputes it.
    holder = partners[4]
    rival = next((p for p in partners if p.region_id == holder.region_id and p.pk != holder.pk), partners[12])
    protected = DealRegistration.objects.filter(partner=holder, status="approved").first()
    refused = submit(rival, protected.customer_name.replace("有限公司", " 股份有限公司"))
    if refused.status == DealRegistration.Status.REJECTED:
        services.case_raise_from_registration(
            registration=refused, description="我司自去年起持续跟进该客户，已完成方案演示。", by=None
        )
    submit(partners[13 % len(partners)], "中国移动通信集团 有限公司")  # reserved for direct sales: refused
    # Cases opened by a manager: a price dispute under investigation, a territory one resolved with an incident.
    price = services.case_open(
        data={"subject": "price", "customer_name": next(names), "description": "两家伙伴对同一客户报价相差 15%。"},
        partners=partners[14:16],
        by=manager,
    )
    services.case_investigate(case=price, by=manager)
    territory = services.case_open(
        data={"subject": "territory", "description": "伙伴在授权区域外向终端客户供货（窜货）。", "direct_sales": True},
        partners=partners[16:17],
        by=manager,
    )
    services.case_resolve(
        case=territory,
        decision="确认窜货，记违规一次，货款按协议扣减。",
        rule_applied="合作协议第 7 条 授权区域",
        incident={
            "partner": partners[16],
            "kind": "territory",
            "severity": "medium",
            "status": "resolved",
            "description": "区域外供货（渠道冲突案件）",
        },
        by=manager,
    )
    # Leads: offered in every city with partners; some accepted, some declined, one nobody took in time.
    now = timezone.now()
    for index, partner in enumerate(partners[:10]):
        lead = services.lead_create(
            data={
                "customer_name": next(names),
                "region": partner.region,
                "contact_name": fake.name(),
                "contact_phone": fake.phone_number(),
                "expected_amount": Decimal(rng.randrange(20, 800) * 1000),
                "description": "官网咨询表单",
            },
            by=manager,
            now=now - dt.timedelta(hours=60 - index),
        )
        offer = lead.offers.filter(status="offered").first()
        if offer is None:
            continue
        if index % 3 == 0:
            services.lead_accept(offer=offer, by=None, now=offer.offered_at + dt.timedelta(hours=rng.randrange(1, 30)))
        elif index % 3 == 1:
            services.lead_decline(offer=offer, by=None, reason="产能不足", now=offer.offered_at + dt.timedelta(hours=2))
    services.leads_pull_back(now=now)
