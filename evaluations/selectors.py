"""Reads of the evaluations app; every list reads a fixed number of queries. What a user may see is decided in
evaluations/access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import ngettext

from common.money import ZERO
from common.periods import Period
from evaluations import scoring, tiers
from evaluations.access import published_scorecards
from evaluations.models import (
    EvaluationCycle,
    Grade,
    PeriodEvaluation,
    PeriodScorecard,
    Scorecard,
    ScorecardLine,
    Target,
)
from partners.models import Contact, Partner, Tier
from partners.sales_months import sales_version
from partners.selectors import partner_monthly_sales, sales_sum, sales_total, summed_sales_total
from training.selectors import tier_requirements_gap

MOVERS_SHOWN = 10
REVIEW_SHOWN = 50
TIER_MOVES_CACHE_SECONDS = 24 * 3600
# Figures keyed by the cycle's version (cycle_version): correct whatever their age; the lifetime only frees memory.
CYCLE_FIGURES_CACHE_SECONDS = 24 * 3600


def with_previous(queryset: QuerySet[Scorecard], period: Period) -> QuerySet[Scorecard]:
    """Annotate each scorecard with the same partner's total and grade of the month before."""
    previous = Scorecard.objects.filter(partner=OuterRef("partner"), cycle__period=period.previous().first_day)
    return queryset.annotate(
        previous_total=Subquery(previous.values("total")[:1]),
        previous_grade=Subquery(previous.values("grade")[:1]),
    )


@dataclass
class TierRecommendation:
    partner: Partner
    direction: str
    tier: Tier
    sales_12m: Decimal


@dataclass
class CycleReview:
    distribution: list[tuple[str, int]]
    movers_up: list[Scorecard]
    movers_down: list[Scorecard]
    d_twice: list[Scorecard]
    recommendations: list[TierRecommendation] = field(default_factory=list)
    # How many there are in all; the page lists the first REVIEW_SHOWN of each (its size must not grow
    # with the number of partners: 10,000 partners once gave a 559 KB page of 3,267 table rows).
    d_twice_count: int = 0
    recommendation_count: int = 0


def cycle_version(cycle: EvaluationCycle) -> str | None:
    """What a cycle's figures (grades, and the "graded D twice" that compares with the month before) are a
    function of: the cycle's status and calculation, and those of the cycle before. A calculation (or a
    recalculation of the month before) gives a new version; a scorecard's note does not change a figure.
    None for a cycle never calculated: its figures are not cached. One query."""
    if cycle.calculated_at is None:
        return None
    if getattr(cycle, "_figures_version", None) is None:  # once per cycle object, whatever the figures asked
        previous = (
            EvaluationCycle.objects.filter(period=Period(cycle.period).previous().first_day)
            .values_list("pk", "status", "calculated_at")
            .first()
        )
        before = "-" if previous is None else f"{previous[0]}.{previous[1]}.{_stamp(previous[2])}"
        cycle._figures_version = f"{cycle.pk}.{cycle.status}.{_stamp(cycle.calculated_at)}.{before}"
    return cycle._figures_version


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def _per_calculation(cycle: EvaluationCycle, name: str, compute):
    """`compute()`, remembered per version of the cycle (the dashboard's figures stay put between calculations)."""
    version = cycle_version(cycle)
    if version is None:
        return compute()
    return cache.get_or_set(f"evaluations:{name}:{version}", compute, CYCLE_FIGURES_CACHE_SECONDS)


def grade_distribution(cycle: EvaluationCycle) -> list[tuple[str, int]]:
    def compute():
        counts = dict(cycle.scorecards.values_list("grade").annotate(n=Count("pk")).order_by())
        return [(grade, counts.get(grade, 0)) for grade in Grade.values]

    return _per_calculation(cycle, "grades", compute)


def graded_d_twice(cycle: EvaluationCycle) -> list[int]:
    """The partners graded D in the cycle and in the month before, the lowest total first (their ids)."""

    def compute():
        cards = with_previous(cycle.scorecards.all(), Period(cycle.period))
        return list(
            cards.filter(grade=Grade.D, previous_grade=Grade.D).order_by("total").values_list("partner_id", flat=True)
        )

    return _per_calculation(cycle, "d-twice", compute)


