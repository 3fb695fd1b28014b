"""The partner portal's survey pages: the partner survey its contacts were invited to, and its own
customer satisfaction rounds (created here, shared by link and QR code, results of its own customers only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from common import clock
from common.access import PortalRequiredMixin
from common.forms import apply_service
from surveys import selectors, services
from surveys.access import invitations_visible_to, rounds_visible_to
from surveys.forms import AnswerForm, CustomerRoundForm, add_errors
from surveys.models import SurveyRound
from surveys.qr import qr_svg_response


class PortalSurveysView(PortalRequiredMixin, View):
    def get(self, request):
        today = clock.today()
        invitations = (
            invitations_visible_to(request.user)
            .filter(round__status=SurveyRound.Status.OPEN, round__closes_on__gte=today, response__isnull=True)
            .select_related("round", "contact")
            .order_by("round__closes_on", "contact__name")
        )
        rounds = selectors.rounds_with_rates(rounds_visible_to(request.user)).order_by("-opens_on", "-pk")
        return render(
            request, "surveys/portal/home.html", {"invitations": invitations, "rounds": rounds, "today": today}
        )


class PortalAnswerView(PortalRequiredMixin, View):
    """The partner survey, reached from the personal link of the invitation email."""

    def _invitation(self, token):
        return get_object_or_404(
            invitations_visible_to(self.request.user).select_related("round__version", "contact"), token=token
        )

    def _render(self, invitation, form=None, refusal=None, status=200):
        return render(
            self.request,
            "surveys/portal/answer.html",
            {"invitation": invitation, "round": invitation.round, "form": form, "refusal": refusal},
            status=status,
        )

    def get(self, request, token):
        invitation = self._invitation(token)
        refusal = services.invitation_refusal(invitation)
        if refusal:
            return self._render(invitation, refusal=refusal)
        return self._render(invitation, form=AnswerForm(version=invitation.round.version))

    def post(self, request, token):
        invitation = self._invitation(token)
        form = AnswerForm(request.POST, version=invitation.round.version)
        form.is_valid()
        try:
            services.response_submit(
                survey_round=invitation.round, data=form.raw_answers(), invitation=invitation, user=request.user
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("used", "closed"):
                return self._render(invitation, refusal=error.messages[0], status=409)
            add_errors(form, error)
            return self._render(invitation, form=form)
        messages.success(request, _("Thank you: your answer was recorded."))
        return redirect("surveys_portal:home")


class PortalRoundCreateView(PortalRequiredMixin, FormView):
    form_class = CustomerRoundForm
    template_name = "surveys/portal/round_form.html"

    def get_initial(self):
        today = clock.today()
        return {"opens_on": today, "closes_on": today.replace(day=28) if today.day < 28 else today}

    def form_valid(self, form):
        data = form.cleaned_data
        survey_round = apply_service(
            form,
            lambda: services.customer_round_create(
                partner=self.partner,
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
        return redirect("surveys_portal:round", pk=survey_round.pk)


class _PortalRoundMixin(PortalRequiredMixin):
    def get_round(self, pk):
        return get_object_or_404(rounds_visible_to(self.request.user).select_related("version__template"), pk=pk)


class PortalRoundView(_PortalRoundMixin, View):
    def get(self, request, pk):
        survey_round = self.get_round(pk)
        results = selectors.round_results(survey_round=survey_round, group_by="partner")
        return render(
            request,
            "surveys/portal/round_detail.html",
            {"round": survey_round, "results": results, "public_url": services.public_url(survey_round)},
        )


class PortalRoundQRView(_PortalRoundMixin, View):
    def get(self, request, pk):
        survey_round = self.get_round(pk)
        return qr_svg_response(services.public_url(survey_round), filename=f"survey-{survey_round.pk}.svg")
