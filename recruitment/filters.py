import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import ChannelType
from recruitment.models import Application, Campaign
from recruitment.pipeline import Stage
from recruitment.selectors import recruiters


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=Campaign.objects.all())
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=recruiters())
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)
    min_score = django_filters.NumberFilter(label=_("Score at least"), field_name="score", lookup_expr="gte")
    is_possible_duplicate = django_filters.BooleanFilter(label=_("Possible duplicate"))

    class Meta:
        model = Application
        fields = ["q", "campaign", "stage", "owner", "channel_type", "min_score", "is_possible_duplicate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].queryset = recruiters()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(company_name__icontains=value)
            | Q(legal_name__icontains=value)
            | Q(credit_code__iexact=value.strip())
            | Q(email__icontains=value)
            | Q(contact_name__icontains=value)
        )
