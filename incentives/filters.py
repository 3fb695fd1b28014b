import django_filters
from django.utils.translation import gettext_lazy as _

from incentives.models import Accrual, Fund, IncentivePolicy, LineStatus, PeriodLength, PolicyKind, Statement
from partners.models import Partner


class PolicyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PolicyKind.choices)
    period_length = django_filters.ChoiceFilter(label=_("Period"), choices=PeriodLength.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = IncentivePolicy
        fields = ["name", "kind", "period_length", "is_active"]


class PartnerSearchMixin(django_filters.FilterSet):
    partner = django_filters.CharFilter(label=_("Partner"), method="filter_partner")

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            partner__in=Partner.objects.filter(name__icontains=value) | Partner.objects.filter(code__iexact=value)
        )


class AccrualFilter(PartnerSearchMixin):
    policy = django_filters.ModelChoiceFilter(label=_("Policy"), queryset=IncentivePolicy.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LineStatus.choices)

    class Meta:
        model = Accrual
        fields = ["partner", "policy", "status"]


class StatementFilter(PartnerSearchMixin):
    payout_status = django_filters.ChoiceFilter(
        label=_("Payout"), choices=LineStatus.choices, field_name="payout__status"
    )

    class Meta:
        model = Statement
        fields = ["partner", "payout_status"]


class FundFilter(PartnerSearchMixin):
    class Meta:
        model = Fund
        fields = ["partner"]
