"""The figures of a plan, read from the other apps: every goal's actual, gap, trend, forecast and status,
the sales split against the partners' targets, and the budget against spend.

Nothing here is typed in where data exists. Sales are read only through `partners.selectors`. Every read is
set-wise: the number of queries depends on the number of goals and budget lines, never on partners or rows.

Satisfaction: partner satisfaction is the partner NPS of the latest closed partner survey round, customer
satisfaction the share of 4-5 ratings in the partners' latest closed customer rounds (the surveys app's
company-wide summary); before any survey has an answer, the average of the manual KPI values of the year's
latest month stands in (`satisfaction_level`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Q, QuerySet, Sum

from common.memo import remembered_in
from common.money import ZERO
from common.periods import Period
from evaluations.models import ManualKPIValue, Scorecard, Target
from evaluations.selectors import average_total as cycle_average_total
from evaluations.selectors import cycle_version, latest_cycle, targets_by_month
from incentives.models import FundRequest, LineStatus, Payout, RequestStatus
from partners.models import ChannelType, Partner, Region
from partners.sales_months import sales_version
from partners.selectors import PARTNERS, partners_counted_by, provinces, sales_by_month
from plans import forecasting
from plans.caching import remembered, versioned
from plans.models import BudgetLine, BudgetSubLine, Goal, GoalKind, MarketSize, Plan, Spend
from recruitment.models import StageChange
from recruitment.pipeline import Stage
from surveys.selectors import SatisfactionSummary, satisfaction_summary
from training.selectors import training_status_for

CUMULATIVE = {GoalKind.SALES, GoalKind.NEW_PARTNERS, GoalKind.INCENTIVE_SPEND}
ONLINE = (ChannelType.ECOMMERCE, ChannelType.SOCIAL)

# Approved market-support fund requests count in the budget line of their activity.
FUND_ACTIVITY_LINES = {
    FundRequest.Activity.ADVERTISING: BudgetSubLine.ADVERTISING,
    FundRequest.Activity.PROMOTION: BudgetSubLine.PROMOTIONS,
    FundRequest.Activity.EXHIBITION: BudgetSubLine.EVENTS,
    FundRequest.Activity.MATERIALS: BudgetSubLine.MATERIALS,
}
WARN_FROM = Decimal("90")
OVER_FROM = Decimal("100")


def completed_months(year: int, today: dt.date) -> int:
    """Months of `year` that are over on `today` (0 before the year, 12 after it)."""
    if today.year < year:
        return 0
    if today.year > year:
        return 12
    return today.month - 1


def elapsed_months(year: int, today: dt.date) -> int:
    """Months of `year` that have begun on `today` (the current month counts)."""
    if today.year < year:
        return 0
    return 12 if today.year > year else today.month


def plan_partners(plan: Plan) -> QuerySet[Partner]:
    """The partners a plan is about: all of them, or those in the regional plan's province and its cities."""
    if plan.region_id is None:
        return Partner.objects.all()
    return Partner.objects.filter(Q(region_id=plan.region_id) | Q(region__parent_id=plan.region_id))


def _of_partners(plan: Plan, *tables: str) -> tuple[str, ...]:
    """`tables`, and for a regional plan the partners' (common.versions): which partners it is about."""
    return tables if plan.region_id is None else (*tables, *PARTNERS)


def plan_goals(plan: Plan, *, memo: dict | None = None) -> list[Goal]:
    """The plan's goals with their months, kept under the goals' version: the months are written only with their
    goal (`services.goal_save`), whose every write adds a history row."""
    return versioned(f"goals:{plan.pk}", ("goals",), lambda: list(plan.goals.prefetch_related("months")), memo=memo)


def of_plan_partners(rows: QuerySet, plan: Plan) -> QuerySet:
    """`rows` (of a model with a `partner`) of the plan's partners: a national plan's are every partner's,
    read without joining them all."""
    return rows if plan.region_id is None else rows.filter(partner__in=plan_partners(plan).values("pk"))


