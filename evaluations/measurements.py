"""What the monthly cycle measures, read set-wise: a fixed number of aggregate queries for all partners.

Nothing here loops over partners with a query; the query count depends only on the number of
scorecard templates (a handful), never on the number of partners or sales rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from channelrules.kpis import channel_kpis
from common.money import ZERO
from common.periods import Period
from deals.selectors import lead_figures
from evaluations import scoring
from evaluations.models import KPI, GradeBand, ManualKPIValue, ScorecardTemplate, Target, TemplateAssignment
from partners.selectors import incident_counts, partners_active_in, sales_by_region, sales_figures_by_partner
from surveys.selectors import satisfaction_by_partner
from training.selectors import training_completion_rates


@dataclass(frozen=True)
class TemplateRules:
    """A template as the scoring rules need it."""

    id: int
    rules: tuple[scoring.KPIRule, ...]
    bands: dict[str, Decimal]


class PartnerRow(NamedTuple):
    """A partner as the cycle needs it: a tuple (built once per partner, cheaper than an object)."""

    id: int
    channel_type: str
    region_id: int
    manager_id: int | None
    tier_id: int | None


def partner_rows(period: Period) -> list[PartnerRow]:
    """Every partner active in the month gets that month's scorecard (the rewards use the same rule)."""
    rows = (
        partners_active_in(period)
        .order_by("pk")
        .values_list("pk", "channel_type", "region_id", "manager_id", "tier_id")
    )
    return list(map(PartnerRow._make, rows))


def template_rules() -> tuple[dict[str, TemplateRules], TemplateRules | None]:
    """(channel type → its template's rules, the default template's rules) in three queries."""
    templates = {t.pk: t for t in ScorecardTemplate.objects.all()}
    rules: dict[int, list[scoring.KPIRule]] = defaultdict(list)
    for kpi in KPI.objects.order_by("template_id", "position", "pk"):
        rules[kpi.template_id].append(
            scoring.KPIRule(kpi.kind, kpi.weight, kpi.zero_at, kpi.full_at, kpi.ceiling, kpi.label, kpi.when_unmeasured)
        )
    bands: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for band in GradeBand.objects.all():
        bands[band.template_id][band.grade] = band.min_total
    built = {pk: TemplateRules(pk, tuple(rules[pk]), bands[pk]) for pk in templates}
    default = next((built[pk] for pk, t in templates.items() if t.is_default), None)
    by_channel = {a.channel_type: built[a.template_id] for a in TemplateAssignment.objects.all()}
    return by_channel, default


class _Sales(NamedTuple):
    """A partner's sales of the month and of the same month last year (a tuple: one per partner)."""

    amount: Decimal = ZERO
    new_customers: int = 0
    last_year: Decimal | None = None  # None: no sales record at all that month (growth is not measured)


def _sales(period: Period) -> tuple[dict[int, _Sales], dict[int, Decimal], dict[int, int]]:
    """(partner → its sales of the month and of the same month last year, region → all partners' sales of
    the month, partner → the month's sales lines that state a unit price) in three queries over the monthly
    summary: one per month, a row per partner with sales, and the month's sum per region. Nothing here runs
    per partner without sales.

    The region total is the market a partner's share is taken of: every partner's sales in the region,
    active or not, so it is summed over every partner's sales of the month, not over the partners scored.
    A region whose partners sold nothing has no row: its partners' market is ZERO (`partner_facts`)."""
    year_ago = period.same_month_last_year()
    month = dict(sales_figures_by_partner(period, "amount", "new_customers", "priced"))
    last_year = dict(sales_figures_by_partner(year_ago, "amount", "records"))
    sales: dict[int, _Sales] = {}
    for partner_id in month.keys() | last_year.keys():
        amount, new_customers, _priced = month.get(partner_id, _NO_MONTH)
        before, records = last_year.get(partner_id, _NO_YEAR)
        if amount or new_customers or records:
            sales[partner_id] = _Sales(amount, new_customers, before if records else None)
    priced = {partner_id: figures[2] for partner_id, figures in month.items()}
    return sales, sales_by_region(period), priced


_NO_MONTH = (ZERO, 0, 0)
_NO_YEAR = (ZERO, 0)
NO_SALES = _Sales()


def _incidents(period: Period) -> dict[int, int]:
    """Compliance incidents that occurred in the month and count (dismissed ones do not)."""
    return {
        partner_id: sum(by_severity.values())
        for (partner_id, _month), by_severity in incident_counts(first=period, last=period).items()
    }


def _training_completion(partners: list[PartnerRow], period: Period) -> dict[int, Decimal]:
    """Completion rate of the required training (percent) per partner on the month's last day."""
    return training_completion_rates(
        partners=((p.id, p.tier_id, p.channel_type) for p in partners), as_of=period.last_day
    )


def partner_facts(*, period: Period, partners: list[PartnerRow]) -> dict[int, scoring.PartnerFacts]:
    """Every KPI's inputs for every partner of `partners`, from a fixed number of aggregate queries."""
    sales, regions, priced = _sales(period)
    targets = dict(Target.objects.filter(period=period.first_day).values_list("partner_id", "amount"))
    incidents = _incidents(period)
    manual = dict(ManualKPIValue.objects.filter(period=period.first_day).values_list("partner_id", "value"))
    training = _training_completion(partners, period)
    channel = channel_kpis(period=period, partner_ids=[p.id for p in partners], priced=priced)
    satisfaction = satisfaction_by_partner(as_of=period.last_day)
    leads = lead_figures(period=period)
    surveys = {pk: (figures.customer_csat, figures.partner_nps) for pk, figures in satisfaction.items()}
    offers = {pk: (figures.acceptance_rate, figures.hours_to_accept) for pk, figures in leads.items()}
    facts = {}
    for partner in partners:
        pk = partner.id
        month = sales.get(pk, NO_SALES)
        price_compliance, inventory_on_time, stock_in_range = channel[pk]
        customer_satisfaction, partner_nps = surveys.get(pk, _NOT_MEASURED)
        lead_acceptance, lead_response_hours = offers.get(pk, _NOT_MEASURED)
        facts[pk] = scoring.PartnerFacts(
            sales=month.amount,
            target=targets.get(pk),
            sales_last_year=month.last_year,
            new_customers=month.new_customers,
            region_sales=regions.get(partner.region_id, ZERO),
            training_completion=training.get(pk),
            incidents=incidents.get(pk, 0),
            manual=manual.get(pk),
            price_compliance=price_compliance,
            inventory_on_time=inventory_on_time,
            stock_in_range=stock_in_range,
            customer_satisfaction=customer_satisfaction,
            partner_nps=partner_nps,
            lead_acceptance=lead_acceptance,
            lead_response_hours=lead_response_hours,
        )
    return facts


_NOT_MEASURED = (None, None)
