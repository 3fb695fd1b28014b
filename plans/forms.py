"""Forms of the plan pages. They validate input; plans.services decides and writes."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.forms import PersonChoiceField
from common.roles import INTERNAL_ROLES
from partners.models import ChannelType, Region
from plans.models import BudgetCategory, BudgetSubLine, GoalKind, Plan, Review, Risk
from plans.services import SPLIT_BY_LAST_YEAR, SPLIT_BY_TARGETS, SPLIT_EVENLY

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def internal_users():
    return (
        get_user_model().objects.filter(is_active=True, groups__name__in=INTERNAL_ROLES).distinct().order_by("username")
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE),
        required=False,
        empty_label=_("National plan"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    owner = PersonChoiceField(label=_("Owner"), queryset=internal_users())
    strategy = forms.CharField(label=_("Strategy"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = internal_users()
        if editing:
            del self.fields["year"]
            del self.fields["region"]


class GoalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GoalKind.choices)
    channel_type = forms.ChoiceField(
        label=_("Channel type"),
        choices=[("", _("All channel types")), *ChannelType.choices],
        required=False,
        help_text=_("Only for active partners."),
    )
    yearly_value = forms.DecimalField(label=_("Yearly value"), max_digits=16, decimal_places=2)
    split = forms.ChoiceField(
        label=_("Monthly split"),
        choices=[
            (SPLIT_EVENLY, _("Evenly over the months")),
            (SPLIT_BY_TARGETS, _("In the shape of the partners' monthly targets")),
            (SPLIT_BY_LAST_YEAR, _("In the shape of last year's sales")),
            ("manual", _("As entered below")),
        ],
        initial=SPLIT_EVENLY,
        help_text=_("Level goals (shares, rates, counts) keep the yearly value every month."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required once the plan is approved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for m in range(1, 13):
            self.fields[f"m{m}"] = forms.DecimalField(
                label=_("Month %(m)s") % {"m": m}, max_digits=16, decimal_places=2, required=False
            )

    def months(self) -> list[Decimal] | None:
        if self.cleaned_data["split"] != "manual":
            return None
        return [self.cleaned_data.get(f"m{m}") or Decimal("0") for m in range(1, 13)]


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    sub_line = forms.ChoiceField(label=_("Sub-line"), choices=BudgetSubLine.choices)
    q1 = forms.DecimalField(label=_("Q1 planned"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    q2 = forms.DecimalField(label=_("Q2 planned"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    q3 = forms.DecimalField(label=_("Q3 planned"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    q4 = forms.DecimalField(label=_("Q4 planned"), min_value=0, max_digits=14, decimal_places=2, initial=0)


class SpendForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("Description"), max_length=200)
    document = forms.FileField(label=_("Document"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["category", "description", "likelihood", "impact", "owner", "response", "status", "next_review_on"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "next_review_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = internal_users()


class ReviewCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    period = forms.DateField(
        label=_("A day in the period"), widget=DATE, help_text=_("Any day of the month, quarter or year reviewed.")
    )


class ReviewNotesForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["went_well", "problems", "changes"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ["went_well", "problems", "changes"]}


class MarketSizeForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE),
        required=False,
        empty_label=_("Whole country"),
    )
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    amount = forms.DecimalField(label=_("Market size"), min_value=0, max_digits=14, decimal_places=2)


class CoverageForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=_("Targeted provinces and cities"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Plan.Status.choices)

    class Meta:
        model = Plan
        fields = ["year", "status"]


class RiskFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Risk.Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Risk.Status.choices)
    overdue = django_filters.BooleanFilter(label=_("Review date passed"), method="filter_overdue")

    class Meta:
        model = Risk
        fields = ["category", "status"]

    def filter_overdue(self, queryset, name, value):
        from common.clock import today

        if value is None:
            return queryset
        q = {"next_review_on__lt": today()}
        return queryset.filter(**q).exclude(status=Risk.Status.CLOSED) if value else queryset.exclude(**q)
