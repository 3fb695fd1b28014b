"""Reads of the evaluations app; every list reads a fixed number of queries. What a user may see is decided in
evaluations/access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from common.kept import kept
from common.memo import remembered_in
from common.money import ZERO
from common.periods import Period
from common.versions import version_of
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
from partners.selectors import (
    PARTNERS,
    partner_monthly_sales,
    partners_version,
    sales_sum,
    summed_sales_of_outer_partner,
    summed_sales_total,
)
from training.selectors import tier_requirements_gap

MOVERS_SHOWN = 10
# The review page's lists (graded D twice, KPIs not measured, a page of tier recommendations): enough to act
# on, few enough that the page renders fast; each says how many there are in all.
REVIEW_SHOWN = 20
# Figures keyed by a version (a cycle's, `cycle_version`; the targets', `targets_version`): correct whatever
# their age; the lifetime only frees memory.
CYCLE_FIGURES_CACHE_SECONDS = 24 * 3600


def with_previous(queryset: QuerySet[Scorecard], period: Period) -> QuerySet[Scorecard]:
    """Annotate each scorecard with the same partner's total and grade of the month before."""
    # One card per partner and cycle (unique): no ordering, so each lookup is a single index probe.
    previous = Scorecard.objects.filter(
        partner=OuterRef("partner"), cycle__period=period.previous().first_day
    ).order_by()
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
    # What the review is kept under (`cycle_review`), "" when it is not kept: the key of its HTML.
    key: str = ""


def cycle_version(cycle: EvaluationCycle) -> str | None:
    """What a cycle's figures (grades, and the "graded D twice" that compares with the month before) are a
    function of: the cycle's status and calculation, and those of the cycle before. A calculation (or a
    recalculation of the month before) gives a new version; a scorecard's note does not change a figure.
    None for a cycle never calculated: its figures are not cached. One query, none when `latest_cycle` read the
    month before along with it."""
    if cycle.calculated_at is None:
        return None
    if getattr(cycle, "_figures_version", None) is None:  # once per cycle object, whatever the figures asked
        previous = getattr(cycle, "_previous_row", None)  # read with it by `latest_cycle`, when it was
        if previous is None:
            previous = (
                EvaluationCycle.objects.filter(period=Period(cycle.period).previous().first_day)
                .values_list("pk", "status", "calculated_at")
                .first()
            )
        before = "-" if previous is None else f"{previous[0]}.{previous[1]}.{_stamp(previous[2])}"
        cycle._figures_version = f"{cycle.pk}.{cycle.status}.{_stamp(cycle.calculated_at)}.{before}"
    return cycle._figures_version


# The latest cycles past scheduling that `latest_cycle` reads in one query, once per request.
RECENT_CYCLES = 3


def latest_cycle(
    *, memo: dict | None = None, final: bool = False, until: dt.date | None = None, year: int | None = None
) -> EvaluationCycle | None:
    """The latest cycle past scheduling; `final`: not provisional, `until`: of a month no later, `year`: of that
    year. The dashboard's panels ask this three ways: with the request's `memo` (common.memo) the last
    RECENT_CYCLES cycles are read once and each panel picks its own from them (the same object, so its
    `cycle_version` is looked up once too); a further query only when none of them fits."""

    def fits(cycle: EvaluationCycle) -> bool:
        return (
            (not final or not cycle.provisional)
            and (until is None or cycle.period <= until)
            and (year is None or cycle.period.year == year)
        )

    def recent():
        cycles = list(EvaluationCycle.objects.exclude(status=EvaluationCycle.Status.SCHEDULED)[:RECENT_CYCLES])
        by_period = {cycle.period: cycle for cycle in cycles}
        for cycle in cycles:  # the month before, read here, for `cycle_version`: no query of its own
            before = by_period.get(Period(cycle.period).previous().first_day)
            if before is not None:
                cycle._previous_row = (before.pk, before.status, before.calculated_at)
        return cycles

    cycles = remembered_in(memo, "evaluations:recent-cycles", recent)
    found = next((cycle for cycle in cycles if fits(cycle)), None)
    if found is not None or len(cycles) < RECENT_CYCLES:
        return found
    older = EvaluationCycle.objects.exclude(status=EvaluationCycle.Status.SCHEDULED).filter(
        period__lt=cycles[-1].period
    )
    if final:
        older = older.filter(provisional=False)
    if until is not None:
        older = older.filter(period__lte=until)
    if year is not None:
        older = older.filter(period__year=year)
    return older.first()


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def _per_calculation(cycle: EvaluationCycle, name: str, compute):
    """`compute()`, remembered per version of the cycle (the dashboard's figures stay put between calculations)."""
    version = cycle_version(cycle)
    if version is None:
        return compute()
    return kept(f"evaluations:{name}:{version}", compute, CYCLE_FIGURES_CACHE_SECONDS)


