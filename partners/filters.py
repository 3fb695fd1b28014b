import hashlib

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common import display
from common.forms import OrderingFilter, PersonChoiceFilter
from common.kept import kept
from common.memo import request_memo
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER
from common.versions import KEPT_SECONDS, version_of
from partners.models import Agreement, ChannelType, Partner, Region, Tier
from partners.selectors import expiring_q


class PartnerSearchMixin(django_filters.FilterSet):
    """A list's partner filter as a search box (code exactly, or part of the name) rather than a dropdown: a
    dropdown renders every partner into every page, 10,000 options and half a megabyte at 10,000 partners."""

    partner = django_filters.CharFilter(label=_("Partner"), method="filter_partner")

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            partner__in=Partner.objects.filter(name__icontains=value) | Partner.objects.filter(code__iexact=value)
        )


def channel_staff():
    """The users who can own partners: channel managers and directors."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=(CHANNEL_MANAGER, CHANNEL_DIRECTOR), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def dropdown_choices(*, memo: dict | None = None) -> dict[str, list[tuple[int, str]]]:
    """The choices of the partner list's dropdowns (tiers, provinces, cities, channel staff), in their usual
    order. The tiers and regions (hundreds of cities) are kept under their versions (common.versions: every write
    adds a history row); the channel staff, whose groups keep no history, are read on each request, as plain
    tuples rather than model instances."""
    places = kept(f"partners:dropdown-places:{version_of('tiers', 'regions', memo=memo)}", _place_choices, KEPT_SECONDS)
    return {**places, "manager": _staff_choices()}


def _place_choices() -> dict[str, list[tuple[int, str]]]:
    regions = Region.objects.order_by("code").values_list("level", "pk", "name")
    return {
        "tier": list(Tier.objects.order_by("rank", "pk").values_list("pk", "name")),
        "province": [(pk, name) for level, pk, name in regions if level == Region.Level.PROVINCE],
        "region": [(pk, name) for level, pk, name in regions if level == Region.Level.CITY],
    }


def _staff_choices() -> list[tuple[int, str]]:
    """As channel_staff() orders them, shown by the one display rule for people."""
    User = get_user_model()
    rows = channel_staff().values_list("pk", "first_name", "last_name", "username")
    return [(pk, display.person(User(first_name=a, last_name=b, username=c))) for pk, a, b, c in rows]


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options are kept or read as tuples; a chosen value is still checked against the field's queryset.
        dropdowns = dropdown_choices(memo=request_memo(self.request))
        for name, choices in dropdowns.items():
            field = self.form.fields[name]
            # Django's own setter: django-filter's would wrap the list in its queryset iterator.
            forms.ChoiceField.choices.fset(field, [("", field.empty_label), *choices])
        # What the rendered fields show: their options and the values asked (with their errors). The list page
        # renders them once per such key and language ({% kept_html %}): hundreds of cities' options.
        asked = [(name, self.data.getlist(name)) for name in self.form.fields] if self.is_bound else None
        self.html_key = hashlib.sha256(repr((sorted(dropdowns.items()), asked)).encode()).hexdigest()[:32]
        # The channel staff whose names the dropdown shows as they are now: the rows' kept names are theirs.
        self.staff_ids = frozenset(pk for pk, _name in dropdowns["manager"])

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
