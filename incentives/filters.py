import django_filters
from django.utils.translation import gettext_lazy as _

from incentives.models import (
    Accrual,
    Fund,
    IncentivePolicy,
    LineStatus,
    PeriodLength,
    PolicyKind,
    Statement,
    StatementResponse,
)
from partners.filters import PartnerSearchMixin


class PolicyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PolicyKind.choices)
    period_length = django_filters.ChoiceFilter(label=_("Period"), choices=PeriodLength.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = IncentivePolicy
        fields = ["name", "kind", "period_length", "is_active"]


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
    answer = django_filters.ChoiceFilter(
        label=_("Partner's answer"),
        choices=[
            ("disputed", _("Disputed by the partner")),
            ("confirmed", _("Confirmed by the partner")),
            ("none", _("Not answered")),
        ],
        method="filter_answer",
    )

    class Meta:
        model = Statement
        fields = ["partner", "payout_status", "answer"]

    def filter_answer(self, queryset, name, value):
        if value == "disputed":
            open_disputes = StatementResponse.objects.filter(kind="disputed", resolved_at__isnull=True)
            return queryset.filter(pk__in=open_disputes.values("statement_id"))
        if value == "confirmed":
            return queryset.filter(pk__in=StatementResponse.objects.filter(kind="confirmed").values("statement_id"))
        return queryset.exclude(pk__in=StatementResponse.objects.values("statement_id"))


class FundFilter(PartnerSearchMixin):
    class Meta:
        model = Fund
        fields = ["partner"]