def cards_counted(
    cycle: EvaluationCycle, cards: QuerySet[Scorecard], *, digest: str | None, memo: dict | None = None
) -> int:
    """How many of the cycle's `cards` (filtered by grade, channel type or partner; `digest`: their
    common.versions.query_key) there are, for the review page's pages. A cycle's cards are written by its
    calculations only, and a partner's code or name moves the partners' version: the count over every card of the
    cycle is taken once per calculation, not on each page."""
    version = cycle_version(cycle)
    if version is None or digest is None:
        return cards.count()
    key = f"evaluations:cards-counted:{digest}:{version}:{partners_version(memo=memo)}"
    return kept(key, cards.count, CYCLE_FIGURES_CACHE_SECONDS)


def grade_distribution(cycle: EvaluationCycle) -> list[tuple[str, int]]:
    def compute():
        counts = dict(cycle.scorecards.values_list("grade").annotate(n=Count("pk")).order_by())
        return [(grade, counts.get(grade, 0)) for grade in Grade.values]

    return _per_calculation(cycle, "grades", compute)


def average_total(cycle: EvaluationCycle) -> Decimal | None:
    """The average total of every scorecard of the cycle (None without cards), once per calculation."""

    def compute():
        avg = cycle.scorecards.aggregate(a=Avg("total"))["a"]
        return None if avg is None else Decimal(avg)

    return _per_calculation(cycle, "average-total", compute)


def graded_d_twice(cycle: EvaluationCycle) -> list[int]:
    """The partners graded D in the cycle and in the month before, the lowest total first (their ids)."""

    def compute():
        cards = with_previous(cycle.scorecards.all(), Period(cycle.period))
        return list(
            cards.filter(grade=Grade.D, previous_grade=Grade.D)
            .order_by("total", "partner__code")
            .values_list("partner_id", flat=True)
        )

    return _per_calculation(cycle, "d-twice", compute)


def movers(cycle: EvaluationCycle) -> tuple[list[int], list[int]]:
    """The ids of the cycle's cards that gained and lost most points against the month before, the first
    MOVERS_SHOWN of each: two ORDER BY … LIMIT queries in the database, once per calculation of the cycle."""

    def compute():
        cards = with_previous(cycle.scorecards.all(), Period(cycle.period)).exclude(previous_total=None)
        cards = cards.annotate(delta=F("total") - F("previous_total"))
        up = cards.filter(delta__gt=0).order_by("-delta", "partner__code")
        down = cards.filter(delta__lt=0).order_by("delta", "partner__code")
        return [list(each.values_list("pk", flat=True)[:MOVERS_SHOWN]) for each in (up, down)]

    return _per_calculation(cycle, "movers", compute)


def cycle_review(*, cycle: EvaluationCycle, recommendations_page: int = 1, memo: dict | None = None) -> CycleReview:
    """What a manager looks at before publishing; a fixed number of queries and a bounded page for any
    number of partners (the long lists are cut at REVIEW_SHOWN, with their full count). What only changes
    with a calculation (which cards move most, which are graded D twice) is computed in the database once
    per calculation.

    The review of a calculated cycle is a function of the cycle's version (its calculation and the month
    before's) and of the partners' (names, tiers, statuses; tiers and their thresholds): kept whole under both,
    with that key in `key`, which the page's HTML of it is kept under too."""
    version = cycle_version(cycle)
    if version is None:
        return _cycle_review(cycle, recommendations_page, memo)
    key = f"evaluations:review:{version}:{partners_version(memo=memo)}:{recommendations_page}"
    return kept(key, lambda: _cycle_review(cycle, recommendations_page, memo, key=key), CYCLE_FIGURES_CACHE_SECONDS)


def _cycle_review(cycle: EvaluationCycle, recommendations_page: int, memo: dict | None, key: str = "") -> CycleReview:
    up, down = movers(cycle)
    d_twice_ids = graded_d_twice(cycle)
    d_shown = d_twice_ids[:REVIEW_SHOWN]
    # Each side of the OR on its own index (the primary key; the cycle and partner): never the whole cycle.
    shown = Scorecard.objects.filter(Q(pk__in=up + down) | Q(cycle=cycle, partner_id__in=d_shown))
    cards = with_previous(shown.select_related("partner"), Period(cycle.period))
    cards = cards.annotate(delta=F("total") - F("previous_total"))
    by_pk = {card.pk: card for card in cards}
    by_partner = {card.partner_id: card for card in by_pk.values()}
    recommendations, recommendation_count = tier_recommendations(
        period=Period(cycle.period), shown=REVIEW_SHOWN, cycle=cycle, page=recommendations_page, memo=memo
    )
    return CycleReview(
        distribution=grade_distribution(cycle),
        movers_up=[by_pk[pk] for pk in up if pk in by_pk],
        movers_down=[by_pk[pk] for pk in down if pk in by_pk],
        d_twice=[by_partner[pk] for pk in d_shown if pk in by_partner],
        recommendations=recommendations,
        d_twice_count=len(d_twice_ids),
        recommendation_count=recommendation_count,
        key=key,
    )