def cycle_review(*, cycle: EvaluationCycle) -> CycleReview:
    """What a manager looks at before publishing; a fixed number of queries and a bounded page for any
    number of partners (the long lists are cut at REVIEW_SHOWN, with their full count)."""
    period = Period(cycle.period)
    cards = with_previous(cycle.scorecards.select_related("partner"), period).exclude(previous_total=None)
    delta = F("total") - F("previous_total")
    movers_up = list(cards.annotate(delta=delta).filter(delta__gt=0).order_by("-delta", "partner__code")[:MOVERS_SHOWN])
    movers_down = list(
        cards.annotate(delta=delta).filter(delta__lt=0).order_by("delta", "partner__code")[:MOVERS_SHOWN]
    )
    d_twice = cards.filter(grade=Grade.D, previous_grade=Grade.D)
    recommendations, recommendation_count = tier_recommendations(period=period, shown=REVIEW_SHOWN, cycle=cycle)
    return CycleReview(
        distribution=grade_distribution(cycle),
        movers_up=movers_up,
        movers_down=movers_down,
        d_twice=list(d_twice.order_by("total", "partner__code")[:REVIEW_SHOWN]),
        recommendations=recommendations,
        d_twice_count=d_twice.count(),
        recommendation_count=recommendation_count,
    )


@dataclass
class UnmeasuredCard:
    scorecard: Scorecard
    lines: list  # the card's unmeasured ScorecardLines


def unmeasured_cards(*, cycle: EvaluationCycle, shown: int | None = REVIEW_SHOWN) -> tuple[list[UnmeasuredCard], int]:
    """The first `shown` (all when None) of the cycle's scorecards with at least one KPI not measured, by partner
    code, with those KPIs, and how many such scorecards there are: two queries, and a list that does not grow
    with the number of partners (a KPI no partner is measured on puts every card in it)."""
    missing = ScorecardLine.objects.filter(scorecard=OuterRef("pk"), raw_value__isnull=True)
    cards = Scorecard.objects.filter(cycle=cycle).filter(Exists(missing))
    first = cards.order_by("partner__code", "pk")
    if shown is not None:
        first = first[:shown]
    lines = (
        ScorecardLine.objects.filter(scorecard__in=first.values("pk"), raw_value__isnull=True)
        .select_related("scorecard", "scorecard__partner")
        .order_by("scorecard__partner__code", "scorecard_id", "position")
    )
    by_card: dict[int, UnmeasuredCard] = {}
    for line in lines:
        by_card.setdefault(line.scorecard_id, UnmeasuredCard(line.scorecard, [])).lines.append(line)
    return list(by_card.values()), cards.count()


def trailing_sales(*, period: Period, months: int = 12, partner_ids=None) -> dict[int, Decimal]:
    """Sales per partner over the `months` months ending with `period`: one GROUP BY."""
    return sales_total(first=period.previous(months - 1), last=period, partner_ids=partner_ids)


def tier_rules() -> list[tiers.TierRule]:
    return [tiers.TierRule(t.pk, t.rank, t.annual_sales_threshold) for t in Tier.objects.all()]


def tier_recommendations(
    *, period: Period, shown: int | None = None, cycle: EvaluationCycle | None = None
) -> tuple[list[TierRecommendation], int]:
    """Active partners whose trailing 12-month sales point to another tier than their own, by partner
    code: the first `shown` of them (all when None) and how many there are. Only the partners shown are
    read as objects.

    With `cycle`, the list is the one of that cycle's calculation: cached under the cycle and the time it
    was calculated (a recalculation starts a new entry), so the review page does not scan a year of sales
    on every request. A late sales import shows in the recommendations once the cycle is recalculated,
    as it shows in the scorecards."""
    rules = tier_rules()
    if not rules:
        return [], 0
    if cycle is not None and cycle.calculated_at:
        signature = ",".join(f"{r.id}:{r.rank}:{r.threshold}" for r in rules)
        key = f"evaluations:tier-moves:{cycle.pk}:{cycle.calculated_at.isoformat()}:{signature}"
        moves = cache.get_or_set(key, lambda: _tier_moves(period, rules), TIER_MOVES_CACHE_SECONDS)
        # The cached list predates tier changes applied since: keep only moves still pointing elsewhere.
        current = dict(Partner.objects.filter(pk__in=[move[0] for move in moves]).values_list("pk", "tier_id"))
        moves = [move for move in moves if move[0] in current and current[move[0]] != move[2]]
    else:
        moves = _tier_moves(period, rules)
    tier_by_id = {t.pk: t for t in Tier.objects.all()}
    listed = moves if shown is None else moves[:shown]
    partners = Partner.objects.select_related("tier").in_bulk([partner_id for partner_id, *_ in listed])
    result = [
        TierRecommendation(partners[partner_id], direction, tier_by_id[tier_id], sales_12m)
        for partner_id, direction, tier_id, sales_12m in listed
        if partner_id in partners
    ]
    return result, len(moves)


