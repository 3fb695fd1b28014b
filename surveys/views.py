"""Internal survey pages, mounted at /surveys/: rounds with response rates, results, export, schedule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django_filters.views import FilterView

from common import clock
from common.access import InternalRequiredMixin
from common.exports import table_response
from common.forms import apply_service
from surveys import selectors, services
from surveys.access import rounds_visible_to
from surveys.forms import InternalCustomerRoundForm, RoundFilter, ScheduleForm
from surveys.models import Audience, SurveySchedule, SurveyTemplate
from surveys.qr import qr_svg_response

PAGE_SIZE = 25


class RoundListView(InternalRequiredMixin, FilterView):
    permission_required = "surveys.view_surveyround"
    filterset_class = RoundFilter
    template_name = "surveys/round_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "rounds"

    def get_queryset(self):
        return selectors.rounds_with_rates(rounds_visible_to(self.request.user)).order_by("-opens_on", "-pk")


class RoundCreateView(InternalRequiredMixin, FormView):
    """A customer satisfaction round for one partner's end customers."""

    permission_required = "surveys.add_surveyround"
    form_class = InternalCustomerRoundForm
    template_name = "surveys/round_form.html"

    def get_initial(self):
        today = clock.today()
        return {"opens_on": today, "closes_on": today.replace(day=28) if today.day < 28 else today}

    def form_valid(self, form):
        data = form.cleaned_data
        survey_round = apply_service(
            form,
            lambda: services.customer_round_create(
                partner=data["partner"],
                template=data["template"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                by=self.request.user,
            ),
        )
        if survey_round is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The survey round was created. Share its link or QR code."))
        return redirect("surveys:round", pk=survey_round.pk)


class _RoundMixin(InternalRequiredMixin):
    permission_required = "surveys.view_surveyround"

    def get_round(self, pk):
        return get_object_or_404(
            rounds_visible_to(self.request.user).select_related("version__template", "partner"), pk=pk
        )


class RoundDetailView(_RoundMixin, View):
    def get(self, request, pk):
        survey_round = self.get_round(pk)
        group_by = request.GET.get("group", "partner")
        if group_by not in selectors.GROUPS:
            group_by = "partner"
        results = selectors.round_results(survey_round=survey_round, group_by=group_by)
        return render(
            request,
            "surveys/round_detail.html",
            {
                "round": survey_round,
                "results": results,
                "group_by": group_by,
                "group_labels": selectors.group_labels(),
                "chart": _chart_data(results),
                "public_url": services.public_url(survey_round) if survey_round.is_customer else "",
            },
        )


def _chart_data(results) -> dict:
    return {
        "labels": [g.label for g in results.groups],
        "nps": [float(g.nps_score) if g.nps_score is not None else None for g in results.groups],
        "average": [float(g.average) if g.average is not None else None for g in results.groups],
        "nps_label": _("NPS"),
        "average_label": _("Average rating"),
    }


class RoundExportView(_RoundMixin, View):
    def get(self, request, pk):
        survey_round = self.get_round(pk)
        header, rows = selectors.answer_rows(survey_round)
        return table_response(request, f"survey-{survey_round.pk}-answers", header, rows)


class RoundCloseView(_RoundMixin, View):
    permission_required = "surveys.change_surveyround"

    def post(self, request, pk):
        services.round_close(survey_round=self.get_round(pk))
        messages.success(request, _("The round is closed; its results now feed the scorecards."))
        return redirect("surveys:round", pk=pk)


class RoundQRView(_RoundMixin, View):
    def get(self, request, pk):
        survey_round = self.get_round(pk)
        return qr_svg_response(services.public_url(survey_round), filename=f"survey-{survey_round.pk}.svg")


class ScheduleOpenNowView(InternalRequiredMixin, View):
    permission_required = ("surveys.change_surveyschedule", "surveys.add_surveyround")

    def post(self, request):
        schedule = get_object_or_404(SurveySchedule.objects.order_by("pk")[:1])
        try:
            survey_round = services.partner_round_open_now(schedule=schedule, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("surveys:schedule")
        messages.success(request, _("The partner satisfaction survey was sent to every active partner's contacts."))
        return redirect("surveys:round", pk=survey_round.pk)


class ScheduleView(InternalRequiredMixin, View):
    """The partner satisfaction survey's schedule (quarterly by default), set by the director."""

    permission_required = "surveys.change_surveyschedule"

    def _schedule(self):
        return SurveySchedule.objects.select_related("template").order_by("pk").first()

    def _form(self, data=None):
        schedule = self._schedule()
        form = ScheduleForm(data, instance=schedule)
        form.fields["template"].queryset = SurveyTemplate.objects.filter(audience=Audience.PARTNER)
        if schedule is None:
            form.initial.setdefault("next_on", clock.today())
        return form

    def get(self, request):
        return render(
            request,
            "surveys/schedule.html",
            {
                "form": self._form(),
                "schedule": self._schedule(),
                "invited": selectors.partner_survey_contacts().count(),
            },
        )

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            schedule = form.instance if form.instance.pk else SurveySchedule()
            if apply_service(form, lambda: services.schedule_update(schedule=schedule, **fields)) is not None:
                messages.success(request, _("The survey schedule was saved."))
                return redirect("surveys:schedule")
        return render(request, "surveys/schedule.html", {"form": form})
