import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deals.models import ConflictCase, DealRegistration, Lead
from partners.models import ChannelType, Region


class RegistrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DealRegistration.Status.choices)
    conflict = django_filters.ChoiceFilter(
        label=_("Conflict"), choices=DealRegistration.Conflict.choices[1:], field_name="conflict"
    )
    outside_territory = django_filters.BooleanFilter(label=_("Outside the authorised territory"))
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.filter(level=Region.Level.PROVINCE), method="filter_province"
    )

    class Meta:
        model = DealRegistration
        fields = ["q", "status", "conflict", "outside_territory", "province"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(customer_name__icontains=value)
            | Q(credit_code__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__code__icontains=value)
        )

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(region=value) | Q(region__parent=value))


class LeadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Lead.Status.choices)
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.filter(level=Region.Level.PROVINCE), method="filter_province"
    )

    class Meta:
        model = Lead
        fields = ["q", "status", "channel_type", "province"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(customer_name__icontains=value) | Q(credit_code__icontains=value))

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(region=value) | Q(region__parent=value))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConflictCase.Status.choices)
    subject = django_filters.ChoiceFilter(label=_("About"), choices=ConflictCase.Subject.choices)

    class Meta:
        model = ConflictCase
        fields = ["q", "status", "subject"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(customer_name__icontains=value) | Q(description__icontains=value) | Q(partners__name__icontains=value)
        ).distinct()
