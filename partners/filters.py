import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import OrderingFilter, PersonChoiceFilter
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER
from partners.models import Agreement, ChannelType, Partner, Region, Tier
from partners.selectors import expiring_q


def channel_staff():
    """The users who can own partners: channel managers and directors."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=(CHANNEL_MANAGER, CHANNEL_DIRECTOR), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), queryset=Tier.objects.all())
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.filter(level=Region.Level.PROVINCE), method="filter_province"
    )
    region = django_filters.ModelChoiceFilter(label=_("City"), queryset=Region.objects.filter(level=Region.Level.CITY))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Partner.Status.choices)
    manager = PersonChoiceFilter(label=_("Channel manager"), queryset=lambda request: channel_staff())
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("channel_type", "channel_type"),
            ("tier__rank", "tier"),
            ("region__code", "region"),
            ("status", "status"),
            ("joined_on", "joined_on"),
        ),
        field_labels={
            "code": _("Partner code"),
            "name": _("Name"),
            "channel_type": _("Channel type"),
            "tier__rank": _("Tier"),
            "region__code": _("Region"),
            "status": _("Status"),
            "joined_on": _("Joined on"),
        },
    )

    class Meta:
        model = Partner
        fields = ()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(legal_name__icontains=value)
            | Q(code__icontains=value)
            | Q(credit_code__icontains=value)
        )

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(region=value) | Q(region__parent=value))


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Agreement.Status.choices)
    expiring = django_filters.BooleanFilter(
        label=_("Expires within 60 days"),
        method="filter_expiring",
        widget=django_filters.widgets.BooleanWidget,  # a class: its labels are read per request, in its language
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("end_on", "end_on"), ("start_on", "start_on"), ("number", "number"), ("partner__name", "partner")),
        field_labels={
            "end_on": _("End date"),
            "start_on": _("Start date"),
            "number": _("Agreement number"),
            "partner__name": _("Partner"),
        },
    )

    class Meta:
        model = Agreement
        fields = ()

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(partner__name__icontains=value) | Q(partner__code__icontains=value)
        )

    def filter_expiring(self, queryset, name, value):
        return queryset.filter(expiring_q(self.today)) if value else queryset
