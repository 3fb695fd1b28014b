"""Internal pages: cycles and their review, scorecards, targets, templates and manual KPI values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from common import display
from common.access import InternalRequiredMixin
from common.confirm import confirmation_page
from common.memo import request_memo
from common.periods import Period
from common.runs import RunState
from common.versions import query_key
from evaluations import access, forms, selectors, services, splitting
from evaluations.models import (
    EvaluationCycle,
    Grade,
    ManualKPIValue,
    PeriodEvaluation,
    PeriodScorecard,
    Scorecard,
    ScorecardTemplate,
    Target,
)
from evaluations.target_import import TargetImportError, parse_amount, targets_import
from partners.models import ChannelType, Partner, Region

PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 25  # the review page shows much besides its scorecards: a shorter page of them renders faster
GRID_PAGE_SIZE = 25


def _period_or_404(text: str) -> Period:
    from django.http import Http404

    try:
        return Period.parse(text)
    except ValueError as exc:
        raise Http404 from exc


def _page_number(text: str | None) -> int:
    try:
        return max(1, int(text or 1))
    except ValueError:
        return 1


class CycleListView(InternalRequiredMixin, ListView):
    permission_required = "evaluations.view_evaluationcycle"
    template_name = "evaluations/cycle_list.html"
    paginate_by = 24

    def get_queryset(self):
        return access.cycles_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        last_month = Period.current().previous()
        return super().get_context_data(run_form=forms.CycleRunForm(initial={"period": str(last_month)}), **kwargs)


class CycleRunView(InternalRequiredMixin, View):
    """Queue the calculation of a month (the same task beat runs on the 1st)."""

    permission_required = "evaluations.change_evaluationcycle"

    def post(self, request):
        form = forms.CycleRunForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["period"]))
            return redirect("evaluations:cycle-list")
        period = form.cleaned_data["period"]
        try:
            services.cycle_calculation_request(period=period, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("evaluations:cycle", period=str(period))
        if services.month_has_ended(period):
            messages.success(
                request,
                _("The %(period)s cycle is queued for calculation; this page shows its progress.")
                % {"period": display.month(period)},
            )
        else:
            messages.warning(
                request,
                _(
                    "%(period)s has not ended yet: the cycle is calculated as provisional and can be published "
                    "only after the month has ended."
                )
                % {"period": display.month(period)},
            )
        return redirect("evaluations:cycle", period=str(period))


class ScorecardFilter(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)
    partner = django_filters.CharFilter(label=_("Partner"), method="filter_partner")

    class Meta:
        model = Scorecard
        fields = ["grade", "channel_type"]

    def filter_partner(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(partner__name__icontains=value) | Q(partner__code__iexact=value))


class CycleDetailView(InternalRequiredMixin, TemplateView):
    """The review page: distribution, movers, D twice, tier recommendations, every scorecard."""

    permission_required = "evaluations.view_evaluationcycle"
    template_name = "evaluations/cycle_detail.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("period", None)  # the URL's text; the context gets the parsed Period
        period = _period_or_404(self.kwargs["period"])
        cycle = access.cycle_by_period(user=self.request.user, period=period)
        cards = cycle.scorecards.select_related("partner", "partner__region").order_by(
            "channel_type", "rank", "partner__code"
        )
        filtered = ScorecardFilter(self.request.GET, queryset=cards)
        # Which cards the filters pick, as a digest: the key of their count and of each page's rows. Taken before
        # the month before's totals are joined to them, which pick nothing and cost more to compile than to read.
        digest = query_key(filtered.qs)
        paginator = Paginator(selectors.with_previous(filtered.qs, period), REVIEW_PAGE_SIZE)
        paginator.count = selectors.cards_counted(cycle, filtered.qs, digest=digest, memo=request_memo(self.request))
        page = paginator.get_page(self.request.GET.get("page"))
        # Listed only before publishing (the template shows them to check a cycle in review): not read after.
        unmeasured, unmeasured_count = (
            ([], 0) if cycle.is_published else selectors.unmeasured_cards(cycle=cycle, shown=selectors.REVIEW_SHOWN)
        )
        # The tier recommendations are paged on their own (?recommendations=N), as the scorecards are (?page=N).
        asked = self.request.GET.get("recommendations")
        review = selectors.cycle_review(
            cycle=cycle, recommendations_page=_page_number(asked), memo=request_memo(self.request)
        )
        recommendation_pages = Paginator(range(review.recommendation_count), selectors.REVIEW_SHOWN)
        return super().get_context_data(
            cycle=cycle,
            period=period,
            review=review,
            recommendation_page=recommendation_pages.get_page(asked),
            unmeasured=unmeasured,
            unmeasured_count=unmeasured_count,
            month_ended=services.month_has_ended(period),
            filter=filtered,
            page_obj=page,
            page_key=digest and f"{digest}:{page.number}",
            reopen_form=forms.ReopenForm(),
            history=cycle.history.select_related("history_user")[:20],
            **kwargs,
        )


class CycleProgressView(InternalRequiredMixin, View):
    """The progress fragment the cycle's page polls (htmx) while a requested calculation is queued or running.

    When a polled request finds it done, the page reloads (HX-Refresh) with the new scorecards and a message.
    """

    permission_required = "evaluations.view_evaluationcycle"

    def get(self, request, period):
        cycle = access.cycle_by_period(user=request.user, period=_period_or_404(period))
        response = render(request, "evaluations/_cycle_progress.html", {"cycle": cycle})
        if request.htmx and cycle.run_state == RunState.DONE:
            messages.success(
                request, _("The %(period)s cycle is calculated.") % {"period": display.month(cycle.period)}
            )
            response["HX-Refresh"] = "true"
        return response


class _CycleActionView(InternalRequiredMixin, View):
    def cycle(self) -> EvaluationCycle:
        return access.cycle_by_period(user=self.request.user, period=_period_or_404(self.kwargs["period"]))

    def done(self, cycle):
        return redirect("evaluations:cycle", period=str(cycle))


class CyclePublishView(_CycleActionView):
    """GET: what publishing does (how many scorecards, how many emails); POST: publish."""

    permission_required = "evaluations.publish_evaluationcycle"

    def get(self, request, period):
        cycle = self.cycle()
        consequences = selectors.publish_reach(cycle.scorecards.all())
        consequences.append(_("calculate the month's rewards again with the published grades."))
        return confirmation_page(
            request,
            title=_("Publish the %(period)s evaluation cycle") % {"period": display.month(cycle.period)},
            consequences=consequences,
            action=_("Publish and send emails"),
            cancel_url=reverse("evaluations:cycle", kwargs={"period": str(cycle)}),
        )

    def post(self, request, period):
        cycle = self.cycle()
        try:
            services.cycle_publish(cycle=cycle, by=request.user)
            messages.success(request, _("Published. The monthly emails are on their way."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return self.done(cycle)


class CycleReopenView(_CycleActionView):
    permission_required = "evaluations.reopen_evaluationcycle"

    def post(self, request, period):
        cycle = self.cycle()
        form = forms.ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the cycle is reopened."))
            return self.done(cycle)
        try:
            services.cycle_reopen(cycle=cycle, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Reopened for review."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return self.done(cycle)


class ScorecardDetailView(InternalRequiredMixin, DetailView):
    permission_required = "evaluations.view_scorecard"
    template_name = "evaluations/scorecard_detail.html"
    context_object_name = "card"

    def get_queryset(self):
        return access.scorecards_for(user=self.request.user).prefetch_related("lines")

    def get_context_data(self, **kwargs):
        card = self.object
        period = Period(card.cycle.period)
        return super().get_context_data(
            note_form=forms.NoteForm(initial={"note": card.note, "partner_message": card.partner_message}),
            trend=selectors.partner_trend(partner=card.partner, period=period, published_only=False),
            gap=selectors.tier_gap(partner=card.partner, period=period),
            history=card.history.select_related("history_user")[:20],
            **kwargs,
        )


class ScorecardNoteView(InternalRequiredMixin, View):
    permission_required = "evaluations.change_scorecard"

    def post(self, request, pk):
        card = get_object_or_404(access.scorecards_for(user=request.user), pk=pk)
        form = forms.NoteForm(request.POST)
        if form.is_valid():
            try:
                services.scorecard_note_set(
                    scorecard=card,
                    note=form.cleaned_data["note"],
                    partner_message=form.cleaned_data["partner_message"],
                    by=request.user,
                )
                messages.success(request, _("Note and message saved."))
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
        else:
            messages.error(request, " ".join(msg for errors in form.errors.values() for msg in errors))
        return redirect("evaluations:scorecard", pk=card.pk)


class PartnerFilter(django_filters.FilterSet):
    channel_type = django_filters.ChoiceFilter(label=_("Channel type"), choices=ChannelType.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.filter(level=Region.Level.PROVINCE), method="filter_province"
    )
    name = django_filters.CharFilter(label=_("Partner"), lookup_expr="icontains")

    class Meta:
        model = Partner
        fields = ["channel_type"]

    def filter_province(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(region=value) | Q(region__parent=value))


class TargetGridView(InternalRequiredMixin, TemplateView):
    """Targets of many partners for a year, twelve months per row; saving is all or nothing."""

    permission_required = "evaluations.view_target"
    template_name = "evaluations/target_grid.html"

    def year(self) -> int:
        try:
            return int(self.request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            return timezone.localdate().year

    def page(self):
        partners = PartnerFilter(
            self.request.GET, queryset=Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code")
        )
        return partners, Paginator(partners.qs, GRID_PAGE_SIZE).get_page(self.request.GET.get("page"))

    def get_context_data(self, errors=None, posted=None, **kwargs):
        year = self.year()
        partners, page = self.page()
        months = Period.month(year, 1).year_months()
        ids = [p.pk for p in page]
        stored = {
            (t.partner_id, t.period): t.amount for t in Target.objects.filter(partner_id__in=ids, period__year=year)
        }
        rows = []
        for partner in page:
            cells = []
            for month in months:
                name = f"t-{partner.pk}-{month.number}"
                value = posted.get(name, "") if posted is not None else stored.get((partner.pk, month.first_day), "")
                cells.append({"name": name, "value": value, "error": (errors or {}).get(name)})
            total = sum((stored.get((partner.pk, m.first_day)) or 0 for m in months), Decimal(0))
            rows.append({"partner": partner, "cells": cells, "total": total})
        return super().get_context_data(
            year=year, months=months, rows=rows, filter=partners, page_obj=page, errors=errors, **kwargs
        )

    def post(self, request):
        if not request.user.has_perms(["evaluations.add_target", "evaluations.change_target"]):
            raise PermissionDenied
        year = self.year()
        _partners, page = self.page()
        amounts, errors = {}, {}
        for partner in page:
            for month in range(1, 13):
                name = f"t-{partner.pk}-{month}"
                if name not in request.POST:
                    continue
                try:
                    amounts[(partner.pk, dt.date(year, month, 1))] = parse_amount(request.POST[name])
                except ValueError as exc:
                    errors[name] = str(exc)
        if errors:
            messages.error(request, _("Nothing was saved: correct the marked cells."))
            return self.render_to_response(self.get_context_data(errors=errors, posted=request.POST))
        changed = services.targets_upsert(amounts=amounts, by=request.user)
        messages.success(request, _("%(n)s targets saved.") % {"n": changed})
        return redirect(f"{reverse('evaluations:target-grid')}?{request.GET.urlencode()}")


class TargetImportView(InternalRequiredMixin, TemplateView):
    permission_required = ("evaluations.add_target", "evaluations.change_target")
    template_name = "evaluations/target_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.TargetImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = forms.TargetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            upload = form.cleaned_data["file"]
            changed = targets_import(
                file=upload, file_name=upload.name, method=form.cleaned_data["method"], by=request.user
            )
        except TargetImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, row_errors=exc.errors))
        messages.success(request, _("%(n)s targets imported.") % {"n": changed})
        return redirect("evaluations:target-grid")


class PartnerTargetsView(InternalRequiredMixin, TemplateView):
    """One partner's year: months, quarters, attainment, the yearly split form and the change history."""

    permission_required = "evaluations.view_target"
    template_name = "evaluations/partner_targets.html"

    def get_context_data(self, form=None, **kwargs):
        partner = get_object_or_404(Partner, pk=self.kwargs["pk"])
        try:
            year = int(self.request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        december = Period.month(year, 12)
        trend = selectors.partner_trend(partner=partner, period=december, published_only=False)
        quarters = splitting.quarter_totals([point.target for point in trend])
        quarter_sales = splitting.quarter_totals([point.sales for point in trend])
        return super().get_context_data(
            partner=partner,
            year=year,
            trend=trend,
            quarters=list(zip(quarters, quarter_sales, strict=True)),
            year_total=sum((t for t in quarters), Decimal(0)),
            form=form or forms.YearlySplitForm(initial={"year": year}),
            history=Target.history.filter(partner_id=partner.pk).select_related("history_user")[:30],
            **kwargs,
        )

    def post(self, request, pk):
        if not request.user.has_perms(["evaluations.add_target", "evaluations.change_target"]):
            raise PermissionDenied
        partner = get_object_or_404(Partner, pk=pk)
        form = forms.YearlySplitForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        services.targets_split_yearly(
            partner=partner, year=data["year"], amount=data["amount"], method=data["method"], by=request.user
        )
        messages.success(request, _("The yearly target was split into months."))
        return redirect(f"{reverse('evaluations:partner-targets', kwargs={'pk': pk})}?year={data['year']}")


class TemplateListView(InternalRequiredMixin, ListView):
    permission_required = "evaluations.view_scorecardtemplate"
    template_name = "evaluations/template_list.html"

    def get_queryset(self):
        return ScorecardTemplate.objects.prefetch_related("kpis", "grade_bands", "assignments")


class TemplateEditView(InternalRequiredMixin, TemplateView):
    template_name = "evaluations/template_form.html"

    @property
    def permission_required(self):
        return "evaluations.change_scorecardtemplate" if "pk" in self.kwargs else "evaluations.add_scorecardtemplate"

    def template_obj(self):
        if "pk" in self.kwargs:
            return get_object_or_404(ScorecardTemplate, pk=self.kwargs["pk"])
        return ScorecardTemplate()

    def get_context_data(self, form=None, kpis=None, bands=None, **kwargs):
        template = self.template_obj()
        if form is None:
            form = forms.TemplateForm(instance=template)
            kpis = forms.KPIFormSet(instance=template, prefix="kpis")
            initial = [{"grade": g, "min_total": m} for g, m in (("A", 90), ("B", 75), ("C", 60), ("D", 0))]
            bands = forms.BandFormSet(instance=template, prefix="bands", initial=None if template.pk else initial)
            if not template.pk:
                bands.extra = 4
        return super().get_context_data(form=form, kpis=kpis, bands=bands, template_obj=template, **kwargs)

    def post(self, request, **kwargs):
        template = self.template_obj()
        form = forms.TemplateForm(request.POST, instance=template)
        kpis = forms.KPIFormSet(request.POST, instance=template, prefix="kpis")
        bands = forms.BandFormSet(request.POST, instance=template, prefix="bands")
        if not (form.is_valid() and kpis.is_valid() and bands.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, kpis=kpis, bands=bands))
        services.template_save(form=form, kpis=kpis, bands=bands, by=request.user)
        messages.success(request, _("Template saved."))
        return redirect("evaluations:template-list")


