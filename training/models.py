"""Courses, sessions, enrollments and certifications.

Date rules (expiry, renewal, reminders) live in `training.certificates`, the pass rule in
`training.assessment`; both are pure. Writes go through `training.services`, reads through
`training.selectors`. The promises the plan makes (one enrollment per contact and session, one
certification per contact and course, one reminder per certification, expiry date and recipient) are
database constraints so reruns and concurrent requests cannot break them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import display
from common.uploads import unguessable_path, upload_validator
from partners.models import ChannelType

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Course(models.Model):
    class Category(models.TextChoices):
        PRODUCT = "product", _("Product knowledge")
        SALES = "sales", _("Sales skills")
        SERVICE = "service", _("Customer service")
        COMPLIANCE = "compliance", _("Compliance")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        CLASSROOM = "classroom", _("Classroom")
        LIVE_STREAM = "live_stream", _("Live stream")

    code = models.CharField(_("course code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    description = models.TextField(_("description"), blank=True)
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    pass_score = models.DecimalField(
        _("pass score"), max_digits=5, decimal_places=2, default=Decimal("60"), validators=SCORE_VALIDATORS
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty when passing the course gives no certificate."),
    )
    required_for_tiers = models.ManyToManyField(
        "partners.Tier", verbose_name=_("required for tiers"), blank=True, related_name="required_courses"
    )
    required_channel_types = models.JSONField(
        _("required for channel types"), default=list, blank=True, help_text=_("Channel type codes.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[required_for_tiers])

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_score__gte=0, pass_score__lte=100), name="course_pass_score_0_100")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        known = set(ChannelType.values)
        if not isinstance(self.required_channel_types, list) or not set(self.required_channel_types) <= known:
            raise ValidationError({"required_channel_types": _("Unknown channel type.")})

    @property
    def gives_certificate(self) -> bool:
        return self.validity_months is not None

    def get_required_channel_types_display(self) -> list[str]:
        labels = dict(ChannelType.choices)
        return [labels[code] for code in self.required_channel_types if code in labels]


MATERIAL_VALIDATOR = upload_validator("pdf", "jpg", "png", "xlsx", max_mb=20)


def material_upload_to(instance, filename):
    return unguessable_path(f"training/materials/{instance.course_id}", filename)


class CourseMaterial(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=material_upload_to,
        validators=[MATERIAL_VALIDATOR],
        help_text=_("PDF, JPEG, PNG or XLSX, at most 20 MB."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["course", "title"]

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_open = models.BooleanField(
        _("open for registration"), default=True, help_text=_("Partners may register their own people.")
    )
    # Until closed, staff may still add late arrivals and record attendance after the start.
    attendance_closed = models.BooleanField(_("attendance closed"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.course.title} {display.moment(self.starts_at)}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session ends after it starts.")})


class Enrollment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REGISTERED = "registered", _("Registered")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    # Statuses that hold a seat; an invitation does not until it is accepted (registered).
    SEAT_STATUSES = (Status.REGISTERED, Status.ATTENDED, Status.NO_SHOW)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrollments"
    )
    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    score = models.DecimalField(
        _("assessment score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    passed = models.BooleanField(_("passed"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["session", "contact__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "contact"], name="enrollment_unique_session_contact"),
            models.CheckConstraint(condition=Q(passed=False) | Q(status="attended"), name="enrollment_pass_attended"),
        ]

    def __str__(self):
        return f"{self.contact} @ {self.session}"


class Certification(models.Model):
    """A contact's certificate for a course with a validity. Passing again renews the same row, so a
    reminder is tied to (certification, expiry date) and a renewal earns a new one."""

    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="certifications"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certifications"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("latest passing enrollment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["expires_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "course"], name="certification_unique_contact_course"),
            models.CheckConstraint(condition=Q(expires_on__gte=models.F("issued_on")), name="certification_expiry"),
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self):
        return self.number
