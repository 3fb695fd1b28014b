"""The director's dashboard at `/`: the plan's goals with their status, sales month-to-date and year-to-date
against target, coverage by province, the recruitment funnel, training completion, incentive spend against
budget, the last cycle's grades and the attention list. Every number comes with the list behind it.

The number of queries is fixed: each figure is one GROUP BY or one count, whatever the number of partners
(tests/plans/test_dashboard.py holds it equal at 10 and 200 partners).

Channel managers see their own partners by default (`scope="mine"`) and can widen to every partner.

A figure is shown only to a user who may read the data it counts (`FIGURE_PERMISSIONS`): Finance reads the
plan, but not the recruitment funnel or training completion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Now

from common import clock
from common.access import roles_of
from common.counts import named_count
from common.money import ZERO
from common.periods import Period
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER
from evaluations.models import EvaluationCycle, Target
from evaluations.selectors import (
    cycle_version,
    grade_distribution,
    graded_d_twice,
    latest_cycle,
    targets_by_month,
)
from incentives.models import LineStatus, Payout
from partners.models import Partner
from partners.sales_months import sales_version
from partners.selectors import PARTNERS, expiring_q, partners_version, provinces, sales_by_month
from plans import figures, forecasting
from plans.caching import remembered, versioned
from plans.models import BudgetSubLine, Plan, Risk
from recruitment.models import Application
from recruitment.pipeline import Stage
from training.certificates import EXPIRING_SOON_DAYS
from training.models import Certification

APPLICATION_WAIT_DAYS = 7

# The permission of the data behind each figure that is not the plan's own (attention keys and panels).
FIGURE_PERMISSIONS = {
    "agreements": "partners.view_agreement",
    "certifications": "training.view_certification",
    "training": "training.view_certification",
    "graded_d_twice": "evaluations.view_scorecard",
    "payouts": "incentives.view_payout",
    "applications": "recruitment.view_application",
    "funnel": "recruitment.view_application",
    "risks": "plans.view_risk",
    "budget": "plans.view_budgetline",
}


@dataclass
class Attention:
    key: str
    count: int
    url: str


@dataclass
class Dashboard:
    today: dt.date
    scope: str
    can_widen: bool
    plan: Plan | None
    goals: list = field(default_factory=list)
    sales_mtd: Decimal = ZERO
    sales_ytd: Decimal = ZERO
    target_mtd: Decimal = ZERO
    target_ytd: Decimal = ZERO
    monthly: list = field(default_factory=list)
    provinces: list = field(default_factory=list)
    funnel: list | None = None
    training: Decimal | None = None
    shows_training: bool = False
    incentive_spend: Decimal = ZERO
    incentive_budget: Decimal = ZERO
    cycle: EvaluationCycle | None = None
    grades: list = field(default_factory=list)
    # What the attention list takes from the figures: the budget lines above 90%, the partners graded D twice.
    budget_over: int = 0
    d_twice: int = 0
    attention: list = field(default_factory=list)
    # Set when the figures are kept (plans.caching.versioned): a new one each time they are built, for the panel's
    # HTML kept with them (`{% kept_html %}`); empty when they are read afresh.
    stamp: str = ""

    @property
    def mtd_pct(self):
        return forecasting.attainment(self.sales_mtd, self.target_mtd)

    @property
    def ytd_pct(self):
        return forecasting.attainment(self.sales_ytd, self.target_ytd)

    @property
    def incentive_pct(self):
        return forecasting.attainment(self.incentive_spend, self.incentive_budget)

    def chart(self) -> dict:
        """What the vendored Chart.js draws (static/plans/dashboard.js): plain numbers, no markup."""
        return {
            "months": [row["label"] for row in self.monthly],
            "sales": [float(row["sales"]) for row in self.monthly],
            "target": [float(row["target"]) for row in self.monthly],
            "provinces": [row["name"] for row in self.provinces[:15]],
            "partners": [row["active"] for row in self.provinces[:15]],
        }


def default_scope(user) -> str:
    roles = roles_of(user)
    return "mine" if CHANNEL_MANAGER in roles and CHANNEL_DIRECTOR not in roles and not user.is_superuser else "all"


def current_plan(year: int) -> Plan | None:
    """This year's national plan (approved first, else the draft)."""
    return (
        Plan.objects.filter(year=year, region__isnull=True)
        .exclude(status=Plan.Status.CLOSED)
        .select_related("owner")
        .first()
    ) or Plan.objects.filter(year=year, region__isnull=True).first()


