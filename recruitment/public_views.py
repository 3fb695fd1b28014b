"""The public application form at /apply/ — the only pages of Channelwork open to anonymous visitors."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import FormView, TemplateView

from common.forms import apply_service
from common.throttles import client_ip
from recruitment import throttle
from recruitment.forms import ApplicationForm
from recruitment.models import Application, Campaign
from recruitment.selectors import open_campaigns
from recruitment.services import application_submit


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


class ApplyView(FormView):
    """`/apply/` (a general application) and `/apply/<campaign>/` (an application to one campaign)."""

    form_class = ApplicationForm
    template_name = "recruitment/apply_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.campaign = None
        if "slug" in kwargs:
            self.campaign = get_object_or_404(Campaign, slug=kwargs["slug"])
            if not self.campaign.is_open_on(timezone.localdate()):
                return render(request, "recruitment/apply_closed.html", {"campaign": self.campaign})
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.campaign is None:
            kwargs["campaigns"] = open_campaigns(today=timezone.localdate())
        return kwargs

    def get_initial(self):
        source = self.request.GET.get("source", "")
        return {"source": source} if source in Application.Source.values else {}

    def get_context_data(self, **kwargs):
        others = open_campaigns(today=timezone.localdate())
        # The general form offers the open campaigns in its campaign field instead of as links.
        others = others.exclude(pk=self.campaign.pk) if self.campaign else others.none()
        return super().get_context_data(campaign=self.campaign, open_campaigns=others, **kwargs)

    def post(self, request, *args, **kwargs):
        self.ip = client_ip(request)
        if throttle.is_limited(self.ip):
            return self._limited()
        return super().post(request, *args, **kwargs)

    def _limited(self):
        return render(self.request, "recruitment/apply_limited.html", {"campaign": self.campaign}, status=429)

    def form_valid(self, form):
        # Counted before anything is stored: of simultaneous posts from one address only the allowed number
        # get past this line.
        if not throttle.admit(self.ip):
            return self._limited()
        if form.is_bot:
            # Answer a bot as if it succeeded, so it learns nothing; keep nothing.
            return redirect("apply:thanks")
        submitted = apply_service(
            form,
            lambda: application_submit(
                campaign=self.campaign or form.cleaned_data.get("campaign"),
                data=form.application_data(),
                regions=form.cleaned_data["regions"],
                ip=self.ip or None,
                language=_language(),
            ),
        )
        if submitted is None:
            return super().form_invalid(form)
        return redirect("apply:thanks")

    def form_invalid(self, form):
        if form.is_bot:
            throttle.admit(self.ip)
            return redirect("apply:thanks")
        return super().form_invalid(form)


class ThanksView(TemplateView):
    template_name = "recruitment/apply_thanks.html"