@dataclass
class GoalFigures:
    goal: Goal
    target: Decimal
    monthly_target: dict[int, Decimal]
    actual: Decimal | None
    monthly_actual: dict[int, Decimal] = field(default_factory=dict)
    forecast: forecasting.Forecast = field(default_factory=lambda: forecasting.Forecast(None, forecasting.NO_DATA))
    status: str = forecasting.UNKNOWN
    trend: str = ""  # "up", "down", "flat" or ""
    detail: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.goal.kind

    @property
    def is_money(self) -> bool:
        return self.goal.is_money

    @property
    def target_to_date(self) -> Decimal:
        return self.detail.get("target_to_date", self.target)

    @property
    def gap(self) -> Decimal | None:
        """Actual minus the target due by now (cumulative goals) or the yearly level (level goals)."""
        if self.actual is None:
            return None
        return self.actual - self.target_to_date

    @property
    def attainment(self) -> Decimal | None:
        return forecasting.attainment(self.actual, self.target_to_date)

    def quarter_target(self, quarter: int) -> Decimal:
        return sum((self.monthly_target.get(m, ZERO) for m in range(quarter * 3 - 2, quarter * 3 + 1)), ZERO)

    def quarter_actual(self, quarter: int) -> Decimal:
        return sum((self.monthly_actual.get(m, ZERO) for m in range(quarter * 3 - 2, quarter * 3 + 1)), ZERO)

    def as_snapshot(self) -> dict:
        def s(value):
            return None if value is None else str(value)

        return {
            "kind": self.goal.kind,
            "channel_type": self.goal.channel_type,
            "label": str(self.goal),
            "target": s(self.target),
            "target_to_date": s(self.target_to_date),
            "actual": s(self.actual),
            "gap": s(self.gap),
            "forecast": s(self.forecast.value),
            "method": self.forecast.method,
            "status": self.status,
            "monthly_actual": {str(m): s(v) for m, v in sorted(self.monthly_actual.items())},
        }


def _trend(monthly: dict[int, Decimal], done: int) -> str:
    if done < 2:
        return ""
    last, before = monthly.get(done, ZERO), monthly.get(done - 1, ZERO)
    return "up" if last > before else "down" if last < before else "flat"