# What the dashboard's figures are read from beside the sales (their own version) and the cycles (their
# calculations): tables whose every write adds a history row (common.versions).
DASHBOARD_TABLES = (*figures.GOAL_TABLES, "plans", "budget_lines", "spend", "funds", "fund_requests")


def dashboard(*, user, today: dt.date, scope: str | None = None, memo: dict | None = None) -> Dashboard:
    """`memo`: the request's (common.memo), to share with the page's other panels what they read alike.

    The figures are kept whole (`_kept_figures`); the attention list's plain counts are read on every request, in
    the page's one query of counts (common.counts), as they move with the day and the clock."""
    scope, scoped = scoped_partners(user, scope)
    shown = tuple(key for key, permission in FIGURE_PERMISSIONS.items() if user.has_perm(permission))
    d = _kept_figures(user=user, today=today, scope=scope, scoped=scoped, shown=shown, memo=memo)
    attention = _attention(today=today, scoped=scoped, d=d, memo=memo)
    # A copy: the kept object is shared by every request of this process.
    return replace(d, attention=[item for item in attention if item.key in shown])


def _kept_figures(*, user, today: dt.date, scope: str, scoped, shown: tuple[str, ...], memo) -> Dashboard:
    """The dashboard's figures kept under the versions of what they are read from (DASHBOARD_TABLES), the sales'
    version, the calculations of the cycles they show, the day and what of the user they depend on (the scope,
    the default scope, the figures shown): built again only after one of those moved. Each part kept for minutes
    rather than under a version (the goals' training completion, the sales) expires the whole with it
    (common.kept). Read afresh when a cycle shown was never calculated, as `figures.goal_figures` does."""

    def compute():
        return _figures(user=user, today=today, scope=scope, scoped=scoped, shown=shown, memo=memo)

    cycles = (latest_cycle(memo=memo), latest_cycle(memo=memo, until=today, year=today.year))
    calculations = ["-" if cycle is None else cycle_version(cycle) for cycle in cycles]
    if None in calculations:
        return compute()
    whose = "all" if scoped is None else f"mine:{user.pk}"
    parts = (whose, default_scope(user), ",".join(shown), str(today), sales_version(memo=memo), *calculations)
    # A digest: the parts are longer than a cache key may be.
    key = f"dashboard:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"
    return versioned(key, DASHBOARD_TABLES, compute, memo=memo, stamped=True)


