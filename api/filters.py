"""Filters shared by the list endpoints: `period=YYYY-MM` and `partner=<code>`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from common.periods import Period


def _period(value: str) -> Period:
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise ValidationError({"period": [_("Write the month as YYYY-MM.")]}) from exc


class _Base(django_filters.FilterSet):
    partner = django_filters.CharFilter(method="by_partner", label=_("partner code"))
    period = django_filters.CharFilter(method="by_period", label=_("month (YYYY-MM)"))
    partner_field = "partner__code"
    period_field = "period"

    def by_partner(self, queryset, name, value):
        return queryset.filter(**{self.partner_field: value})

    def by_period(self, queryset, name, value):
        return queryset.filter(**{self.period_field: _period(value).first_day})


class PeriodPartnerFilter(_Base):
    pass


class ScorecardFilter(_Base):
    period_field = "cycle__period"


class CertificationFilter(_Base):
    partner_field = "contact__partner__code"

    def by_period(self, queryset, name, value):
        """Certifications valid at some point of the month."""
        period = _period(value)
        return queryset.filter(issued_on__lte=period.last_day, expires_on__gte=period.first_day)


class SalesFilter(_Base):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from date"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to date"))

    def by_period(self, queryset, name, value):
        period = _period(value)
        return queryset.filter(date__gte=period.first_day, date__lte=period.last_day)


class PartnerFilter(django_filters.FilterSet):
    status = django_filters.CharFilter(field_name="status", label=_("status"))
    channel_type = django_filters.CharFilter(field_name="channel_type", label=_("channel type"))
