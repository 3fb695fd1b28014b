"""Satisfaction surveys: templates with versioned questions, rounds, invitations and answers.

A template's questions belong to a `SurveyVersion`; a round asks one version, and every response keeps
the version it answered, so a template edited later (a new version) never changes old results.
The plan's promises are database constraints here: one response per invitation (one answer per contact
per round), one answer per question of a response, one use of a public form's submission token, and one
scheduled partner round per schedule and opening day.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    PARTNER = "partner", _("Partner satisfaction")
    CUSTOMER = "customer", _("Customer satisfaction")


class SurveyTemplate(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    min_answers = models.PositiveSmallIntegerField(
        _("minimum answers"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("With fewer answers a partner is shown as not measured."),
    )

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def current_version(self) -> SurveyVersion | None:
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    """The questions of a template as they were asked; never edited once a round used them."""

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["template_id", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="survey_version_unique_number")]

    def __str__(self):
        return f"{self.template} v{self.number}"


class QuestionKind(models.TextChoices):
    RECOMMEND = "recommend", _("Recommendation score (0-10)")
    RATING = "rating", _("Rating (1-5)")
    CHOICE = "choice", _("Single choice")
    TEXT = "text", _("Free text")


class Question(models.Model):
    version = models.ForeignKey(
        SurveyVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_zh = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    # One option a line, the Chinese and English lists in the same order.
    choices_zh = models.TextField(_("options (Chinese)"), blank=True, help_text=_("One option a line."))
    choices_en = models.TextField(_("options (English)"), blank=True, help_text=_("One option a line."))
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version_id", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh

    def options(self) -> list[tuple[str, str]]:
        """(stored value, label in the reader's language); the stored value is the English option."""
        values = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        labels_zh = [line.strip() for line in self.choices_zh.splitlines() if line.strip()]
        english = (get_language() or "").startswith("en")
        return [(value, value if english or i >= len(labels_zh) else labels_zh[i]) for i, value in enumerate(values)]


class SurveySchedule(models.Model):
    """When the partner satisfaction survey goes out: every `every_months` months from `next_on`."""

    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="schedules",
        limit_choices_to={"audience": Audience.PARTNER},
    )
    every_months = models.PositiveSmallIntegerField(
        _("every (months)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    next_on = models.DateField(_("next round opens on"))
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"), default=21, validators=[MinValueValidator(8), MaxValueValidator(90)]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("survey schedule")
        verbose_name_plural = _("survey schedules")

    def __str__(self):
        return f"{self.template} / {self.every_months}"


class SurveyRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    version = models.ForeignKey(
        SurveyVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="rounds"
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=150)
    # A customer round belongs to the partner whose customers answer it; a partner round to nobody.
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_rounds",
    )
    schedule = models.ForeignKey(
        SurveySchedule, verbose_name=_("schedule"), null=True, blank=True, on_delete=models.SET_NULL
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    public_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "opens_on"], name="survey_round_once_per_schedule_day"),
            models.CheckConstraint(
                condition=Q(audience="partner") | Q(partner__isnull=False), name="survey_customer_round_has_partner"
            ),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_round_dates"),
        ]
        indexes = [models.Index(fields=["audience", "status", "closes_on"])]

    def __str__(self):
        return self.title

    @property
    def is_customer(self) -> bool:
        return self.audience == Audience.CUSTOMER


class Invitation(models.Model):
    """A partner contact's personal link to one partner round."""

    round = models.ForeignKey(
        SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["round", "contact"], name="survey_invitation_once")]

    def __str__(self):
        return f"{self.round} → {self.contact}"


class Response(models.Model):
    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+")
    # Whose result this is: the invited contact's partner, or the customer round's partner — never the form's.
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    submission_token = models.CharField(max_length=64, blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "submission_token"],
                condition=~Q(submission_token=""),
                name="survey_response_token_used_once",
            )
        ]

    def __str__(self):
        return f"{self.round} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True, default="")
    text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]

    def __str__(self):
        return f"{self.question_id}: {self.score or self.choice or self.text[:20]}"