@dataclass
class UnmeasuredCard:
    scorecard: Scorecard
    lines: list  # the card's unmeasured ScorecardLines


def unmeasured_cards(*, cycle: EvaluationCycle, shown: int | None = REVIEW_SHOWN) -> tuple[list[UnmeasuredCard], int]:
    """The first `shown` (all when None) of the cycle's scorecards with at least one KPI not measured, by partner
    code, with those KPIs, and how many such scorecards there are: a list that does not grow with the number of
    partners (a KPI no partner is measured on puts every card in it). Which cards, and how many, change only
    with a calculation: found once per calculation; each request reads the lines of the cards shown."""

    def compute():
        missing = ScorecardLine.objects.filter(scorecard=OuterRef("pk"), raw_value__isnull=True)
        cards = Scorecard.objects.filter(cycle=cycle).filter(Exists(missing))
        first = cards.order_by("partner__code", "pk").values_list("pk", flat=True)
        return list(first if shown is None else first[:shown]), cards.count()

    card_ids, count = _per_calculation(cycle, f"unmeasured:{shown}", compute)
    lines = (
        ScorecardLine.objects.filter(scorecard_id__in=card_ids, raw_value__isnull=True)
        .select_related("scorecard", "scorecard__partner")
        .order_by("scorecard__partner__code", "scorecard_id", "position")
    )
    by_card: dict[int, UnmeasuredCard] = {}
    for line in lines:
        by_card.setdefault(line.scorecard_id, UnmeasuredCard(line.scorecard, [])).lines.append(line)
    return list(by_card.values()), count


def tier_rules() -> list[tiers.TierRule]:
    return [tiers.TierRule(t.pk, t.rank, t.annual_sales_threshold) for t in Tier.objects.all()]


def tier_recommendations(
    *,
    period: Period,
    shown: int | None = None,
    cycle: EvaluationCycle | None = None,
    page: int = 1,
    memo: dict | None = None,
) -> tuple[list[TierRecommendation], int]:
    """Active partners whose trailing 12-month sales point to another tier than their own, by partner
    code: the `page`th `shown` of them (all when None) and how many there are. Only the partners shown are
    read as objects.

    With `cycle`, the list is the one of that cycle's calculation: computed once per version of the cycle
    (a recalculation starts a new entry), so the review page does not sum a year of sales on every request;
    a late sales import shows once the cycle is recalculated, as it shows in the scorecards. Tier changes
    applied since (any write to a partner or a tier changes `partners_version`) drop the moves no longer
    pointing elsewhere, checked once per such change rather than on every request."""
    tier_by_id = {t.pk: t for t in Tier.objects.all()}
    rules = [tiers.TierRule(t.pk, t.rank, t.annual_sales_threshold) for t in tier_by_id.values()]
    if not rules:
        return [], 0
    version = cycle_version(cycle) if cycle is not None else None
    if version is None:
        count, listed = _page_of(_tier_moves(period, rules), shown, page)
    else:
        signature = ",".join(f"{r.id}:{r.rank}:{r.threshold}" for r in rules)
        current_key = f"evaluations:tier-moves-now:{version}:{signature}:{partners_version(memo=memo)}"

        def current():
            calculated = _per_calculation(cycle, f"tier-moves:{signature}", lambda: _tier_moves(period, rules))
            return kept(current_key, lambda: _still_moving(calculated), CYCLE_FIGURES_CACHE_SECONDS)

        # Each page is kept on its own: a request reads its few moves, not the thousands of the whole list.
        count, listed = kept(
            f"{current_key}:{shown}:{page}", lambda: _page_of(current(), shown, page), CYCLE_FIGURES_CACHE_SECONDS
        )
    partners = Partner.objects.select_related("tier").in_bulk([partner_id for partner_id, *_ in listed])
    result = [
        TierRecommendation(partners[partner_id], direction, tier_by_id[tier_id], sales_12m)
        for partner_id, direction, tier_id, sales_12m in listed
        if partner_id in partners
    ]
    return result, count


