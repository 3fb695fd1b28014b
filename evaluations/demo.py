"""Demo data: a second scorecard template, targets for every active partner, and a year of cycles.

The eleven oldest of the past twelve months are published (without emails); the month that just
ended is left in review, so the director's journey (review, note, publish) can be walked through.
Everything goes through the app's services; a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from common.money import round_money
from common.periods import Period
from evaluations import services, splitting
from evaluations.models import (
    KPI,
    SEEDED_TEMPLATE_DESCRIPTIONS,
    EvaluationCycle,
    GradeBand,
    KPIKind,
    ManualKPIValue,
    ScorecardTemplate,
    Target,
    TemplateAssignment,
)
from partners.models import ChannelType, Partner
from partners.selectors import monthly_sales

ONLINE_KPIS = [
    (KPIKind.SALES_ATTAINMENT, "45", "0", "100", "120"),
    (KPIKind.YOY_GROWTH, "20", "-30", "30", "100"),
    (KPIKind.NEW_CUSTOMERS, "20", "0", "30", "100"),
    (KPIKind.COMPLIANCE, "15", "2", "0", "100"),
]
ONLINE_BANDS = [("A", "88"), ("B", "72"), ("C", "55"), ("D", "0")]


def seed(ctx) -> None:
    director = ctx.users.get("director")
    _online_template()
    partners = list(Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code"))
    this_month = Period.containing(ctx.today)
    for year in (this_month.year - 1, this_month.year):
        _targets(ctx, partners, year, director)
    months = this_month.trailing(13)[:-1]  # the twelve months before this one
    _manual_values(ctx, partners, months, director)
    for month in months:
        cycle = EvaluationCycle.objects.filter(period=month.first_day).first()
        if cycle is not None and cycle.status != EvaluationCycle.Status.SCHEDULED:
            continue
        cycle = services.cycle_calculate(period=month, publish=False, by=director)
        if month != months[-1]:
            services.cycle_publish(cycle=cycle, by=director, notify=False)


def _online_template() -> None:
    template, created = ScorecardTemplate.objects.get_or_create(
        name="电商评分卡", defaults={"description": SEEDED_TEMPLATE_DESCRIPTIONS[1]}
    )
    if created:
        for position, (kind, weight, zero_at, full_at, ceiling) in enumerate(ONLINE_KPIS):
            KPI.objects.create(
                template=template,
                kind=kind,
                weight=Decimal(weight),
                zero_at=Decimal(zero_at),
                full_at=Decimal(full_at),
                ceiling=Decimal(ceiling),
                position=position,
            )
        for grade, minimum in ONLINE_BANDS:
            GradeBand.objects.create(template=template, grade=grade, min_total=Decimal(minimum))
    for channel_type in (ChannelType.ECOMMERCE, ChannelType.SOCIAL):
        TemplateAssignment.objects.get_or_create(channel_type=channel_type, defaults={"template": template})


def _targets(ctx, partners, year: int, by) -> None:
    """A yearly target per partner of 90 to 125 % of its sales the year before, split by that year's shape
    when the year is complete (evenly otherwise)."""
    have = set(Target.objects.filter(period__year=year).values_list("partner_id", flat=True))
    todo = [p for p in partners if p.pk not in have]
    if not todo:
        return
    months = Period.month(year - 1, 1).year_months()
    sales = monthly_sales(partners_qs=Partner.objects.filter(pk__in=[p.pk for p in todo]), months=months)
    amounts = {}
    for partner in todo:
        shape = [sales[partner.pk][m].amount for m in months]
        sold = [amount for amount in shape if amount > 0]
        if len(sold) == 12:  # a full year of history: follow its seasonal shape
            base, method = sum(shape, Decimal(0)), splitting.LAST_YEAR_SHAPE
        elif sold:  # part of a year: its monthly average, spread evenly
            base, method = sum(sold, Decimal(0)) / len(sold) * 12, splitting.EVEN
        else:
            base, method = Decimal(ctx.rng.randint(60, 600)) * 10_000, splitting.EVEN
        yearly = round_money(base * Decimal(ctx.rng.randint(90, 125)) / 100)
        for m, value in enumerate(splitting.split_yearly(yearly, method=method, last_year=shape), start=1):
            amounts[(partner.pk, dt.date(year, m, 1))] = value
    services.targets_upsert(amounts=amounts, by=by)


def _manual_values(ctx, partners, months, by) -> None:
    """A satisfaction survey score (0 to 100) for most partners in most months."""
    for month in months:
        if ManualKPIValue.objects.filter(period=month.first_day).exists():
            continue
        values = {p.pk: Decimal(ctx.rng.randint(55, 100)) for p in partners if ctx.rng.random() < 0.8}
        services.manual_values_set(period=month, values=values, by=by)
