from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.phones import validate_phone
from partners.models import ChannelType, Region
from recruitment.models import Application, Campaign
from recruitment.pipeline import Stage
from recruitment.screening import Criterion
from recruitment.selectors import recruiters


class RegionChoiceField(forms.ModelMultipleChoiceField):
    """Provinces and cities, named in the reader's language."""

    def label_from_instance(self, region):
        english = (get_language() or "").startswith("en") and region.name_en
        name = region.name_en if english else region.name
        return name if region.level == Region.Level.PROVINCE else f"— {name}"


class ApplicationForm(forms.ModelForm):
    """The public application form. `website` is a honeypot: people never see it, bots fill it in."""

    regions = RegionChoiceField(
        label=_("Regions covered"),
        queryset=Region.objects.select_related("parent").order_by("code"),
        help_text=_("Hold Ctrl (or ⌘) to choose several; on a phone, tap each one."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are used to assess this application and to contact me about it."),
        error_messages={"required": _("Please agree so that we can process your application.")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Recruitment campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("No particular campaign"),
        help_text=_("The campaign you are applying to."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Application
        fields = [
            "company_name",
            "legal_name",
            "credit_code",
            "channel_type",
            "regions",
            "revenue_band",
            "team_size",
            "brands",
            "ecommerce_stores",
            "contact_name",
            "contact_title",
            "email",
            "phone",
            "source",
            "message",
            "consent",
        ]
        widgets = {
            "brands": forms.Textarea(attrs={"rows": 2}),
            "ecommerce_stores": forms.Textarea(attrs={"rows": 2}),
            "message": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "team_size": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        help_texts = {
            "credit_code": _("18 characters, as printed on the business licence."),
            "brands": _("One per line or separated by commas."),
            "ecommerce_stores": _("Shop names or links, one per line."),
        }
        labels = {"source": _("How did you hear about us?")}

    def __init__(self, *args, campaigns=None, **kwargs):
        """`campaigns`: the open campaigns the general form offers (the first one preselected); without
        them (a campaign's own form, or none open) there is nothing to choose."""
        super().__init__(*args, **kwargs)
        if campaigns is not None and campaigns.exists():
            self.fields["campaign"].queryset = campaigns
            self.fields["campaign"].initial = campaigns.first()
        else:
            del self.fields["campaign"]

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])

    def clean_credit_code(self):
        # Applicants type codes in lower case or with spaces; the check digit decides validity.
        return "".join(self.cleaned_data["credit_code"].split()).upper()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def application_data(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name not in ("regions", "website", "campaign")
        }


class CampaignForm(forms.ModelForm):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=recruiters(), required=False)

    class Meta:
        model = Campaign
        fields = ["name", "slug", "description", "starts_on", "ends_on", "published_on", "owner"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = recruiters()


class GoalForm(forms.Form):
    channel_type = forms.ChoiceField(
        label=_("Channel type"), choices=[("", _("Any channel type")), *ChannelType.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"),
        required=False,
        empty_label=_("Any province"),
    )
    target = forms.IntegerField(label=_("Partners wanted"), min_value=1)


class BaseGoalFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            key = (form.cleaned_data.get("channel_type"), form.cleaned_data.get("region"))
            if key in seen:
                raise ValidationError(_("Each channel type and province may have only one goal."))
            seen.add(key)

    def goals(self) -> list[dict]:
        return [
            {
                "channel_type": form.cleaned_data["channel_type"],
                "region": form.cleaned_data["region"],
                "target": form.cleaned_data["target"],
            }
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


GoalFormSet = forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=3, can_delete=True)


class WeightsForm(forms.Form):
    """One weight per criterion; 0 leaves the criterion out."""

    def __init__(self, *args, weights: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Criterion.choices:
            self.fields[kind] = forms.IntegerField(
                label=label, min_value=0, max_value=100, initial=weights.get(kind, 0)
            )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(kind) for kind in Criterion.values):
            raise ValidationError(_("Give at least one criterion a weight."))
        return cleaned


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MoveNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=recruiters(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = recruiters()


class AssessForm(forms.Form):
    adjustment = forms.IntegerField(
        label=_("Adjustment"), min_value=-100, max_value=100, help_text=_("Points added to (or taken from) the score.")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