def _page_of(moves: list, shown: int | None, page: int) -> tuple[int, list]:
    """How many moves there are and those of the `page`th `shown` (all when None; past the last page, the
    last, as Paginator.get_page)."""
    if shown is None:
        return len(moves), moves
    page = min(max(page, 1), max(1, -(-len(moves) // shown)))
    return len(moves), moves[(page - 1) * shown : page * shown]


def _tier_moves(period: Period, rules: list[tiers.TierRule]) -> list[tuple[int, str, int, Decimal]]:
    """(partner id, direction, tier id, 12-month sales) of every active partner the tier rule would move,
    by partner code, in one query: the database sums each partner's year from the monthly summary and keeps
    those whose qualifying tier (as `tiers.qualifying_tier` picks it: the highest whose threshold the sales
    reach) is not their own; the rule itself then decides on these few rows."""
    window = period.trailing(12)
    sales_12m = Coalesce(
        summed_sales_of_outer_partner(first=window[0], last=period),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    qualifying = Tier.objects.filter(annual_sales_threshold__lte=OuterRef("sales_12m")).order_by("rank")
    candidates = (
        Partner.objects.filter(status=Partner.Status.ACTIVE)
        .annotate(sales_12m=sales_12m)
        .annotate(qualifying=Subquery(qualifying.values("pk")[:1]))
        .filter(qualifying__isnull=False)
        .filter(Q(tier__isnull=True) | ~Q(qualifying=F("tier_id")))
        .order_by("code")
        .values_list("pk", "tier_id", "sales_12m")
    )
    moves = []
    for partner_id, tier_id, sales in candidates:
        move = tiers.recommendation(current_tier_id=tier_id, sales_12m=sales, tiers=rules)
        if move:
            moves.append((partner_id, move[0], move[1].id, sales))
    return moves


def _still_moving(moves: list[tuple[int, str, int, Decimal]]) -> list[tuple[int, str, int, Decimal]]:
    """The moves whose partner is still active and not yet in the recommended tier: one read of (id, tier)."""
    current = dict(Partner.objects.filter(status=Partner.Status.ACTIVE).values_list("pk", "tier_id"))
    return [move for move in moves if move[0] in current and current[move[0]] != move[2]]


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


def targets_version(*, memo: dict | None = None) -> str:
    """A token that changes with every write to a target: each adds a history row, whatever the path (the
    import, the yearly split, the grid, the admin). Read with the other versions (common.versions)."""
    return version_of("targets", memo=memo)


def targets_by_month(*, year: int, memo: dict | None = None) -> dict[int, Decimal]:
    """Every partner's sales targets of `year` added up by month: a GROUP BY over every target only after a
    target was written, else kept under `targets_version`, and once a request with the request's `memo`
    (common.memo): the dashboard's sales panels and the national plan's goals read the same sums."""

    def load():
        rows = Target.objects.filter(period__year=year).values("period").annotate(total=Sum("amount")).order_by()
        totals: dict[int, Decimal] = {}
        for row in rows:
            month = row["period"].month
            totals[month] = totals.get(month, ZERO) + (row["total"] or ZERO)
        return totals

    def versioned():
        return kept(
            f"evaluations:targets-by-month:{year}:{targets_version(memo=memo)}", load, CYCLE_FIGURES_CACHE_SECONDS
        )

    return remembered_in(memo, ("evaluations:targets-by-month", year), versioned)


def dashboard(*, user, today: dt.date, memo: dict | None = None) -> Dashboard | None:
    """The `/` panel: last month's sales against target, the latest cycle's grades, partners needing attention.
    `memo`: the request's (common.memo), shared with the page's other panels."""
    if not user.has_perm("evaluations.view_scorecard"):
        return None
    period = Period.containing(today).previous()
    sales = kept(
        f"evaluations:dashboard-sales:{period}:{sales_version(memo=memo)}",
        lambda: sales_sum(first=period, last=period),
        CYCLE_FIGURES_CACHE_SECONDS,
    )
    target = targets_by_month(year=period.year, memo=memo).get(period.number)  # as the plan's panel reads them
    # The latest final cycle no later than the month whose sales are shown: never an unfinished month's.
    cycle = latest_cycle(memo=memo, final=True, until=period.first_day)
    distribution, attention = [], []
    if cycle is not None:
        distribution = grade_distribution(cycle)
        attention = _d_twice_cards(cycle, memo=memo)
    return Dashboard(period, sales or ZERO, target or ZERO, cycle, distribution, attention)


def _d_twice_cards(cycle: EvaluationCycle, *, memo: dict | None = None) -> list[Scorecard]:
    """The first cards graded D twice, with their partners: kept per calculation and under the versions of the
    cards (a manager's edit) and the partners (a rename)."""

    def compute():
        shown = graded_d_twice(cycle)[:MOVERS_SHOWN]
        cards = {
            card.partner_id: card for card in cycle.scorecards.select_related("partner").filter(partner_id__in=shown)
        }
        return [cards[partner_id] for partner_id in shown if partner_id in cards]

    version = cycle_version(cycle)
    if version is None:
        return compute()
    key = f"evaluations:d-twice-cards:{version}:{version_of('scorecards', *PARTNERS, memo=memo)}"
    return kept(key, compute, CYCLE_FIGURES_CACHE_SECONDS)


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