def _tier_moves(period: Period, rules: list[tiers.TierRule]) -> list[tuple[int, str, int, Decimal]]:
    """(partner id, direction, tier id, 12-month sales) of every active partner the tier rule would move,
    by partner code: one GROUP BY of the sales and one read of (id, tier) tuples."""
    sales = trailing_sales(period=period)
    moves = []
    active = Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code").values_list("pk", "tier_id")
    for partner_id, tier_id in active.iterator(chunk_size=5000):
        sales_12m = sales.get(partner_id, ZERO)
        move = tiers.recommendation(current_tier_id=tier_id, sales_12m=sales_12m, tiers=rules)
        if move:
            moves.append((partner_id, move[0], move[1].id, sales_12m))
    return moves


@dataclass
class TierGap:
    next_tier: Tier | None
    sales_12m: Decimal
    sales_needed: Decimal
    certifications_missing: list = field(default_factory=list)


def tier_gap(*, partner: Partner, period: Period) -> TierGap:
    """How far the partner is from the next tier: sales still needed and certifications missing."""
    rules = tier_rules()
    window = period.trailing(12)  # from the monthly summary: one partner's twelve rows, not its lines
    sales_12m = summed_sales_total(first=window[0], last=period, partner_ids=[partner.pk]).get(partner.pk, ZERO)
    target = tiers.next_tier(partner.tier_id, rules)
    if target is None:
        return TierGap(None, sales_12m, ZERO)
    tier = Tier.objects.get(pk=target.id)
    return TierGap(tier, sales_12m, tiers.sales_gap(sales_12m, target), _certifications_missing(partner, tier, period))


def _certifications_missing(partner: Partner, tier: Tier, period: Period) -> list:
    return list(tier_requirements_gap(partner=partner, tier=tier, as_of=period.last_day))


@dataclass
class TrendPoint:
    period: Period
    total: Decimal | None
    grade: str
    sales: Decimal
    target: Decimal | None

    @property
    def attainment(self) -> Decimal | None:
        return scoring.percent(self.sales, self.target)


def partner_trend(
    *, partner: Partner, period: Period, months: int = 12, published_only: bool = True
) -> list[TrendPoint]:
    """The partner's last `months` months: total and grade where a cycle exists, sales and target always."""
    window = period.trailing(months)
    start, end = window[0].first_day, period.next().first_day
    cards = Scorecard.objects.filter(partner=partner, cycle__period__gte=start, cycle__period__lt=end)
    if published_only:
        cards = cards.filter(cycle__status=EvaluationCycle.Status.PUBLISHED)
    by_month = {c["cycle__period"]: c for c in cards.values("cycle__period", "total", "grade")}
    targets = dict(
        Target.objects.filter(partner=partner, period__gte=start, period__lt=end).values_list("period", "amount")
    )
    sales = {p.first_day: s.amount for p, s in partner_monthly_sales(partner=partner, months=window)}
    points = []
    for month in window:
        card = by_month.get(month.first_day)
        points.append(
            TrendPoint(
                month,
                card["total"] if card else None,
                card["grade"] if card else "",
                sales.get(month.first_day, ZERO),
                targets.get(month.first_day),
            )
        )
    return points


