from django import forms
from django.utils.translation import gettext_lazy as _

from common import display
from common.phones import validate_phone
from partners import lifecycle
from partners.filters import channel_staff
from partners.models import (
    AGREEMENT_FILE_VALIDATOR,
    Agreement,
    ComplianceIncident,
    Contact,
    Interaction,
    Partner,
    Region,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegionLabelMixin:
    """Cities read "广东省 / 广州市", so two cities of the same name stay apart."""

    def label_from_instance(self, obj):
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


class RegionChoiceField(RegionLabelMixin, forms.ModelChoiceField):
    pass


class RegionsChoiceField(RegionLabelMixin, forms.ModelMultipleChoiceField):
    pass


class PartnerCodeField(forms.ModelChoiceField):
    """A partner typed by its code rather than chosen from a list: a list renders every partner into the page,
    10,000 options, half a megabyte and a second of rendering at 10,000 partners."""

    widget = forms.TextInput
    default_error_messages = {"invalid_choice": _("No partner has the code %(value)s.")}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("The partner's code, as on its page."))
        super().__init__(Partner.objects.all() if queryset is None else queryset, to_field_name="code", **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class CodesInput(forms.TextInput):
    """Several codes in one box, separated by commas or spaces."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return None if value is None else [code for code in value.replace(",", " ").split() if code]

    def format_value(self, value):
        return (
            ", ".join(str(code) for code in value) if isinstance(value, list | tuple) else super().format_value(value)
        )


class PartnerCodesField(forms.ModelMultipleChoiceField):
    """Several partners typed by their codes (see PartnerCodeField)."""

    widget = CodesInput
    default_error_messages = {"invalid_choice": _("No partner has the code %(value)s.")}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("The partners' codes, separated by commas."))
        super().__init__(Partner.objects.all() if queryset is None else queryset, to_field_name="code", **kwargs)


def regions():
    return Region.objects.select_related("parent").order_by("code")


class PartnerForm(forms.ModelForm):
    """Register data of a partner. The status is set only on creation; later it moves through the
    status-change form, so every change has a reason."""

    region = RegionChoiceField(label=_("Region"), queryset=regions())
    # Longer than the 18 characters stored: people paste codes with spaces, removed in clean_credit_code();
    # the model's validators then check the normalised code.
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=40)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in Partner.Status.choices if value in lifecycle.INITIAL_STATUSES],
        initial=lifecycle.PROSPECT,
    )

    class Meta:
        model = Partner
        fields = ("code", "name", "legal_name", "credit_code", "channel_type", "tier", "region", "manager", "joined_on")
        widgets = {"joined_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = channel_staff()
        self.fields["manager"].label_from_instance = display.person
        if self.instance.pk:
            del self.fields["status"]
        self.fields["code"].widget.attrs["autocomplete"] = "off"

    def clean_credit_code(self):
        # People paste codes with spaces and in lower case; the check digit is over the capitals.
        return "".join(self.cleaned_data["credit_code"].split()).upper()

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    @property
    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = lifecycle.allowed_next(partner.status)
        self.fields["status"].choices = [(v, label) for v, label in Partner.Status.choices if v in allowed]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "title", "email", "phone", "is_primary", "language")

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return validate_phone(phone) if phone.strip() else ""

    def validate_unique(self):
        # The one-primary-contact constraint is kept by contact_create/contact_update, which demote the
        # previous primary contact; checking it here would refuse exactly that change.
        pass


class AgreementForm(forms.ModelForm):
    territory = RegionsChoiceField(
        label=_("Authorised territory"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Agreement
        fields = ("number", "status", "start_on", "end_on", "territory", "signed_file", "auto_renew", "renewed_from")
        widgets = {"start_on": DATE, "end_on": DATE}

    def __init__(self, *args, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = regions()
        self.fields["renewed_from"].queryset = partner.agreements.exclude(pk=self.instance.pk)
        self.fields["signed_file"].widget.attrs["accept"] = AGREEMENT_FILE_VALIDATOR.accept()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date is before the start date."))
        return cleaned

    @property
    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "territory"}


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ("kind", "occurred_on", "notes", "next_step", "due_on", "done")
        widgets = {"occurred_on": DATE, "due_on": DATE, "notes": forms.Textarea(attrs={"rows": 4})}


class IncidentForm(forms.ModelForm):
    class Meta:
        model = ComplianceIncident
        fields = ("kind", "severity", "status", "occurred_on", "description")
        widgets = {"occurred_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}
