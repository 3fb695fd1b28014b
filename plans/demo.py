# ruff: noqa: RUF001  (the demo data is Chinese text with Chinese punctuation)
"""Demo data: this year's approved channel work plan with its goals, budget, risks, market size and last
quarter's closed review. Safe to run twice: the plan is found by its year, the rest only when it is new."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from common.money import round_money
from common.periods import Period
from partners.models import ChannelType, Partner, Region
from partners.selectors import sales_by_month
from plans import services
from plans.models import SUB_LINES_OF, GoalKind, Plan, Review, Risk

GROWTH = Decimal("1.15")
BUDGET = {  # yearly planned amount per sub-line, in CNY
    "recruitment": 400000,
    "training": 300000,
    "materials": 200000,
    "advertising": 800000,
    "promotions": 600000,
    "events": 400000,
    "evaluation": 100000,
    "coordination": 150000,
    "incentives": 3000000,
}
RISKS = [
    (
        Risk.Category.MARKET,
        "竞争对手在华东降价抢占市场份额",
        3,
        4,
        "密切跟踪竞品价格，必要时推出区域促销和阶段性返利，稳住核心经销商。",
    ),
    (
        Risk.Category.CHANNEL,
        "部分经销商窜货、跨区域低价销售",
        3,
        3,
        "严格执行授权区域和价格体系，对违规伙伴按合作协议处罚，必要时取消返利资格。",
    ),
    (
        Risk.Category.CHANNEL,
        "重点代理商流失或转投竞品",
        2,
        5,
        "与重点代理商签订多年合作协议，提供专属支持和阶梯返利，定期开展渠道访谈。",
    ),
    (
        Risk.Category.OPERATIONAL,
        "渠道库存积压导致回款延迟",
        2,
        3,
        "每月核对渠道库存，调整发货节奏，设置信用额度和回款考核。",
    ),
]


def seed(ctx) -> None:
    director = ctx.users["director"]
    year = ctx.today.year
    if Plan.objects.filter(year=year, region__isnull=True).exists():
        return
    plan = services.plan_create(
        year=year,
        title=f"{year} 年渠道工作计划",
        owner=director,
        strategy="以经销商和电商为主力渠道，巩固华东、华南，拓展华中；线上线下协同，提升覆盖率和伙伴满意度。",
        by=director,
    )
    last_year = sales_by_month(first=Period.month(year - 1, 1), last=Period.month(year - 1, 12))
    last_total = sum(last_year.values(), Decimal("0"))
    sales_goal = round_money(last_total * GROWTH) if last_total else Decimal("60000000.00")
    months = services.monthly_split(plan=plan, kind=GoalKind.SALES, yearly_value=sales_goal, method="last_year")
    services.goal_save(plan=plan, kind=GoalKind.SALES, yearly_value=sales_goal, months=months, by=director)
    active = Partner.objects.filter(status=Partner.Status.ACTIVE)
    for kind, value in (
        (GoalKind.MARKET_SHARE, Decimal("12")),
        (GoalKind.COVERAGE, Decimal("80")),
        (GoalKind.NEW_PARTNERS, Decimal("12")),
        (GoalKind.AVERAGE_GRADE, Decimal("78")),
        (GoalKind.TRAINING, Decimal("90")),
        (GoalKind.PARTNER_SATISFACTION, Decimal("85")),
        (GoalKind.CUSTOMER_SATISFACTION, Decimal("85")),
        (GoalKind.INCENTIVE_SPEND, Decimal(BUDGET["incentives"])),
    ):
        services.goal_save(plan=plan, kind=kind, yearly_value=value, by=director)
    for channel_type in (ChannelType.DISTRIBUTOR, ChannelType.ECOMMERCE, ChannelType.AGENT):
        count = active.filter(channel_type=channel_type).count()
        services.goal_save(
            plan=plan,
            kind=GoalKind.ACTIVE_PARTNERS,
            channel_type=channel_type,
            yearly_value=Decimal(count + 2),
            by=director,
        )
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    covered = provinces.filter(children__partners__isnull=False).distinct()
    extra = provinces.exclude(pk__in=covered.values("pk")).order_by("code")[:2]
    services.coverage_targets_set(plan=plan, regions=[*covered, *extra])
    for category, sub_lines in SUB_LINES_OF.items():
        for sub_line in sub_lines:
            quarter = round_money(Decimal(BUDGET[sub_line]) / 4)
            services.budget_line_save(
                plan=plan, category=category, sub_line=sub_line, quarters=[quarter] * 4, by=director
            )
    for category, description, likelihood, impact, response in RISKS:
        services.risk_save(
            plan=plan,
            by=director,
            category=category,
            description=description,
            likelihood=likelihood,
            impact=impact,
            owner=director,
            response=response,
            next_review_on=ctx.today + dt.timedelta(days=ctx.rng.randint(-10, 40)),
        )
    for period in Period.month(year, 1).year_months():
        if period.first_day <= ctx.today:
            monthly = last_year.get(Period.month(year - 1, period.number), Decimal("0"))
            services.market_size_set(region=None, period=period, amount=round_money(monthly * 8 or Decimal("5000000")))
    services.plan_approve(plan=plan, by=director)
    last_quarter = Period.containing(ctx.today).previous(3)
    if last_quarter.year == year:
        review = services.review_create(plan=plan, kind=Review.Kind.QUARTER, period=last_quarter.first_day, by=director)
        services.review_save(
            review=review,
            went_well="电商渠道增长快于计划，新签约伙伴按期入驻。",
            problems="华北区域销售落后于目标，部分经销商培训完成率偏低。",
            changes="下季度在华北增加两名代理商，加强合规与产品培训。",
            by=director,
        )
        services.review_close(review=review, by=director, today=ctx.today)
