"""Targets, scorecard templates and the monthly evaluation cycle.

The numbers of a cycle are computed set-wise by `evaluations.services.cycle_calculate`; scoring rules
live in `evaluations.scoring` (pure). Uniqueness that the plan promises (one target per partner and
month, one scorecard per partner and cycle, one line per KPI, one email per recipient and cycle) is
enforced here by database constraints, so reruns and concurrent workers cannot break it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import display
from common.money import money_field
from common.periods import Period
from common.runs import run_state
from evaluations.refusals import refusal_text
from partners.models import ChannelType


class KPIKind(models.TextChoices):
    SALES_ATTAINMENT = "sales_attainment", _("Sales target attainment")
    YOY_GROWTH = "yoy_growth", _("Year-on-year growth")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    REGION_SHARE = "region_share", _("Share of region sales")
    TRAINING_COMPLETION = "training_completion", _("Training completion")
    COMPLIANCE = "compliance", _("Compliance incidents")
    LEAD_ACCEPTANCE = "lead_acceptance", _("Lead acceptance rate")
    LEAD_RESPONSE_HOURS = "lead_response_hours", _("Time to accept a lead (hours)")
    MANUAL = "manual", _("Manual score")
    CUSTOMER_SATISFACTION = "customer_satisfaction", _("Customer satisfaction")
    PARTNER_NPS = "partner_nps", _("Partner NPS")
    PRICE_COMPLIANCE = "price_compliance", _("Price compliance rate")
    INVENTORY_ON_TIME = "inventory_on_time", _("Inventory report on time")
    STOCK_IN_RANGE = "stock_in_range", _("Weeks of stock within range")


class WhenUnmeasured(models.TextChoices):
    """What a KPI that could not be measured this month does to the total."""

    ZERO = "zero", _("Scores zero")
    LEAVE_OUT = "leave_out", _("Left out, the other weights scaled to 100")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Target(models.Model):
    """A partner's sales target for one month (`period` is the month's first day)."""

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="targets"
    )
    period = models.DateField(_("month"))
    amount = money_field(_("sales target"), validators=[MinValueValidator(Decimal("0"))])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sales target")
        verbose_name_plural = _("sales targets")
        ordering = ["partner_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="target_unique_partner_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="target_period_first_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="target_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["period"])]

    def __str__(self):
        return f"{self.partner_id} {display.month(self.period)} {self.amount}"


class Rollup(models.TextChoices):
    """How a quarter's or a year's card combines the monthly KPI points (sales attainment is always the
    period's sales against the period's target)."""

    AVERAGE = "average", _("Average of the months")
    TARGET_WEIGHTED = "target_weighted", _("Months weighted by their sales target")


# Descriptions the installation seeds (migration 0002, the demo data) are stored as these English keys and
# shown in the reader's language; a description someone typed is shown as typed.
SEEDED_TEMPLATE_DESCRIPTIONS = (
    gettext_noop("Default scorecard for every channel type."),
    gettext_noop("E-commerce and social commerce partners: growth and new customers weigh more."),
)


class ScorecardTemplate(models.Model):
    """A set of weighted KPIs and grade bands; assigned to channel types through `TemplateAssignment`.

    The default template scores partners whose channel type has no assignment.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default template"), default=False)
    rollup = models.CharField(
        _("quarterly and yearly cards"),
        max_length=20,
        choices=Rollup.choices,
        default=Rollup.AVERAGE,
        help_text=_("How the KPI points of the months make a quarter's or a year's card."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_template")
        ]

    def __str__(self):
        return self.name

    @property
    def shown_description(self) -> str:
        """The description in the reader's language when the installation seeded it, else as typed."""
        return gettext(self.description) if self.description in SEEDED_TEMPLATE_DESCRIPTIONS else self.description


class KPI(models.Model):
    """One weighted KPI of a template and how its raw value maps to points.

    Points grow linearly from 0 at `zero_at` to 100 at `full_at` (either may be the larger, so a
    KPI where less is better — compliance incidents — just swaps them), never below 0 and capped
    at `ceiling`, which may exceed 100 to reward over-achievement.
    """

    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="kpis"
    )
    kind = models.CharField(_("KPI"), max_length=30, choices=KPIKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("Shown instead of the KPI's name."))
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    zero_at = models.DecimalField(_("raw value scoring 0"), max_digits=12, decimal_places=2, default=Decimal("0"))
    full_at = models.DecimalField(_("raw value scoring 100"), max_digits=12, decimal_places=2, default=Decimal("100"))
    ceiling = models.DecimalField(
        _("points ceiling"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    when_unmeasured = models.CharField(
        _("when not measured"),
        max_length=10,
        choices=WhenUnmeasured.choices,
        default=WhenUnmeasured.ZERO,
        help_text=_("A month without a value either scores zero or leaves the KPI out of that month's total."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["template_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "kind"], name="kpi_unique_kind_per_template"),
            models.CheckConstraint(condition=~Q(zero_at=models.F("full_at")), name="kpi_anchors_differ"),
        ]

    def __str__(self):
        return self.label or self.get_kind_display()


class GradeBand(models.Model):
    """A grade is earned from `min_total` points up (A ≥ 90, B ≥ 75, C ≥ 60, D below by default)."""

    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="grade_bands"
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    min_total = models.DecimalField(_("minimum total"), max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["template_id", "grade"]
        constraints = [models.UniqueConstraint(fields=["template", "grade"], name="grade_band_unique_per_template")]

    def __str__(self):
        return f"{self.grade} ≥ {self.min_total}"


class TemplateAssignment(models.Model):
    """Which template scores the partners of a channel type (one per channel type)."""

    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices, unique=True)
    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="assignments"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("template assignment")
        verbose_name_plural = _("template assignments")
        ordering = ["channel_type"]

    def __str__(self):
        return f"{self.get_channel_type_display()} → {self.template}"


class ManualKPIValue(models.Model):
    """The manual KPI's raw value (e.g. a satisfaction survey score) a manager entered for a month."""

    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="manual_kpi_values"
    )
    period = models.DateField(_("month"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manual KPI value")
        verbose_name_plural = _("manual KPI values")
        ordering = ["period", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="manual_kpi_unique_partner_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="manual_kpi_period_first_day"),
        ]

    def __str__(self):
        return f"{self.partner_id} {display.month(self.period)} {self.value}"


class EvaluationCycle(models.Model):
    """One month's evaluation. scheduled → calculating → review → published (→ review on an explicit reopen)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CALCULATING = "calculating", _("Calculating")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    period = models.DateField(_("month"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    calculation_started_at = models.DateTimeField(_("calculation started at"), null=True, blank=True)
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    # The latest calculation asked for on its page: the page shows its progress, the asker hears when it is done.
    calculation_requested_at = models.DateTimeField(_("calculation requested at"), null=True, blank=True)
    calculation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("calculation requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_count = models.PositiveIntegerField(_("partners scored"), default=0)
    # Calculated before the month ended: shown as provisional, never published, emailed or rewarded.
    provisional = models.BooleanField(_("provisional"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        ordering = ["-period"]
        constraints = [models.CheckConstraint(condition=Q(period__day=1), name="cycle_period_first_day")]
        permissions = [
            ("publish_evaluationcycle", _("Can publish an evaluation cycle")),
            ("reopen_evaluationcycle", _("Can reopen a published evaluation cycle")),
        ]

    def __str__(self):
        # The month's ISO text: it is also the key in its URLs (pages show `period|month`).
        return f"{self.period:%Y-%m}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def run_state(self) -> str | None:
        """Where the calculation requested by hand stands (common.runs.RunState), None when none was."""
        return run_state(
            requested_at=self.calculation_requested_at,
            started_at=self.calculation_started_at,
            finished_at=self.calculated_at,
        )

    @property
    def requester(self):
        """Who asked for the latest calculation by hand (the progress box names them)."""
        return self.calculation_requested_by


class Scorecard(models.Model):
    """A partner's result in one cycle: total points, grade and rank among its channel type."""

    # No index of their own: the unique (cycle, partner) and the (partner, cycle) indexes lead with them, and a
    # cycle writes a card per partner, each paying every index.
    cycle = models.ForeignKey(
        EvaluationCycle,
        verbose_name=_("evaluation cycle"),
        on_delete=models.CASCADE,
        related_name="scorecards",
        db_index=False,
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="scorecards",
        db_index=False,
    )
    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("template"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    rank = models.PositiveIntegerField(pgettext_lazy("position in a ranking", "rank"))
    ranked_among = models.PositiveIntegerField(_("ranked among"))
    sales = money_field(_("sales"), default=Decimal("0"))
    target = money_field(_("sales target"), null=True, blank=True)
    # The internal note is for staff only: never in the portal, in a partner's email or export.
    note = models.TextField(_("internal note"), blank=True)
    partner_message = models.TextField(_("message to the partner"), blank=True)
    calculated_at = models.DateTimeField(_("calculated at"))
    # A digest of everything the run computed this card from (evaluations.services._digest): a rerun whose
    # inputs hash the same skips scoring and comparing the card. Bookkeeping, not a figure: not in history.
    inputs_digest = models.CharField(_("inputs digest"), max_length=32, blank=True, default="", editable=False)
    # A card's history is read by card (its `id` index); nothing reads it by cycle, partner or template.
    history = HistoricalRecords(excluded_fields=["inputs_digest"], no_db_index=["cycle", "partner", "template"])

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["cycle", "channel_type", "rank", "partner_id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "partner"], name="scorecard_unique_cycle_partner")]
        # The review page lists a cycle's cards by channel type and rank, 50 at a time: read in index order
        # (an incremental sort for the partner code) instead of sorting every card of the cycle.
        indexes = [
            models.Index(fields=["partner", "cycle"]),
            models.Index(fields=["cycle", "channel_type", "rank"], name="scorecard_cycle_rank"),
        ]

    def __str__(self):
        return f"{self.cycle} {self.partner_id} {self.grade}"


class ScorecardLine(models.Model):
    """One KPI of a scorecard: the raw value measured, the points it earned, and its weighted contribution."""

    # No index of its own: the unique (scorecard, kind) leads with it.
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    kind = models.CharField(_("KPI"), max_length=30, choices=KPIKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    raw_value = models.DecimalField(_("raw value"), max_digits=16, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    contribution = models.DecimalField(_("contribution"), max_digits=6, decimal_places=2)
    # The KPI's scoring rule as it was when calculated, so the explanation stays true after template edits.
    zero_at = models.DecimalField(_("raw value scoring 0"), max_digits=12, decimal_places=2, default=Decimal("0"))
    full_at = models.DecimalField(_("raw value scoring 100"), max_digits=12, decimal_places=2, default=Decimal("100"))
    ceiling = models.DecimalField(_("points ceiling"), max_digits=6, decimal_places=2, default=Decimal("100"))
    # Unmeasured and left out of the total; the counted lines' weights are then out of `weight_base`.
    left_out = models.BooleanField(_("left out"), default=False)
    weight_base = models.DecimalField(_("weights counted"), max_digits=5, decimal_places=2, default=Decimal("100"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scorecard line")
        verbose_name_plural = _("scorecard lines")
        ordering = ["scorecard_id", "position"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "kind"], name="scorecard_line_unique_kpi")]

    def __str__(self):
        return f"{self.kind}: {self.points}"

    @property
    def name(self) -> str:
        """The KPI's label, else its kind's name: one enum lookup, where `get_kind_display` hashes every
        choice (each a translation) per call, which a page of a hundred lines pays a hundred times."""
        return self.label or str(KPIKind(self.kind).label)


class PeriodEvaluation(models.Model):
    """A quarter's or a year's evaluation (每季度、每年), rolled up from its published monthly cycles.

    `period` is the first month's first day. In review once calculated, then published (partners see it,
    the emails go out once); a published one is reopened explicitly to be calculated again.
    """

    class Length(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    length = models.CharField(_("period length"), max_length=10, choices=Length.choices)
    period = models.DateField(_("first month"))
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationCycle.Status.choices, default=EvaluationCycle.Status.REVIEW
    )
    calculation_started_at = models.DateTimeField(_("calculation started at"), null=True, blank=True)
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    # The latest calculation asked for on its page (as the monthly cycle's): the page shows its progress,
    # and why it stopped when it could not be made; the asker hears when it is done.
    calculation_requested_at = models.DateTimeField(_("calculation requested at"), null=True, blank=True)
    calculation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("calculation requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why the latest requested calculation stopped, as evaluations.refusals keeps it: worded when read.
    calculation_refusal = models.JSONField(_("why the calculation stopped"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_count = models.PositiveIntegerField(_("partners scored"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly or yearly evaluation")
        verbose_name_plural = _("quarterly and yearly evaluations")
        ordering = ["-period", "length"]
        constraints = [
            models.UniqueConstraint(fields=["length", "period"], name="period_evaluation_unique"),
            models.CheckConstraint(condition=Q(period__day=1), name="period_evaluation_first_day"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """2026-Q4 or 2026: also the key of its emails."""
        if self.length == self.Length.QUARTER:
            return Period(self.period).quarter_label
        return str(self.period.year)

    @property
    def is_published(self) -> bool:
        return self.status == EvaluationCycle.Status.PUBLISHED

    @property
    def run_state(self) -> str | None:
        """Where the calculation requested by hand stands (common.runs.RunState), None when none was."""
        return run_state(
            requested_at=self.calculation_requested_at,
            started_at=self.calculation_started_at,
            finished_at=self.calculated_at,
            failed=bool(self.calculation_refusal),
        )

    @property
    def calculation_error(self) -> str:
        """Why the latest requested calculation stopped, in the reader's language; blank when it did not."""
        return refusal_text(self.calculation_refusal) if self.calculation_refusal else ""

    @property
    def requester(self):
        """Who asked for the latest calculation by hand (the progress box names them)."""
        return self.calculation_requested_by


class PeriodScorecard(models.Model):
    """A partner's quarterly or yearly card: the period's sales against its target, KPI points from the months."""

    evaluation = models.ForeignKey(
        PeriodEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scorecards"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="period_scorecards"
    )
    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("template"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("rank"))
    ranked_among = models.PositiveIntegerField(_("ranked among"))
    sales = money_field(_("sales"), default=Decimal("0"))
    target = money_field(_("sales target"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months scored"))
    calculated_at = models.DateTimeField(_("calculated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly or yearly scorecard")
        verbose_name_plural = _("quarterly and yearly scorecards")
        ordering = ["evaluation", "channel_type", "rank", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "partner"], name="period_scorecard_unique_partner")
        ]

    def __str__(self):
        return f"{self.evaluation} {self.partner_id} {self.grade}"


class PeriodScorecardLine(models.Model):
    """One KPI of a quarterly or yearly card: its raw value and points over the period, and its contribution."""

    scorecard = models.ForeignKey(
        PeriodScorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("KPI"), max_length=30, choices=KPIKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    raw_value = models.DecimalField(_("raw value"), max_digits=16, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    contribution = models.DecimalField(_("contribution"), max_digits=6, decimal_places=2)
    from_months = models.BooleanField(_("from the monthly points"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("quarterly or yearly scorecard line")
        verbose_name_plural = _("quarterly and yearly scorecard lines")
        ordering = ["scorecard_id", "position"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "kind"], name="period_scorecard_line_unique")]

    def __str__(self):
        return f"{self.kind}: {self.points}"