def _figures(*, user, today: dt.date, scope: str, scoped, shown: tuple[str, ...], memo) -> Dashboard:
    partners = Partner.objects.all() if scoped is None else scoped
    period = Period.containing(today)
    plan = current_plan(today.year)
    d = Dashboard(today=today, scope=scope, can_widen=default_scope(user) == "mine", plan=plan)

    # The plan's goals and the incentive budget.
    budget = []
    if plan is not None:
        d.goals = figures.goal_figures(plan, today=today, memo=memo)
        budget = figures.budget_figures(plan, memo=memo)
        training = next((g for g in d.goals if g.kind == "training"), None)
        d.training = training.actual if training else None
    d.shows_training = "training" in shown
    if not d.shows_training:
        d.training = None
        line = next((b for b in budget if b.line.sub_line == BudgetSubLine.INCENTIVES), None)
        if line is not None:
            d.incentive_budget, d.incentive_spend = line.planned, line.spent

    # Sales against the partners' targets, month by month this year.
    first = Period.month(today.year, 1)
    # A manager's own partners change with the partners' version (a partner changing hands adds a history row).
    whose = "all" if scoped is None else f"mine:{user.pk}"
    scope_key = whose if scoped is None else f"{whose}:{partners_version(memo=memo)}"
    # Keyed by the sales' version: a sales write shows at once.
    sales = remembered(
        f"dashboard-sales:{scope_key}:{period}:{sales_version(memo=memo)}",
        lambda: sales_by_month(first=first, last=period, partners_qs=scoped),
    )
    if scoped is None:  # every partner's, as the plan's goals and the performance panel read them
        targets = targets_by_month(year=today.year, memo=memo)
    else:  # a manager's own partners: kept under the targets' and the partners' versions
        targets_qs = Target.objects.filter(
            period__gte=first.first_day, period__lte=period.first_day, partner__in=scoped.values("pk")
        )
        targets = versioned(
            f"dashboard-targets:{whose}:{period}",
            ("targets", *PARTNERS),
            lambda: {
                row["period"].month: row["total"]
                for row in targets_qs.values("period").annotate(total=Sum("amount")).order_by()
            },
            memo=memo,
        )
    for m in range(1, period.number + 1):
        p = Period.month(today.year, m)
        d.monthly.append({"label": str(p), "sales": sales.get(p, ZERO), "target": targets.get(m) or ZERO})
    d.sales_mtd, d.target_mtd = d.monthly[-1]["sales"], d.monthly[-1]["target"]
    d.sales_ytd = sum((row["sales"] for row in d.monthly), ZERO)
    d.target_ytd = sum((row["target"] for row in d.monthly), ZERO)
    if scope == "all":
        d.incentive_spend = d.incentive_spend or _payouts(today.year, plan=plan, memo=memo)

    # Coverage by province: active partners per province (a city's partners count in its province).
    # Keyed by the partners' version: a GROUP BY over every partner only after a partner was written.
    active = partners.filter(status=Partner.Status.ACTIVE).annotate(
        province_id=Coalesce(F("region__parent_id"), F("region_id"))
    )
    counts = versioned(
        f"dashboard-provinces:{whose}",
        PARTNERS,
        lambda: {
            row["province_id"]: row
            for row in active.values("province_id")
            .annotate(
                n=Count("pk"),
                online=Count("pk", filter=Q(channel_type__in=figures.ONLINE)),
            )
            .order_by()
        },
        memo=memo,
    )
    for pk, code, name in provinces(memo=memo):  # as the coverage goal read them
        row = counts.get(pk, {})
        n, online = row.get("n", 0), row.get("online", 0)
        d.provinces.append({"pk": pk, "code": code, "name": name, "active": n, "online": online, "offline": n - online})
    d.provinces.sort(key=lambda r: (-r["active"], r["code"]))

    # The recruitment funnel: applications per stage.
    by_stage = dict(Application.objects.values_list("stage").annotate(n=Count("pk")).order_by())
    if "funnel" in shown:
        d.funnel = [(stage.value, stage.label, by_stage.get(stage.value, 0)) for stage in Stage.main_line()]

    # The last cycle's grades.
    d.cycle = latest_cycle(memo=memo)  # read once a request with the evaluations panel's and the plan's goals
    if d.cycle is not None:
        d.grades = grade_distribution(d.cycle)

    if plan is not None:
        d.budget_over = sum(1 for b in budget if b.level in ("warning", "over"))
    if d.cycle is not None:
        d_twice_ids = graded_d_twice(d.cycle)  # computed once per calculation of the cycle
        d.d_twice = len(d_twice_ids) if scoped is None else scoped.filter(pk__in=d_twice_ids).count()
    return d