@dataclass
class Dashboard:
    period: Period
    sales: Decimal
    target: Decimal
    cycle: EvaluationCycle | None
    distribution: list[tuple[str, int]]
    attention: list[Scorecard]

    @property
    def attainment(self) -> Decimal | None:
        return scoring.percent(self.sales, self.target)


def dashboard(*, user, today: dt.date) -> Dashboard | None:
    """The `/` panel: last month's sales against target, the latest cycle's grades, partners needing attention."""
    if not user.has_perm("evaluations.view_scorecard"):
        return None
    period = Period.containing(today).previous()
    sales = cache.get_or_set(
        f"evaluations:dashboard-sales:{period}:{sales_version()}", lambda: sales_sum(first=period, last=period)
    )
    target = Target.objects.filter(period=period.first_day).aggregate(s=Sum("amount"))["s"]
    # The latest final cycle no later than the month whose sales are shown: never an unfinished month's.
    cycle = (
        EvaluationCycle.objects.exclude(status=EvaluationCycle.Status.SCHEDULED)
        .filter(provisional=False, period__lte=period.first_day)
        .first()
    )
    distribution, attention = [], []
    if cycle is not None:
        distribution = grade_distribution(cycle)
        shown = graded_d_twice(cycle)[:MOVERS_SHOWN]
        cards = {
            card.partner_id: card for card in cycle.scorecards.select_related("partner").filter(partner_id__in=shown)
        }
        attention = [cards[partner_id] for partner_id in shown if partner_id in cards]
    return Dashboard(period, sales or ZERO, target or ZERO, cycle, distribution, attention)


def yearly_tier_recommendations(*, evaluation: PeriodEvaluation) -> list[TierRecommendation]:
    """Tier changes the yearly cards point to: each active partner's sales of the year against the tiers'
    annual thresholds (two queries). Only a yearly evaluation recommends; a quarter returns nothing."""
    rules = tier_rules()
    if not rules or evaluation.length != PeriodEvaluation.Length.YEAR:
        return []
    tier_by_id = {t.pk: t for t in Tier.objects.all()}
    result = []
    cards = (
        evaluation.scorecards.filter(partner__status=Partner.Status.ACTIVE)
        .select_related("partner", "partner__tier")
        .order_by("partner__code")
    )
    for card in cards:
        move = tiers.recommendation(current_tier_id=card.partner.tier_id, sales_12m=card.sales, tiers=rules)
        if move:
            result.append(TierRecommendation(card.partner, move[0], tier_by_id[move[1].id], card.sales))
    return result


def latest_published_scorecard(*, partner: Partner) -> Scorecard | None:
    """The partner's scorecard of its latest published cycle, or None before any cycle is published."""
    return published_scorecards().filter(partner=partner).select_related("cycle").order_by("-cycle__period").first()


def period_scorecards_published_for_partner() -> QuerySet[PeriodScorecard]:
    """The quarterly and yearly cards a partner may see: those of published evaluations (scoped by the caller)."""
    return PeriodScorecard.objects.filter(evaluation__status=EvaluationCycle.Status.PUBLISHED).select_related(
        "evaluation"
    )


def publish_reach(scorecards: QuerySet) -> list[str]:
    """What publishing these scorecards does, for the confirmation page: who sees them, who is emailed.

    Counted as the emails count them: one scorecard email per partner contact with an address, one
    summary per owning manager with an address. Three queries, whatever the number of partners.
    """
    partner_ids = scorecards.values("partner_id")
    cards = scorecards.count()
    contacts = Contact.objects.filter(partner_id__in=partner_ids).exclude(email="").count()
    managers = (
        Partner.objects.filter(pk__in=partner_ids, manager__isnull=False)
        .exclude(manager__email="")
        .values("manager")
        .distinct()
        .count()
    )
    return [
        ngettext(
            "show %(count)s scorecard to its partner in the portal;",
            "show %(count)s scorecards to their partners in the portal;",
            cards,
        )
        % {"count": cards},
        ngettext(
            "email %(count)s partner contact their scorecard;",
            "email %(count)s partner contacts their scorecards;",
            contacts,
        )
        % {"count": contacts},
        ngettext("email %(count)s channel manager a summary;", "email %(count)s channel managers a summary;", managers)
        % {"count": managers},
    ]
