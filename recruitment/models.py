from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import ChannelType, Partner, Region
from partners.validators import validate_credit_code
from recruitment.pipeline import Stage, moves_from, next_stage
from recruitment.screening import Criterion, RevenueBand

# Paths under /apply/ that a campaign slug may not take.
RESERVED_SLUGS = {"thanks"}


def validate_campaign_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This web address is reserved; choose another."), code="reserved_slug")


class Campaign(models.Model):
    """A recruitment campaign (招募计划): goals per channel type and region, dates, where it is published."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[validate_campaign_slug],
        help_text=_("The public form is at /apply/<web address>/."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Shown above the public form."))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    published_on = models.CharField(
        _("published on"), max_length=300, blank=True, help_text=_("Where the campaign is announced.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruitment_campaigns",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recruitment campaign")
        verbose_name_plural = _("recruitment campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start")
        ]

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class CampaignGoal(models.Model):
    """How many partners of a channel type the campaign wants in a province (blank = any)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="goals")
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.PROVINCE},
    )
    target = models.PositiveIntegerField(_("partners wanted"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign goal")
        verbose_name_plural = _("campaign goals")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "channel_type", "region"],
                name="campaign_goal_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_channel_type_display() or '*'} / {self.region or '*'}: {self.target}"


class ScreeningCriterion(models.Model):
    """One weighted screening standard of a campaign; weights are relative (they need not add up to 100)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="criterion_unique_per_campaign")]

    def __str__(self):
        return f"{self.get_kind_display()} x {self.weight}"


class Application(models.Model):
    """One company's application to become a partner, as submitted on the public form."""

    class Source(models.TextChoices):
        WEBSITE = "website", _("Our website")
        WECHAT = "wechat", _("WeChat")
        TRADE_FAIR = "trade_fair", _("Trade fair")
        REFERRAL = "referral", _("Referral by a partner")
        SALES_REP = "sales_rep", _("Our sales team")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    company_name = models.CharField(_("company name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, validators=[validate_credit_code])
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices)
    regions = models.ManyToManyField(Region, verbose_name=_("regions covered"), related_name="+")
    revenue_band = models.CharField(_("annual revenue"), max_length=20, choices=RevenueBand.choices)
    team_size = models.PositiveIntegerField(_("team size"), validators=[MaxValueValidator(1_000_000)])
    brands = models.TextField(_("brands carried"), blank=True)
    ecommerce_stores = models.TextField(_("e-commerce stores"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30)
    message = models.TextField(_("message"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.WEBSITE)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    consent = models.BooleanField(_("consent to processing"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_ip = models.GenericIPAddressField(_("submitted from"), null=True, blank=True)

    match_score = models.PositiveSmallIntegerField(_("match score"), default=0)
    score_breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    adjustment = models.SmallIntegerField(
        _("manual adjustment"), default=0, validators=[MinValueValidator(-100), MaxValueValidator(100)]
    )
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"), default=0, help_text=_("Match score plus the adjustment."))

    duplicates = models.JSONField(_("possible duplicates"), default=list, blank=True)
    is_possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    stage_entered_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruitment_applications",
    )
    partner = models.OneToOneField(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    history = HistoricalRecords(excluded_fields=["score_breakdown", "duplicates"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["stage", "campaign"]),
            models.Index(fields=["credit_code"]),
            models.Index(fields=["email"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=100) & Q(match_score__lte=100), name="application_score_range"
            ),
            models.CheckConstraint(condition=Q(consent=True), name="application_has_consent"),
        ]

    def __str__(self):
        return self.company_name

    @property
    def is_open(self) -> bool:
        return self.stage in Stage.open_stages()

    @property
    def next_stage(self):
        return next_stage(self.stage)

    @property
    def exits(self):
        """The moves out of the pipeline (rejected / withdrawn) open to this application."""
        return [stage for stage in moves_from(self.stage) if stage in (Stage.REJECTED, Stage.WITHDRAWN)]


class StageChange(models.Model):
    """One move of an application through the pipeline: who, when, from where to where, and why."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["application", "changed_at"])]

    def __str__(self):
        return f"{self.application}: {self.from_stage or '-'} → {self.to_stage}"
