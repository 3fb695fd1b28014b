from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import display
from common.roles import TRAINER
from common.uploads import upload_validator
from partners.models import ChannelType, Contact, Tier
from training.models import MATERIAL_VALIDATOR, SCORE_VALIDATORS, Course, CourseMaterial, Enrollment, Session
from training.services import AttendanceEntry

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(forms.ModelForm):
    required_for_tiers = forms.ModelMultipleChoiceField(
        label=_("Required for tiers"),
        queryset=Tier.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_channel_types = forms.MultipleChoiceField(
        label=_("Required for channel types"),
        choices=ChannelType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "category",
            "mode",
            "description",
            "duration_hours",
            "pass_score",
            "validity_months",
            "required_for_tiers",
            "required_channel_types",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MaterialForm(forms.ModelForm):
    class Meta:
        model = CourseMaterial
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": MATERIAL_VALIDATOR.accept()})}


def trainers():
    return get_user_model().objects.filter(groups__name=TRAINER, is_active=True).order_by("username").distinct()


class SessionForm(forms.ModelForm):
    meeting_link = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")

    class Meta:
        model = Session
        fields = [
            "course",
            "starts_at",
            "ends_at",
            "location",
            "meeting_link",
            "trainer",
            "capacity",
            "registration_open",
        ]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(is_active=True)
        self.fields["trainer"].queryset = trainers()
        self.fields["trainer"].label_from_instance = display.person
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.name} · {contact.partner.name}" if self.show_partner else contact.name

    show_partner = True


class RegisterForm(forms.Form):
    """Register (or invite) one contact; `contacts` is what the user may pick from."""

    contact = ContactChoiceField(label=_("Contact"), queryset=Contact.objects.none())
    invite_only = forms.BooleanField(
        label=_("Only invite"), required=False, help_text=_("An invitation holds no seat until it is accepted.")
    )

    def __init__(self, *args, contacts, show_partner=True, allow_invite=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        self.fields["contact"].show_partner = show_partner
        if not allow_invite:
            del self.fields["invite_only"]


GRID_STATUSES = [
    (Enrollment.Status.REGISTERED, Enrollment.Status.REGISTERED.label),
    (Enrollment.Status.ATTENDED, Enrollment.Status.ATTENDED.label),
    (Enrollment.Status.NO_SHOW, Enrollment.Status.NO_SHOW.label),
]


class AttendanceGridForm(forms.Form):
    """One status and one score field per enrollment of the session, submitted together."""

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollments = list(enrollments)
        for enrollment in self.enrollments:
            status = enrollment.status if enrollment.status != Enrollment.Status.INVITED else ""
            self.fields[f"status_{enrollment.pk}"] = forms.ChoiceField(
                label=_("Attendance"), choices=[("", "—"), *GRID_STATUSES], required=False, initial=status
            )
            self.fields[f"score_{enrollment.pk}"] = forms.DecimalField(
                label=pgettext_lazy("test result", "Score"),
                required=False,
                max_digits=5,
                decimal_places=2,
                validators=SCORE_VALIDATORS,
                initial=enrollment.score,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
            )

    def rows(self):
        """(enrollment, status field, score field) for the template."""
        return [(e, self[f"status_{e.pk}"], self[f"score_{e.pk}"]) for e in self.enrollments]

    def entries(self) -> list[AttendanceEntry]:
        """Lines with a status chosen (invitations left blank stay as they are)."""
        entries = []
        for enrollment in self.enrollments:
            status = self.cleaned_data.get(f"status_{enrollment.pk}")
            score = self.cleaned_data.get(f"score_{enrollment.pk}")
            if not status and score is not None:
                status = Enrollment.Status.ATTENDED  # a score means the person was there
            if status:
                entries.append(AttendanceEntry(enrollment_id=enrollment.pk, status=status, score=score))
        return entries

    def add_service_errors(self, errors: dict) -> None:
        for enrollment_id, messages in errors.items():
            for message in messages:
                self.add_error(f"status_{enrollment_id}", message)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        validators=[upload_validator("csv", "xlsx", max_mb=2)],
        help_text=_("Columns: email (or contact), status, score. Download the roster for a filled-in start."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