class _Reader:
    """Loads each source once per plan and today, whatever the number of goals asking for it."""

    def __init__(self, plan: Plan, today: dt.date, *, fresh: bool = False, memo: dict | None = None):
        self.plan, self.today, self.year, self.fresh, self.memo = plan, today, plan.year, fresh, memo
        self.partners = plan_partners(plan)
        self.first, self.last = Period.month(self.year, 1), Period.month(self.year, 12)
        self._cache: dict = {}

    def once(self, key, load):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def sales(self, year: int) -> dict[int, Decimal]:
        def load():
            rows = sales_by_month(
                first=Period.month(year, 1),
                last=Period.month(year, 12),
                partners_qs=None if self.plan.region_id is None else self.partners,
            )
            return {period.number: amount for period, amount in rows.items()}

        key = f"sales:{year}:{self.plan.region_id}:{sales_version(memo=self.memo)}"
        return self.once(("sales", year), lambda: remembered(key, load, fresh=self.fresh))

    def market_size(self) -> dict[int, Decimal]:
        def load():
            rows = MarketSize.objects.filter(region_id=self.plan.region_id, period__year=self.year).values_list(
                "period", "amount"
            )
            return {period.month: amount for period, amount in rows}

        return self.once("market", load)

    def partner_targets(self) -> dict[int, Decimal]:
        def load():
            if self.plan.region_id is None:  # every partner's: as the dashboard's other panels read them
                return targets_by_month(year=self.year, memo=self.memo)
            rows = (
                Target.objects.filter(partner__in=self.partners.values("pk"), period__year=self.year)
                .values("period")
                .annotate(total=Sum("amount"))
                .order_by()
            )
            return {row["period"].month: row["total"] or ZERO for row in rows}

        return self.once("targets", load)

    def _by_year(self, name: str, year: int, load: Callable[[tuple[int, ...]], dict]) -> dict[int, Decimal]:
        """`load(years)` by year and month, read for the plan's year and the year before in one query (the
        cumulative goals compare the two); any other year on its own."""
        years = (self.year - 1, self.year) if year in (self.year - 1, self.year) else (year,)
        return self.once((name, years), lambda: load(years)).get(year, {})

    def signed(self, year: int) -> dict[int, Decimal]:
        def load(years):
            counts: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
            rows = StageChange.objects.filter(
                to_stage=Stage.SIGNED, changed_at__year__gte=years[0], changed_at__year__lte=years[-1]
            ).values_list("changed_at", flat=True)
            for moment in rows:
                month = Period.containing(moment)
                counts[month.year][month.number] += 1
            return {y: dict(by_month) for y, by_month in counts.items()}

        return self._by_year("signed", year, load)

    def payouts(self, year: int) -> dict[int, Decimal]:
        return self._by_year(
            "payouts", year, lambda years: approved_payouts(self.plan, years=years, memo=self.memo, fresh=self.fresh)
        )

    def active_by_channel(self) -> dict[str, int]:
        active = self.partners.filter(status=Partner.Status.ACTIVE)
        return self.once("active", lambda: partners_counted_by(active, "channel_type", memo=self.memo))

    def coverage(self) -> dict:
        return self.once(
            "coverage", lambda: coverage_for(self.plan, today=self.today, fresh=self.fresh, memo=self.memo)
        )

    def average_total(self) -> Decimal | None:
        def load():
            cycle = latest_cycle(memo=self.memo, until=self.today, year=self.year)
            if cycle is None:
                return None
            if self.plan.region_id is None:  # a national plan is about every partner: once per calculation
                return cycle_average_total(cycle)
            cards = Scorecard.objects.filter(cycle=cycle, partner__in=self.partners.values("pk"))
            avg = cards.aggregate(a=Avg("total"))["a"]
            return None if avg is None else Decimal(avg)

        return self.once("grade", load)

    def satisfaction(self) -> SatisfactionSummary:
        def load():
            return satisfaction_summary(as_of=self.today)

        return self.once("satisfaction", lambda: remembered(f"satisfaction:{self.today}", load, fresh=self.fresh))

    def manual_average(self) -> Decimal | None:
        key = f"manual:{self.plan.region_id}:{self.year}:{self.today}"

        def load():
            return manual_average(partners=self.partners, year=self.year, today=self.today)

        return self.once("manual", lambda: remembered(key, load, fresh=self.fresh))

    def training(self) -> Decimal | None:
        def load():
            ids = list(self.partners.filter(status=Partner.Status.ACTIVE).values_list("pk", flat=True))
            if not ids:
                return None
            as_of = min(self.today, dt.date(self.year, 12, 31))
            rates = [s.completion_rate for s in training_status_for(partner_ids=ids, as_of=as_of).values()]
            return sum(rates, ZERO) / len(rates)

        key = f"training:{self.plan.region_id}:{self.year}:{self.today}"
        return self.once("training", lambda: remembered(key, load, fresh=self.fresh))