def _payouts(year: int, *, plan: Plan | None = None, memo: dict | None = None) -> Decimal:
    """Approved and paid payouts of `year` to every partner: those the national plan's goals and budget have
    read this request when it is that year's plan."""
    if plan is not None and plan.region_id is None and plan.year == year:
        by_month = figures.approved_payouts(plan, years=(year - 1, year), memo=memo).get(year, {})
        return sum(by_month.values(), ZERO)
    total = Payout.objects.filter(status__in=(LineStatus.APPROVED, LineStatus.PAID), period__year=year).aggregate(
        s=Sum("amount")
    )["s"]
    return total or ZERO


def attention_querysets(*, today: dt.date, scoped) -> dict[str, Callable[[], QuerySet]]:
    """The attention list's counts that are plain counts, each as the queryset it counts (built when asked):
    counted ahead with the page's other counts (`home_counts`, common.counts) or by `_attention`."""
    from partners.models import Agreement

    def agreements():
        queryset = Agreement.objects.filter(expiring_q(today))
        return queryset if scoped is None else queryset.filter(partner__in=scoped.values("pk"))

    def certifications():
        queryset = Certification.objects.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=EXPIRING_SOON_DAYS)
        )
        return queryset if scoped is None else queryset.filter(contact__partner__in=scoped.values("pk"))

    def payouts():
        queryset = Payout.objects.filter(status=LineStatus.DRAFT)
        return queryset if scoped is None else queryset.filter(partner__in=scoped.values("pk"))

    def applications():  # every partner's, whatever the scope, as the funnel counts them
        # The database's clock, not this moment's value: the compiled count stays the same (common.counts).
        waited_since = Now() - dt.timedelta(days=APPLICATION_WAIT_DAYS)
        return Application.objects.filter(stage__in=Stage.open_stages(), stage_entered_at__lt=waited_since)

    def risks():
        return Risk.objects.exclude(status=Risk.Status.CLOSED).filter(next_review_on__lt=today)

    return {
        "agreements": agreements,
        "certifications": certifications,
        "payouts": payouts,
        "applications": applications,
        "risks": risks,
    }


def scoped_partners(user, scope: str | None) -> tuple[str, QuerySet[Partner] | None]:
    """The scope the dashboard shows (`scope` if valid, else the user's default) and its partners (None: all)."""
    scope = scope if scope in ("mine", "all") else default_scope(user)
    return scope, None if scope == "all" else Partner.objects.filter(manager=user)


def home_counts(request) -> dict[str, QuerySet]:
    """The attention list's plain counts for this request's user and scope (common.counts, page "home")."""
    user = request.user
    if not user.has_perm("plans.view_plan"):
        return {}
    _scope, scoped = scoped_partners(user, request.GET.get("scope"))
    return {f"plans:{key}": build() for key, build in attention_querysets(today=clock.today(), scoped=scoped).items()}


def _attention(*, today, scoped, d: Dashboard, memo=None) -> list[Attention]:
    from django.urls import reverse

    counts = {
        key: named_count(memo, f"plans:{key}", build)
        for key, build in attention_querysets(today=today, scoped=scoped).items()
    }
    items = [
        Attention("agreements", counts["agreements"], reverse("partners:agreements") + "?expiring=true&sort=end_on"),
        Attention(
            "certifications", counts["certifications"], reverse("training:certifications") + "?validity=expiring"
        ),
    ]
    if d.cycle is not None:
        url = reverse("evaluations:cycle", kwargs={"period": str(Period(d.cycle.period))})
        items.append(Attention("graded_d_twice", d.d_twice, url))
    items.append(Attention("payouts", counts["payouts"], reverse("incentives:approvals")))
    items.append(Attention("applications", counts["applications"], reverse("recruitment:application-list")))
    items.append(Attention("risks", counts["risks"], reverse("plans:risks") + "?overdue=true"))
    if d.plan is not None:
        url = reverse("plans:detail", kwargs={"pk": d.plan.pk}) + "#budget"
        items.append(Attention("budget", d.budget_over, url))
    return items
