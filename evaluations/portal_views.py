"""Partner portal: the partner's own published scorecards, nothing else."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from common.access import PartnerScopedMixin
from common.periods import Period
from evaluations import access, rollup, selectors
from evaluations.models import Scorecard


class _PublishedScorecards(PartnerScopedMixin):
    def get_base_queryset(self):
        return access.published_scorecards().select_related("cycle")


class PortalScorecardListView(_PublishedScorecards, ListView):
    template_name = "evaluations/portal/scorecard_list.html"
    paginate_by = 24

    def get_queryset(self):
        return super().get_queryset().order_by("-cycle__period")


class PortalScorecardView(_PublishedScorecards, DetailView):
    template_name = "evaluations/portal/scorecard_detail.html"
    context_object_name = "card"

    def get_object(self, queryset=None):
        try:
            period = Period.parse(self.kwargs["period"])
        except ValueError as exc:
            raise Http404 from exc
        queryset = self.get_queryset().prefetch_related("lines").select_related("partner", "partner__tier")
        try:
            return queryset.get(cycle__period=period.first_day)
        except Scorecard.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        card = self.object
        period = Period(card.cycle.period)
        trend = selectors.partner_trend(partner=card.partner, period=period)
        return super().get_context_data(
            period=period,
            trend=trend,
            chart={
                "labels": [str(p.period) for p in trend],
                "totals": [float(p.total) if p.total is not None else None for p in trend],
                "sales": [float(p.sales) for p in trend],
                "targets": [float(p.target) if p.target is not None else None for p in trend],
            },
            gap=selectors.tier_gap(partner=card.partner, period=period),
            **kwargs,
        )


class _PublishedPeriodScorecards(PartnerScopedMixin):
    def get_base_queryset(self):
        return selectors.period_scorecards_published_for_partner()


class PortalPeriodScorecardListView(_PublishedPeriodScorecards, ListView):
    """The partner's published quarterly and yearly cards."""

    template_name = "evaluations/portal/period_scorecard_list.html"
    paginate_by = 24

    def get_queryset(self):
        return super().get_queryset().order_by("-evaluation__period", "-evaluation__length")


class PortalPeriodScorecardView(_PublishedPeriodScorecards, DetailView):
    template_name = "evaluations/portal/period_scorecard_detail.html"
    context_object_name = "card"

    def get_object(self, queryset=None):
        try:
            length, year, month = rollup.parse_label(self.kwargs["label"])
        except ValueError as exc:
            raise Http404 from exc
        queryset = self.get_queryset().prefetch_related("lines").select_related("partner")
        card = queryset.filter(
            evaluation__length=length, evaluation__period__year=year, evaluation__period__month=month
        )
        card = card.first()
        if card is None:
            raise Http404
        return card
