"""The channel work plan (渠道工作计划): a yearly plan (and regional plans below it), its goals, budget,
risk register and periodic reviews.

Goal actuals are never stored: `plans.figures` computes them from the other apps when a page asks. What
is stored is what the director writes (targets, splits, budget, risks, review notes) and, for a closed
review, the snapshot of the figures at that moment. Uniqueness the plan promises (one plan per year and
region, one goal per kind and channel type, one month per split, one review per plan, kind and period,
one reminder per risk and review date) is enforced by database constraints.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import display
from common.money import money_field
from common.periods import Period
from common.uploads import unguessable_path, upload_validator
from partners.models import ChannelType


class Plan(models.Model):
    """One year's channel work plan: national (no region) or for one province below the national plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    region = models.ForeignKey(
        "partners.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the national plan."),
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    strategy = models.TextField(_("strategy"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("channel work plan")
        verbose_name_plural = _("channel work plans")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=Q(region__isnull=True), name="plan_one_national"),
            models.UniqueConstraint(fields=["year", "region"], name="plan_unique_year_region"),
        ]
        permissions = [("approve_plan", _("Can approve a channel work plan"))]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class GoalKind(models.TextChoices):
    SALES = "sales", _("Sales amount")
    MARKET_SHARE = "market_share", _("Market share (%)")
    COVERAGE = "coverage", _("Channel coverage (%)")
    ACTIVE_PARTNERS = "active_partners", _("Active partners")
    NEW_PARTNERS = "new_partners", _("New partners signed")
    AVERAGE_GRADE = "average_grade", _("Average scorecard grade (points)")
    TRAINING = "training", _("Training completion (%)")
    PARTNER_SATISFACTION = "partner_satisfaction", _("Partner satisfaction")
    CUSTOMER_SATISFACTION = "customer_satisfaction", _("Customer satisfaction")
    INCENTIVE_SPEND = "incentive_spend", _("Payouts against the incentive budget")


# The goal kinds measured in money; the others are counts and rates.
MONEY_KINDS = {GoalKind.SALES, GoalKind.INCENTIVE_SPEND}


class Goal(models.Model):
    """A goal of a plan: a yearly value split into months (quarters are sums of their months).

    Cumulative kinds (sales, new partners, payouts) add their months up; level kinds (shares, rates,
    counts of partners, grades, satisfaction) are measured at a moment and the yearly value is the level
    wanted by the end of the year.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("kind"), max_length=30, choices=GoalKind.choices)
    channel_type = models.CharField(
        _("channel type"),
        max_length=20,
        choices=ChannelType.choices,
        blank=True,
        help_text=_("Only for active partners: empty counts every channel type."),
    )
    yearly_value = models.DecimalField(_("yearly value"), max_digits=16, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "channel_type"], name="goal_unique_kind_per_plan")
        ]

    def __str__(self):
        label = display.choice_label(self, "kind")
        return f"{label} · {display.choice_label(self, 'channel_type')}" if self.channel_type else label

    @property
    def is_money(self) -> bool:
        """Sales and incentive spend are amounts of money; the other kinds are counts and rates."""
        return self.kind in MONEY_KINDS


class GoalMonth(models.Model):
    """The goal's value for one month of the plan's year (1 to 12)."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("goal month")
        verbose_name_plural = _("goal months")
        ordering = ["goal_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "month"], name="goal_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="goal_month_in_year"),
        ]

    def __str__(self):
        return f"{self.goal_id} {self.month}: {self.value}"


class GoalRevision(models.Model):
    """A change to a goal of an approved plan: what it was, what it became and why."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="revisions")
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal revision")
        verbose_name_plural = _("goal revisions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.goal} {display.day(self.changed_at)}"


class MarketSize(models.Model):
    """The market's size the director enters for a region (empty: the whole country) and a month."""

    region = models.ForeignKey(
        "partners.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("month"))
    amount = money_field(_("market size"), validators=[MinValueValidator(Decimal("0"))])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("market size")
        verbose_name_plural = _("market sizes")
        ordering = ["period", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="market_size_unique_region_period"),
            models.UniqueConstraint(
                fields=["period"], condition=Q(region__isnull=True), name="market_size_unique_national_period"
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="market_size_period_first_day"),
        ]

    def __str__(self):
        return f"{self.region or '*'} {display.month(self.period)} {self.amount}"


