import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channelrules.models import Finding, PriceList, Product
from partners.filters import PartnerSearchMixin
from partners.models import ChannelType, ProductCategory, Tier


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    category = django_filters.ModelChoiceFilter(label=_("Product category"), queryset=ProductCategory.objects.all())
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Product
        fields = ["q", "category", "active"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class PriceListFilter(django_filters.FilterSet):
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), queryset=Tier.objects.all())
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)

    class Meta:
        model = PriceList
        fields = ["tier", "channel_type"]


class FindingFilter(PartnerSearchMixin):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Finding.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Finding.Status.choices)

    class Meta:
        model = Finding
        fields = ["kind", "status", "partner"]