class ManualValuesView(InternalRequiredMixin, TemplateView):
    """The manual KPI (e.g. a satisfaction survey) for a month: one value per partner, all or nothing."""

    permission_required = "evaluations.view_manualkpivalue"
    template_name = "evaluations/manual_values.html"

    def page(self):
        partners = PartnerFilter(
            self.request.GET, queryset=Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("code")
        )
        return partners, Paginator(partners.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))

    def get_context_data(self, errors=None, posted=None, **kwargs):
        kwargs.pop("period", None)  # the URL's text; the context gets the parsed Period
        period = _period_or_404(self.kwargs["period"])
        partners, page = self.page()
        stored = dict(
            ManualKPIValue.objects.filter(period=period.first_day, partner__in=list(page)).values_list(
                "partner_id", "value"
            )
        )
        rows = []
        for partner in page:
            name = f"m-{partner.pk}"
            value = posted.get(name, "") if posted is not None else stored.get(partner.pk, "")
            rows.append({"partner": partner, "name": name, "value": value, "error": (errors or {}).get(name)})
        return super().get_context_data(
            period=period,
            rows=rows,
            filter=partners,
            page_obj=page,
            locked=services.manual_values_locked(period),
            **kwargs,
        )

    def post(self, request, period):
        if not request.user.has_perms(["evaluations.add_manualkpivalue", "evaluations.change_manualkpivalue"]):
            raise PermissionDenied
        month = _period_or_404(period)
        _partners, page = self.page()
        values, errors = {}, {}
        for partner in page:
            name = f"m-{partner.pk}"
            if name in request.POST:
                try:
                    values[partner.pk] = parse_amount(request.POST[name])
                except ValueError as exc:
                    errors[name] = str(exc)
        if errors:
            messages.error(request, _("Nothing was saved: correct the marked cells."))
            return self.render_to_response(self.get_context_data(errors=errors, posted=request.POST))
        try:
            changed = services.manual_values_set(period=month, values=values, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(reverse("evaluations:manual-values", kwargs={"period": period}))
        messages.success(request, _("%(n)s values saved.") % {"n": changed})
        return redirect(f"{reverse('evaluations:manual-values', kwargs={'period': period})}?{request.GET.urlencode()}")


# Quarterly and yearly evaluations ------------------------------------------------------------------


class PeriodEvaluationFilter(django_filters.FilterSet):
    length = django_filters.ChoiceFilter(label=_("Period"), choices=PeriodEvaluation.Length.choices)

    class Meta:
        model = PeriodEvaluation
        fields = ["length"]


class PeriodEvaluationListView(InternalRequiredMixin, TemplateView):
    permission_required = "evaluations.view_evaluationcycle"
    template_name = "evaluations/period_list.html"

    def get_context_data(self, **kwargs):
        filtered = PeriodEvaluationFilter(
            self.request.GET, queryset=access.period_evaluations_for(user=self.request.user)
        )
        page = Paginator(filtered.qs, 24).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filtered,
            page_obj=page,
            run_form=forms.PeriodRunForm(initial={"period": str(Period.current().previous())}),
            **kwargs,
        )


