import datetime as dt

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Tier
from training.certificates import EXPIRING_SOON_DAYS
from training.models import Certification, Course, Session


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Course.Category.choices)
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=Course.Mode.choices)
    tier = django_filters.ModelChoiceFilter(
        label=_("Required for tier"), queryset=Tier.objects.all(), field_name="required_for_tiers"
    )

    class Meta:
        model = Course
        fields = ["q", "category", "mode", "tier"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class SessionFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=Course.objects.all())
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Course.Category.choices, field_name="course__category"
    )
    open = django_filters.BooleanFilter(label=_("Open for registration"), field_name="registration_open")

    class Meta:
        model = Session
        fields = ["course", "category", "open"]


class CertificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=Course.objects.filter(validity_months__isnull=False)
    )
    validity = django_filters.ChoiceFilter(
        label=_("Validity"),
        method="filter_validity",
        choices=[("valid", _("Valid")), ("expiring", _("Expiring within 60 days")), ("expired", _("Expired"))],
    )

    class Meta:
        model = Certification
        fields = ["q", "course", "validity"]

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value)
            | Q(contact__name__icontains=value)
            | Q(contact__partner__name__icontains=value)
            | Q(contact__partner__code__icontains=value)
        )

    def filter_validity(self, queryset, name, value):
        if value == "valid":
            return queryset.filter(expires_on__gte=self.today)
        if value == "expiring":
            return queryset.filter(
                expires_on__gte=self.today, expires_on__lte=self.today + dt.timedelta(days=EXPIRING_SOON_DAYS)
            )
        return queryset.filter(expires_on__lt=self.today)
