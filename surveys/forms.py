from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from partners.filters import PartnerSearchMixin
from partners.forms import PartnerCodeField
from partners.models import Partner
from surveys.models import Audience, QuestionKind, SurveyRound, SurveySchedule, SurveyTemplate


class AnswerForm(forms.Form):
    """One field per question of a version: `q<pk>`. Validation of values is the service's job."""

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.questions = list(version.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.RECOMMEND:
                choices = [(str(i), str(i)) for i in range(11)]
            elif question.kind == QuestionKind.RATING:
                choices = [(str(i), str(i)) for i in range(1, 6)]
            elif question.kind == QuestionKind.CHOICE:
                choices = question.options()
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
                continue
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": f"survey-{question.kind}"}),
            )
            if question.kind == QuestionKind.RECOMMEND:
                self.fields[name].help_text = _("0 = not at all likely, 10 = extremely likely")
            elif question.kind == QuestionKind.RATING:
                self.fields[name].help_text = _("1 = very dissatisfied, 5 = very satisfied")

    def raw_answers(self) -> dict[int, str]:
        return {q.pk: self.data.get(f"q{q.pk}", "") for q in self.questions}


class CustomerRoundForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Survey template"), queryset=SurveyTemplate.objects.filter(audience=Audience.CUSTOMER)
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))


class InternalCustomerRoundForm(CustomerRoundForm):
    partner = PartnerCodeField(label=_("Partner"), queryset=Partner.objects.filter(status=Partner.Status.ACTIVE))
    field_order = ["partner", "template", "title", "opens_on", "closes_on"]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = SurveySchedule
        fields = ["template", "every_months", "next_on", "open_days", "active"]
        widgets = {"next_on": forms.DateInput(attrs={"type": "date"})}


class RoundFilter(PartnerSearchMixin):
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Audience.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SurveyRound.Status.choices)

    class Meta:
        model = SurveyRound
        fields = ["audience", "status", "partner"]


def add_errors(form: forms.Form, error) -> None:
    """A service's ValidationError as the form's errors (under the question it is about, when known)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)