class PeriodEvaluationRunView(InternalRequiredMixin, View):
    """Queue the making (or making again) of a quarter's or a year's cards from its published months."""

    permission_required = "evaluations.change_evaluationcycle"

    def post(self, request):
        form = forms.PeriodRunForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("evaluations:period-list")
        try:
            evaluation = services.period_evaluation_calculation_request(
                length=form.cleaned_data["length"], period=form.cleaned_data["period"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("evaluations:period-list")
        messages.success(
            request,
            _("The %(period)s cards are queued for calculation; this page shows their progress.")
            % {"period": display.month(evaluation.label)},
        )
        return redirect("evaluations:period", label=evaluation.label)


class PeriodScorecardFilter(ScorecardFilter):
    class Meta:
        model = PeriodScorecard
        fields = ["grade", "channel_type"]


class PeriodEvaluationDetailView(InternalRequiredMixin, TemplateView):
    """The review page of a quarter or a year: every card, and for a year the tier recommendations."""

    permission_required = "evaluations.view_evaluationcycle"
    template_name = "evaluations/period_detail.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("label", None)
        evaluation = access.period_evaluation_by_label(user=self.request.user, label=self.kwargs["label"])
        cards = evaluation.scorecards.select_related("partner")
        filtered = PeriodScorecardFilter(
            self.request.GET, queryset=cards.order_by("channel_type", "rank", "partner__code")
        )
        page = Paginator(filtered.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            evaluation=evaluation,
            filter=filtered,
            page_obj=page,
            recommendations=selectors.yearly_tier_recommendations(evaluation=evaluation),
            reopen_form=forms.ReopenForm(),
            history=evaluation.history.select_related("history_user")[:20],
            **kwargs,
        )


class PeriodEvaluationProgressView(InternalRequiredMixin, View):
    """The progress fragment a quarter's or year's page polls (htmx) while a requested calculation is
    queued or running; when a polled request finds it done, the page reloads with the new cards."""

    permission_required = "evaluations.view_evaluationcycle"

    def get(self, request, label):
        evaluation = access.period_evaluation_by_label(user=request.user, label=label)
        response = render(request, "evaluations/_period_progress.html", {"run": evaluation})
        if request.htmx and evaluation.run_state == RunState.DONE:
            messages.success(
                request, _("The %(period)s cards are ready for review.") % {"period": display.month(evaluation.label)}
            )
            response["HX-Refresh"] = "true"
        return response


class _PeriodActionView(InternalRequiredMixin, View):
    def evaluation(self) -> PeriodEvaluation:
        return access.period_evaluation_by_label(user=self.request.user, label=self.kwargs["label"])

    def done(self, evaluation):
        return redirect("evaluations:period", label=evaluation.label)


class PeriodEvaluationPublishView(_PeriodActionView):
    """GET: what publishing does (how many cards, how many emails); POST: publish."""

    permission_required = "evaluations.publish_evaluationcycle"

    def get(self, request, label):
        evaluation = self.evaluation()
        return confirmation_page(
            request,
            title=_("Publish the %(period)s evaluation") % {"period": display.month(evaluation.label)},
            consequences=selectors.publish_reach(evaluation.scorecards.all()),
            action=_("Publish and send emails"),
            cancel_url=reverse("evaluations:period", kwargs={"label": evaluation.label}),
        )

    def post(self, request, label):
        evaluation = self.evaluation()
        try:
            services.period_evaluation_publish(evaluation=evaluation, by=request.user)
            messages.success(request, _("Published. The scorecard emails are on their way."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return self.done(evaluation)


class PeriodEvaluationReopenView(_PeriodActionView):
    permission_required = "evaluations.reopen_evaluationcycle"

    def post(self, request, label):
        evaluation = self.evaluation()
        form = forms.ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the evaluation is reopened."))
            return self.done(evaluation)
        try:
            services.period_evaluation_reopen(
                evaluation=evaluation, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Reopened for review."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return self.done(evaluation)


class _ApplyTierChangesView(InternalRequiredMixin, View):
    """Apply chosen tier recommendations in one action: the first POST shows what will change and asks for a
    confirmation; the confirmed POST changes the tiers (each recorded in the partner's history)."""

    permission_required = ("evaluations.view_evaluationcycle", "partners.change_partner")

    def source(self):
        """(recommendations as read now, the review page's URL, what the history records as the reason)"""
        raise NotImplementedError

    def post(self, request, **kwargs):
        recommendations, back, reason = self.source()
        chosen = set(request.POST.getlist("partner"))
        selected = [rec for rec in recommendations if str(rec.partner.pk) in chosen]
        if not selected:
            messages.error(request, _("Choose at least one recommended tier change."))
            return redirect(back)
        if request.POST.get("confirm") != "yes":
            return render(
                request,
                "evaluations/tier_changes_confirm.html",
                {"selected": selected, "back": back, "action": request.path},
            )
        applied = services.tier_recommendations_apply(
            recommendations=recommendations, partner_ids=chosen, by=request.user, reason=reason
        )
        messages.success(request, _("%(count)s tier changes applied.") % {"count": len(applied)})
        return redirect(back)


class CycleApplyTierChangesView(_ApplyTierChangesView):
    def source(self):
        period = _period_or_404(self.kwargs["period"])
        cycle = access.cycle_by_period(user=self.request.user, period=period)
        recommendations, _count = selectors.tier_recommendations(period=period, cycle=cycle)
        reason = _("Tier recommendation of the %(period)s review") % {"period": display.month(cycle.period)}
        return recommendations, reverse("evaluations:cycle", kwargs={"period": cycle}), reason


class PeriodApplyTierChangesView(_ApplyTierChangesView):
    def source(self):
        evaluation = access.period_evaluation_by_label(user=self.request.user, label=self.kwargs["label"])
        recommendations = selectors.yearly_tier_recommendations(evaluation=evaluation)
        reason = _("Tier recommendation of the %(period)s review") % {"period": display.month(evaluation.label)}
        return recommendations, reverse("evaluations:period", kwargs={"label": evaluation.label}), reason
