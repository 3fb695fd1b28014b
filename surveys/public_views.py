"""The public customer survey at /survey/<token>/: no login; the answer counts for the link's partner only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views import View

from common.throttles import client_ip
from surveys import services, throttle
from surveys.forms import AnswerForm, add_errors
from surveys.models import Audience, SurveyRound


class PublicAnswerView(View):
    template_name = "surveys/public/answer.html"

    def _round(self, token):
        return get_object_or_404(
            SurveyRound.objects.select_related("version", "partner"), public_token=token, audience=Audience.CUSTOMER
        )

    def _render(self, survey_round, *, form=None, refusal=None, thanks=False, status=200, form_token=""):
        return render(
            self.request,
            self.template_name,
            {"round": survey_round, "form": form, "refusal": refusal, "thanks": thanks, "form_token": form_token},
            status=status,
        )

    def get(self, request, token):
        survey_round = self._round(token)
        refusal = services.round_refusal(survey_round)
        if refusal:
            return self._render(survey_round, refusal=refusal)
        return self._render(
            survey_round,
            form=AnswerForm(version=survey_round.version),
            form_token=services.form_token_issue(survey_round),
        )

    def post(self, request, token):
        survey_round = self._round(token)
        ip = client_ip(request)
        if throttle.is_limited(ip) or not throttle.admit(ip):
            return render(request, "surveys/public/limited.html", {"round": survey_round}, status=429)
        form = AnswerForm(request.POST, version=survey_round.version)
        form.is_valid()
        submitted = request.POST.get("form_token", "")
        try:
            nonce = services.form_token_check(survey_round, submitted)
            # Whatever else the form carries (a partner id, say) is ignored: the round names the partner.
            services.response_submit(survey_round=survey_round, data=form.raw_answers(), submission_token=nonce)
        except ValidationError as error:
            if getattr(error, "code", None) in ("used", "closed", "expired", "bad"):
                return self._render(survey_round, refusal=error.messages[0], status=409)
            add_errors(form, error)
            return self._render(survey_round, form=form, form_token=submitted, status=200)
        return self._render(survey_round, thanks=True)