class CoverageTarget(models.Model):
    """A province or city the plan means to cover with at least one active partner."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="coverage_targets")
    region = models.ForeignKey("partners.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        constraints = [models.UniqueConstraint(fields=["plan", "region"], name="coverage_target_unique")]

    def __str__(self):
        return f"{self.plan_id} {self.region}"


class BudgetCategory(models.TextChoices):
    BUILDING = "building", _("Channel building")
    PROMOTION = "promotion", _("Market promotion")
    MANAGEMENT = "management", _("Channel management")


class BudgetSubLine(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRAINING = "training", _("Training")
    MATERIALS = "materials", _("Materials")
    ADVERTISING = "advertising", _("Advertising")
    PROMOTIONS = "promotions", _("Promotions")
    EVENTS = "events", _("Events")
    EVALUATION = "evaluation", _("Evaluation")
    COORDINATION = "coordination", _("Coordination")
    INCENTIVES = "incentives", _("Incentives and rebates")


SUB_LINES_OF = {
    BudgetCategory.BUILDING: (BudgetSubLine.RECRUITMENT, BudgetSubLine.TRAINING, BudgetSubLine.MATERIALS),
    BudgetCategory.PROMOTION: (BudgetSubLine.ADVERTISING, BudgetSubLine.PROMOTIONS, BudgetSubLine.EVENTS),
    BudgetCategory.MANAGEMENT: (BudgetSubLine.EVALUATION, BudgetSubLine.COORDINATION, BudgetSubLine.INCENTIVES),
}


class BudgetLine(models.Model):
    """A sub-line of the plan's budget with its planned amount per quarter.

    Approved payouts count automatically in the incentives line; approved market-support fund requests in
    the line their activity belongs to (plans.figures.FUND_ACTIVITY_LINES); other spend is entered by hand.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    sub_line = models.CharField(_("sub-line"), max_length=20, choices=BudgetSubLine.choices)
    q1 = money_field(_("Q1 planned"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    q2 = money_field(_("Q2 planned"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    q3 = money_field(_("Q3 planned"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    q4 = money_field(_("Q4 planned"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["plan_id", "category", "sub_line"]
        constraints = [models.UniqueConstraint(fields=["plan", "sub_line"], name="budget_line_unique_sub_line")]

    def __str__(self):
        return f"{self.get_category_display()} · {self.get_sub_line_display()}"

    @property
    def planned(self) -> Decimal:
        return self.q1 + self.q2 + self.q3 + self.q4


SPEND_FILE_VALIDATOR = upload_validator("pdf", "jpg", "png", max_mb=10)


def spend_upload_to(instance, filename):
    return unguessable_path(f"plans/spend/{instance.line_id}", filename)


class Spend(models.Model):
    """Spend entered by hand against a budget line, with the document that proves it."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="spend")
    spent_on = models.DateField(_("date"))
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(_("description"), max_length=200)
    document = models.FileField(
        _("document"),
        upload_to=spend_upload_to,
        validators=[SPEND_FILE_VALIDATOR],
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spend")
        verbose_name_plural = _("spend")
        ordering = ["-spent_on", "-pk"]

    def __str__(self):
        return f"{self.line} {display.day(self.spent_on)} {self.amount}"


class Risk(models.Model):
    class Category(models.TextChoices):
        MARKET = "market", _("Market risk")
        CHANNEL = "channel", _("Channel risk")
        OPERATIONAL = "operational", _("Operational risk")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MITIGATING = "mitigating", _("Being handled")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (rare) to 5.")
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (minor) to 5.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(_("response"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    next_review_on = models.DateField(_("next review"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["plan_id", "next_review_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


# The usual responses of the channel work plan (应对措施), offered when a risk of that category is added.
DEFAULT_RESPONSES = {
    Risk.Category.MARKET: _("Track competitors' prices and the market closely; adjust promotions and rebates in time."),
    Risk.Category.CHANNEL: _(
        "Enforce authorised territories and the price system; sign multi-year agreements with key partners "
        "and hold regular partner interviews."
    ),
    Risk.Category.OPERATIONAL: _(
        "Check channel inventory every month, pace shipments, and set credit limits and collection targets."
    ),
}


class Review(models.Model):
    """A periodic review (效果评估) of a plan: the goals' figures at a moment, and what the team makes of them.

    While open the figures are recomputed on every view; closing stores them in `snapshot`, which later
    data changes never rewrite.
    """

    class Kind(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        YEAR = "year", _("Yearly")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.DateField(_("period"), help_text=_("The first day of the month, quarter or year reviewed."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    went_well = models.TextField(_("what went well"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    changes = models.TextField(_("changes to the plan"), blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-period", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "period"], name="review_unique_plan_kind_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="review_period_first_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {display.month(self.label)}"

    @property
    def label(self) -> str:
        """The period reviewed as the display rule takes it: 2026-07 (a month), 2026-Q3 (a quarter), 2026 (a year)."""
        if self.kind == self.Kind.QUARTER:
            return Period(self.period).quarter_label
        if self.kind == self.Kind.YEAR:
            return str(self.period.year)
        return f"{self.period:%Y-%m}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED
