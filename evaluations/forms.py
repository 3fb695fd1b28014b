from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.periods import Period
from common.uploads import upload_validator
from evaluations import scoring, splitting
from evaluations.models import KPI, GradeBand, PeriodEvaluation, ScorecardTemplate, TemplateAssignment, WhenUnmeasured
from partners.models import ChannelType

SPLIT_CHOICES = [
    (splitting.EVEN, _("Evenly over the months")),
    (splitting.LAST_YEAR_SHAPE, _("By last year's monthly sales")),
]


class _Crispy:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PeriodField(forms.Field):
    widget = forms.TextInput(attrs={"maxlength": 7, "placeholder": "YYYY-MM"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Month"))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise ValidationError(_("Enter a month as YYYY-MM."), code="period") from exc


class CycleRunForm(_Crispy, forms.Form):
    period = PeriodField()


class PeriodRunForm(_Crispy, forms.Form):
    """Make a quarter's or a year's cards: the period that contains the month given."""

    length = forms.ChoiceField(label=_("Period"), choices=PeriodEvaluation.Length.choices)
    period = PeriodField(help_text=_("Any month of the quarter or year, YYYY-MM."))


class ReopenForm(_Crispy, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class NoteForm(_Crispy, forms.Form):
    """Two texts for two readers: staff only, and the partner (labelled so nobody mixes them up)."""

    note = forms.CharField(
        label=_("Internal note (staff only)"),
        help_text=_("Never shown to the partner: not in the portal, its emails or its downloads."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    partner_message = forms.CharField(
        label=_("Message to the partner"),
        help_text=_("Shown on the partner's portal scorecard and in its scorecard email once published."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class YearlySplitForm(_Crispy, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Yearly sales target"), min_value=0, max_digits=14, decimal_places=2)
    method = forms.ChoiceField(label=_("Split"), choices=SPLIT_CHOICES, initial=splitting.EVEN)


TARGET_FILE_VALIDATOR = upload_validator("csv", "xlsx", max_mb=10)


class TargetImportForm(_Crispy, forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns partner_code, period, amount; period is YYYY-MM for a month or YYYY for a year. "
            "CSV in UTF-8 or GB18030, or Excel .xlsx."
        ),
        validators=[TARGET_FILE_VALIDATOR],
        widget=forms.ClearableFileInput(attrs={"accept": TARGET_FILE_VALIDATOR.accept()}),
    )
    method = forms.ChoiceField(label=_("Split yearly rows"), choices=SPLIT_CHOICES, initial=splitting.EVEN)


class TemplateForm(_Crispy, forms.ModelForm):
    channel_types = forms.MultipleChoiceField(
        label=_("Used for channel types"),
        choices=ChannelType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A channel type moves here from the template it used before."),
    )

    class Meta:
        model = ScorecardTemplate
        fields = ["name", "description", "is_default", "rollup"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["channel_types"].initial = list(
                TemplateAssignment.objects.filter(template=self.instance).values_list("channel_type", flat=True)
            )


class KPIForm(forms.ModelForm):
    class Meta:
        model = KPI
        fields = ["kind", "label", "weight", "zero_at", "full_at", "ceiling", "when_unmeasured", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when_unmeasured"].required = False  # left blank: a month not measured scores zero

    def clean_when_unmeasured(self):
        return self.cleaned_data.get("when_unmeasured") or WhenUnmeasured.ZERO


class BaseKPIFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        kinds = [f.cleaned_data["kind"] for f in kept]
        if len(kinds) != len(set(kinds)):
            raise ValidationError(_("Each KPI may appear once per template."))
        weights = [f.cleaned_data["weight"] for f in kept]
        if not scoring.validate_weights(weights):
            raise ValidationError(
                _("The weights add up to %(total)s; they must add up to 100.") % {"total": sum(weights, Decimal(0))}
            )
        for form in kept:
            if form.cleaned_data["zero_at"] == form.cleaned_data["full_at"]:
                form.add_error("full_at", _("The values scoring 0 and 100 must differ."))


class BaseBandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        grades = [f.cleaned_data["grade"] for f in kept]
        if len(grades) != len(set(grades)) or not grades:
            raise ValidationError(_("Give each grade once."))
        ordered = sorted(kept, key=lambda f: f.cleaned_data["grade"])  # A before B ...
        minimums = [f.cleaned_data["min_total"] for f in ordered]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
            raise ValidationError(_("A better grade needs a higher minimum total."))


KPIFormSet = forms.inlineformset_factory(
    ScorecardTemplate, KPI, form=KPIForm, formset=BaseKPIFormSet, extra=2, can_delete=True
)
BandFormSet = forms.inlineformset_factory(
    ScorecardTemplate, GradeBand, fields=["grade", "min_total"], formset=BaseBandFormSet, extra=0, can_delete=True
)