def approved_payouts(
    plan: Plan, *, years: tuple[int, ...], memo: dict | None = None, fresh: bool = False
) -> dict[int, dict[int, Decimal]]:
    """Approved and paid payouts to the plan's partners by year and month, over `years` (consecutive): one
    query over every partner's payouts, kept until a payout is written (plans.caching; `fresh`: read now), and
    read once a request with the request's `memo` (common.memo): the incentive goal, the budget's incentives line
    and the dashboard's spend add up the same payouts."""

    def load():
        rows = (
            of_plan_partners(Payout.objects.all(), plan)
            .filter(
                status__in=(LineStatus.APPROVED, LineStatus.PAID),
                period__year__gte=years[0],
                period__year__lte=years[-1],
            )
            .values("period")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        by_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for row in rows:
            month = by_year[row["period"].year]
            month[row["period"].month] = month.get(row["period"].month, ZERO) + (row["total"] or ZERO)
        return dict(by_year)

    key = f"payouts:{plan.region_id}:{years[0]}-{years[-1]}"
    return remembered_in(
        memo,
        ("plans:approved-payouts", plan.region_id, years),
        lambda: versioned(key, _of_partners(plan, "payouts"), load, memo=memo, fresh=fresh),
    )


def satisfaction_level(
    *,
    kind: str,
    partners: QuerySet[Partner],
    year: int,
    today: dt.date,
    summary: SatisfactionSummary | None = None,
    manual: Callable[[], Decimal | None] | None = None,
) -> Decimal | None:
    """The satisfaction goals' actual: the surveys' figure when a closed round has answers, otherwise the
    average manual KPI value of the latest month of `year` (up to today) that has any. Both goals read the
    same `summary` and the same `manual` average: a caller with both goals passes them, read once."""
    summary = summary or satisfaction_summary(as_of=today)
    surveyed = summary.partner_nps if kind == GoalKind.PARTNER_SATISFACTION else summary.customer_csat
    if surveyed is not None:
        return surveyed
    return manual() if manual is not None else manual_average(partners=partners, year=year, today=today)


def manual_average(*, partners: QuerySet[Partner], year: int, today: dt.date) -> Decimal | None:
    """The average manual KPI value of the latest month of `year` (up to today) that has any: one query."""
    latest = (
        ManualKPIValue.objects.filter(partner__in=partners.values("pk"), period__year=year, period__lte=today)
        .values("period")
        .annotate(a=Avg("value"))
        .order_by("-period")
        .values_list("a", flat=True)
        .first()
    )
    return None if latest is None else Decimal(latest)


def covered_regions(plan: Plan, *, today: dt.date | None = None, fresh: bool = False) -> dict[str, set[int]]:
    """The regions (cities and their provinces) with at least one active partner, online and offline apart:
    one query over the plan's partners, remembered for the day (plans.caching)."""

    def load():
        covered: dict[str, set[int]] = {"online": set(), "offline": set()}
        active = plan_partners(plan).filter(status=Partner.Status.ACTIVE)
        rows = active.values_list("region_id", "region__parent_id", "channel_type").distinct()
        for region_id, parent_id, channel_type in rows:
            covered["online" if channel_type in ONLINE else "offline"].update({region_id, parent_id})
        return covered

    return remembered(f"covered:{plan.region_id}:{today}", load, fresh=fresh or today is None)


def coverage_for(plan: Plan, *, today: dt.date | None = None, fresh: bool = False, memo: dict | None = None) -> dict:
    """Targeted provinces/cities against those with at least one active partner, online and offline apart.

    A targeted province is covered by an active partner registered in it or in one of its cities. Without
    targets, every province counts as targeted (read once a request with the request's `memo`, common.memo).
    Two queries.
    """
    ids = set(Region.objects.filter(pk__in=plan.coverage_targets.values("region_id")).values_list("pk", flat=True))
    ids = ids or {pk for pk, _code, _name in provinces(memo=memo)}
    covered = covered_regions(plan, today=today, fresh=fresh)
    online, offline = ids & covered["online"], ids & covered["offline"]
    both = online | offline
    n = len(ids)

    def pct(k):
        return forecasting.attainment(Decimal(k), Decimal(n)) if n else None

    return {
        "targeted": n,
        "covered": len(both),
        "online": len(online),
        "offline": len(offline),
        "pct": pct(len(both)),
        "online_pct": pct(len(online)),
        "offline_pct": pct(len(offline)),
        "uncovered_ids": sorted(ids - both),
    }


# The tables a plan's goal figures are read from, besides the sales (their own version) and the latest cycle
# (its calculation): the goals and their months, the partners' targets, the payouts, the market sizes, the coverage
# targets, the applications (a stage change is written with its application) and the partners themselves.
GOAL_TABLES = ("goals", "targets", "payouts", "market_sizes", "coverage_targets", "applications", *PARTNERS)


def goal_figures(plan: Plan, *, today: dt.date, fresh: bool = False, memo: dict | None = None) -> list[GoalFigures]:
    """Every goal of the plan with its figures as of `today` (`fresh`: bypass the figures cache; `memo`: the
    request's, common.memo).

    Kept whole under the versions of what they are read from (GOAL_TABLES, the sales', the latest cycle's
    calculation) and the day: the plan page and the dashboard make no query for them until one of those is
    written. The parts remembered for minutes rather than under a version (training completion, satisfaction,
    the covered regions) still expire when they would have: the whole expires with the earliest (common.kept).
    Callers must not change what they are given: the process keeps the same objects for the next request."""
    if fresh:
        return _goal_figures(plan, today=today, fresh=True, memo=memo)
    cycle = latest_cycle(memo=memo, until=today, year=plan.year)
    calculation = "-" if cycle is None else cycle_version(cycle)
    if calculation is None:  # a cycle never calculated: its average total is read afresh, so is the whole
        return _goal_figures(plan, today=today, memo=memo)
    key = f"goal-figures:{plan.pk}:{plan.year}:{plan.region_id}:{today}:{sales_version(memo=memo)}:{calculation}"
    return versioned(key, GOAL_TABLES, lambda: _goal_figures(plan, today=today, memo=memo), memo=memo, stamped=True)


def _goal_figures(plan: Plan, *, today: dt.date, fresh: bool = False, memo: dict | None = None) -> list[GoalFigures]:
    reader = _Reader(plan, today, fresh=fresh, memo=memo)
    goals = plan_goals(plan, memo=memo)
    done = completed_months(plan.year, today)
    begun = elapsed_months(plan.year, today)
    result = []
    for goal in goals:
        monthly_target = {m.month: m.value for m in goal.months.all()}
        fig = GoalFigures(goal=goal, target=goal.yearly_value, monthly_target=monthly_target, actual=None)
        kind = goal.kind
        if kind in CUMULATIVE:
            this, _last = {
                GoalKind.SALES: (reader.sales, plan.year),
                GoalKind.NEW_PARTNERS: (reader.signed, plan.year),
                GoalKind.INCENTIVE_SPEND: (reader.payouts, plan.year),
            }[kind]
            monthly = this(plan.year)
            previous = this(plan.year - 1)
            fig.monthly_actual = {m: monthly.get(m, ZERO) for m in range(1, begun + 1)}
            fig.actual = sum(fig.monthly_actual.values(), ZERO)
            fig.forecast = forecasting.forecast_cumulative(actual=monthly, last_year=previous, completed_months=done)
            fig.trend = _trend(fig.monthly_actual, done)
            fig.detail["target_to_date"] = (
                sum((monthly_target.get(m, ZERO) for m in range(1, begun + 1)), ZERO)
                if monthly_target
                else goal.yearly_value * begun / 12
            )
            if kind == GoalKind.SALES:
                fig.detail["reconciliation"] = reconciliation(goal, reader.partner_targets())
                fig.detail["quarters"] = quarters(fig.detail["reconciliation"])
        else:
            if kind == GoalKind.MARKET_SHARE:
                market = reader.market_size()
                months = [m for m in range(1, begun + 1) if m in market]
                size = sum((market[m] for m in months), ZERO)
                sales = sum((reader.sales(plan.year).get(m, ZERO) for m in months), ZERO)
                fig.actual = forecasting.attainment(sales, size)
                fig.detail.update(market=size, sales=sales)
            elif kind == GoalKind.COVERAGE:
                cov = reader.coverage()
                fig.actual = cov["pct"]
                fig.detail.update(cov)
            elif kind == GoalKind.ACTIVE_PARTNERS:
                counts = reader.active_by_channel()
                n = counts.get(goal.channel_type, 0) if goal.channel_type else sum(counts.values())
                fig.actual = Decimal(n)
            elif kind == GoalKind.AVERAGE_GRADE:
                fig.actual = reader.average_total()
            elif kind == GoalKind.TRAINING:
                fig.actual = reader.training()
            elif kind in (GoalKind.PARTNER_SATISFACTION, GoalKind.CUSTOMER_SATISFACTION):
                fig.actual = reader.once(
                    f"satisfaction:{kind}",
                    lambda kind=kind: satisfaction_level(
                        kind=kind,
                        partners=reader.partners,
                        year=plan.year,
                        today=today,
                        summary=reader.satisfaction(),
                        manual=reader.manual_average,
                    ),
                )
            if fig.actual is not None:
                fig.actual = fig.actual.quantize(Decimal("0.01"))
            fig.forecast = forecasting.forecast_level(current=fig.actual)
        fig.status = forecasting.status(forecast=fig.forecast.value, target=goal.yearly_value)
        result.append(fig)
    return result


def reconciliation(goal: Goal, partner_targets: dict[int, Decimal]) -> list[dict]:
    """The sales goal's months against the sum of the partners' monthly targets, with the difference."""
    plan_months = {m.month: m.value for m in goal.months.all()}
    rows = []
    for m in range(1, 13):
        planned, targets = plan_months.get(m, ZERO), partner_targets.get(m, ZERO)
        row = {"month": m, "period": Period.month(goal.plan.year, m), "plan": planned, "targets": targets}
        rows.append({**row, "difference": planned - targets})
    return rows


def quarters(rows: list[dict]) -> list[dict]:
    """The reconciliation's months added up by quarter."""
    result = []
    for q in range(1, 5):
        part = rows[(q - 1) * 3 : q * 3]
        planned = sum((r["plan"] for r in part), ZERO)
        targets = sum((r["targets"] for r in part), ZERO)
        result.append({"quarter": q, "plan": planned, "targets": targets, "difference": planned - targets})
    return result


@dataclass
class BudgetFigures:
    line: BudgetLine
    spent_by_quarter: dict[int, Decimal]
    manual: Decimal
    automatic: Decimal

    @property
    def spent(self) -> Decimal:
        return self.manual + self.automatic

    @property
    def planned(self) -> Decimal:
        return self.line.planned

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def used_pct(self) -> Decimal | None:
        return forecasting.attainment(self.spent, self.planned)

    @property
    def level(self) -> str:
        """ "over" from 100 % of the planned amount, "warning" from 90 %, else ""."""
        pct = self.used_pct
        if self.planned <= 0:
            return "over" if self.spent > 0 else ""
        if pct is None:
            return ""
        return "over" if pct >= OVER_FROM else "warning" if pct >= WARN_FROM else ""


def budget_figures(plan: Plan, *, memo: dict | None = None, fresh: bool = False) -> list[BudgetFigures]:
    """Each budget line with its spend: entered spend, approved payouts (incentives line) and approved
    market-support fund requests (the line of their activity), per quarter of the plan's year. Four queries, kept
    under the versions of what they read (plans.caching.versioned; `fresh`: read now)."""
    tables = _of_partners(plan, "budget_lines", "spend", "funds", "fund_requests", "payouts")
    return versioned(
        f"budget:{plan.pk}:{plan.year}:{plan.region_id}",
        tables,
        lambda: _budget_figures(plan, memo=memo, fresh=fresh),
        memo=memo,
        fresh=fresh,
        stamped=True,
    )


def _budget_figures(plan: Plan, *, memo: dict | None, fresh: bool) -> list[BudgetFigures]:
    lines = list(plan.budget_lines.all())
    by_line: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    manual: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        Spend.objects.filter(line__plan=plan, spent_on__year=plan.year)
        .values("line_id", "spent_on__quarter")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        by_line[row["line_id"]][row["spent_on__quarter"]] += row["total"]
        manual[row["line_id"]] += row["total"]
    line_of = {line.sub_line: line.pk for line in lines}
    automatic: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if BudgetSubLine.INCENTIVES in line_of:
        pk = line_of[BudgetSubLine.INCENTIVES]
        # By month for the year and the one before, as the incentive goal reads them: shared through `memo`.
        payouts = approved_payouts(plan, years=(plan.year - 1, plan.year), memo=memo, fresh=fresh)
        payouts = payouts.get(plan.year, {})
        for month, total in payouts.items():
            by_line[pk][(month - 1) // 3 + 1] += total
            automatic[pk] += total
    funds = (
        of_plan_partners(FundRequest.objects.all(), plan)
        .filter(status=RequestStatus.APPROVED, fund__period__year=plan.year)
        .values("activity", "fund__period__quarter")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    )
    for row in funds:
        pk = line_of.get(FUND_ACTIVITY_LINES.get(row["activity"]))
        if pk is not None and row["total"]:
            by_line[pk][row["fund__period__quarter"]] += row["total"]
            automatic[pk] += row["total"]
    return [
        BudgetFigures(
            line=line, spent_by_quarter=dict(by_line[line.pk]), manual=manual[line.pk], automatic=automatic[line.pk]
        )
        for line in lines
    ]


def payouts_waiting(plan: Plan, *, memo: dict | None = None, fresh: bool = False) -> Decimal:
    """Draft payouts of the plan's year: what approving them all would take from the incentives line. Kept under
    the payouts' version (`fresh`: read now)."""
    drafts = of_plan_partners(Payout.objects.all(), plan).filter(status=LineStatus.DRAFT, period__year=plan.year)
    return versioned(
        f"payouts-waiting:{plan.region_id}:{plan.year}",
        _of_partners(plan, "payouts"),
        lambda: drafts.aggregate(s=Sum("amount"))["s"] or ZERO,
        memo=memo,
        fresh=fresh,
    )
