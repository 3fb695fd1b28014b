"""Internal recruitment pages: campaigns, the application list and board, one application, the funnel."""

import datetime as dt
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from common.access import InternalRequiredMixin
from common.confirm import confirmation_page
from common.emails import emails_about
from common.redirects import safe_next
from recruitment import access, selectors, services
from recruitment.filters import ApplicationFilter
from recruitment.forms import AssessForm, AssignForm, CampaignForm, GoalFormSet, MoveForm, MoveNoteForm, WeightsForm
from recruitment.pipeline import CONFIRMED_MOVES, Stage, move_action, moves_from
from recruitment.screening import Criterion

VIEW_APPLICATION = "recruitment.view_application"
CHANGE_APPLICATION = "recruitment.change_application"
VIEW_CAMPAIGN = "recruitment.view_campaign"


# --- campaigns -------------------------------------------------------------------------------------


class CampaignListView(InternalRequiredMixin, ListView):
    permission_required = VIEW_CAMPAIGN
    template_name = "recruitment/campaign_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            access.campaigns_visible_to(self.request.user)
            .annotate(
                applications_count=Count("applications"),
                open_count=Count("applications", filter=Q(applications__stage__in=Stage.open_stages())),
                onboarded_count=Count("applications", filter=Q(applications__stage=Stage.ONBOARDED)),
            )
            .order_by("-starts_on", "name")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class CampaignFormMixin:
    """The campaign's fields and its goals on one page, saved together or not at all."""

    template_name = "recruitment/campaign_form.html"
    campaign = None

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        initial_goals = (
            [
                {"channel_type": g.channel_type, "region": g.region, "target": g.target}
                for g in self.campaign.goals.all()
            ]
            if self.campaign
            else []
        )
        form = CampaignForm(data, instance=self.campaign, initial={} if self.campaign else {"owner": self.request.user})
        goals = GoalFormSet(data, initial=initial_goals, prefix="goals")
        return form, goals

    def get(self, request, *args, **kwargs):
        form, goals = self.forms()
        return self.render(form, goals)

    def post(self, request, *args, **kwargs):
        form, goals = self.forms()
        if form.is_valid() and goals.is_valid():
            try:
                campaign = self.save(form.cleaned_data, goals.goals())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Campaign saved."))
                return redirect("recruitment:campaign-detail", pk=campaign.pk)
        return self.render(form, goals)

    def render(self, form, goals):
        return render(self.request, self.template_name, {"form": form, "goals": goals, "campaign": self.campaign})


class CampaignCreateView(InternalRequiredMixin, CampaignFormMixin, View):
    permission_required = "recruitment.add_campaign"

    @transaction.atomic
    def save(self, fields, goals):
        campaign = services.campaign_create(**fields)
        services.campaign_set_goals(campaign=campaign, goals=goals)
        return campaign


class CampaignUpdateView(InternalRequiredMixin, CampaignFormMixin, View):
    permission_required = "recruitment.change_campaign"

    def forms(self):
        # Loaded here, after the access check in dispatch(), so outsiders get 302/403 and never 404.
        self.campaign = get_object_or_404(access.campaigns_visible_to(self.request.user), pk=self.kwargs["pk"])
        return super().forms()

    @transaction.atomic
    def save(self, fields, goals):
        services.campaign_update(campaign=self.campaign, **fields)
        services.campaign_set_goals(campaign=self.campaign, goals=goals)
        return self.campaign


class CampaignDetailView(InternalRequiredMixin, DetailView):
    permission_required = VIEW_CAMPAIGN
    template_name = "recruitment/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return access.campaigns_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        campaign = self.object
        counts = dict(campaign.applications.order_by().values_list("stage").annotate(n=Count("pk")))
        return super().get_context_data(
            progress=selectors.campaign_progress(campaign),
            criteria=campaign.criteria.all(),
            stage_counts=[(stage, counts.get(stage, 0)) for stage in Stage],
            public_url=self.request.build_absolute_uri(reverse("apply:campaign", kwargs={"slug": campaign.slug})),
            is_open=campaign.is_open_on(timezone.localdate()),
            history=campaign.history.select_related("history_user")[:20],
            **kwargs,
        )


class CampaignCriteriaView(InternalRequiredMixin, View):
    """The weights of the campaign's screening criteria; saving rescores its open applications."""

    permission_required = "recruitment.change_campaign"

    def _campaign(self):
        return get_object_or_404(access.campaigns_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk):
        campaign = self._campaign()
        return self.render(campaign, WeightsForm(weights=dict(campaign.criteria.values_list("kind", "weight"))))

    def post(self, request, pk):
        campaign = self._campaign()
        form = WeightsForm(request.POST, weights={})
        if form.is_valid():
            services.campaign_set_weights(
                campaign=campaign, weights={k: form.cleaned_data[k] for k in Criterion.values}
            )
            messages.success(request, _("Screening criteria saved; open applications were scored again."))
            return redirect("recruitment:campaign-detail", pk=campaign.pk)
        return self.render(campaign, form)

    def render(self, campaign, form):
        return render(self.request, "recruitment/campaign_criteria.html", {"campaign": campaign, "form": form})


class CampaignFunnelView(InternalRequiredMixin, DetailView):
    permission_required = (VIEW_CAMPAIGN, VIEW_APPLICATION)
    template_name = "recruitment/campaign_funnel.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return access.campaigns_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(funnel=selectors.campaign_funnel(self.object), **kwargs)


# --- applications ----------------------------------------------------------------------------------


class ApplicationListView(InternalRequiredMixin, FilterView):
    permission_required = VIEW_APPLICATION
    filterset_class = ApplicationFilter
    template_name = "recruitment/application_list.html"
    paginate_by = 25

    def get_queryset(self):
        return access.applications_visible_to(self.request.user)


def board_context(request, query: QueryDict) -> dict:
    """The board's filter and columns for `query` (the page's own query string, also on htmx moves)."""
    board_filter = ApplicationFilter(query, queryset=access.applications_visible_to(request.user))
    return {
        "filter": board_filter,
        "columns": selectors.board_columns(board_filter.qs),
        "board_query": query.urlencode(),
        "now": timezone.now(),
    }


class BoardView(InternalRequiredMixin, TemplateView):
    """A column per stage; each card moves on with one click (htmx, or a plain form POST without JS)."""

    permission_required = VIEW_APPLICATION
    template_name = "recruitment/board.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**board_context(self.request, self.request.GET), **kwargs)


class ApplicationDetailView(InternalRequiredMixin, DetailView):
    permission_required = VIEW_APPLICATION
    template_name = "recruitment/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return access.applications_visible_to(self.request.user).select_related("partner")

    def get_context_data(self, **kwargs):
        application = self.object
        changes, spans = selectors.application_timeline(application)
        criteria = dict(Criterion.choices)
        breakdown = [
            {"label": criteria.get(kind, kind), "weight": weight, "points": points}
            for kind, (weight, points) in application.score_breakdown.items()
        ]
        return super().get_context_data(
            changes=changes,
            spans=[(Stage(stage).label, round(spent / dt.timedelta(days=1), 1)) for stage, spent in spans],
            breakdown=breakdown,
            moves=moves_from(application.stage),
            move_form=MoveForm(),
            assign_form=AssignForm(initial={"owner": application.owner}),
            assess_form=AssessForm(
                initial={"adjustment": application.adjustment, "reason": application.adjustment_reason}
            ),
            history=application.history.select_related("history_user")[:30],
            emails=emails_about(services.application_email_about(application.pk)),
            **kwargs,
        )


class ApplicationActionView(InternalRequiredMixin, View):
    """Base of the POST-only actions on one application."""

    permission_required = (VIEW_APPLICATION, CHANGE_APPLICATION)

    def get_application(self):
        return get_object_or_404(access.applications_visible_to(self.request.user), pk=self.kwargs["pk"])

    def back(self, application):
        return safe_next(self.request, reverse("recruitment:application-detail", args=[application.pk]))


class ApplicationMoveView(ApplicationActionView):
    def post(self, request, pk):
        application = self.get_application()
        form = MoveForm(request.POST)
        if form.is_valid() and form.cleaned_data["to_stage"] in CONFIRMED_MOVES:
            # Not made from a one-click button: its own page says what it does and asks first.
            url = reverse("recruitment:application-move-confirm", args=[application.pk, form.cleaned_data["to_stage"]])
            # Back to the page the button was on (an htmx board's own address, not that of its last move).
            back = urlsplit(request.htmx.current_url or "") if request.htmx else None
            back = f"{back.path}?{back.query}" if back and back.query else (back.path if back else "")
            carried = {"note": form.cleaned_data["note"], "next": back or request.POST.get("next", "")}
            if any(carried.values()):
                url += "?" + urlencode({name: value for name, value in carried.items() if value})
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": url})
            return redirect(url)
        error = None if form.is_valid() else _("Choose a stage to move to.")
        if not error:
            error = _move(request, application, form.cleaned_data["to_stage"], form.cleaned_data["note"])
        if request.htmx:
            query = QueryDict(urlsplit(request.htmx.current_url or "").query)
            return render(request, "recruitment/_board.html", board_context(request, query))
        return self.back(application)


class ApplicationMoveConfirmView(ApplicationActionView):
    """Onboarding, rejecting or withdrawing an application: the GET says what will happen, the POST does it."""

    def get(self, request, pk, stage):
        application = self.get_application()
        to_stage = self._stage(stage)
        return confirmation_page(
            request,
            title=f"{move_action(to_stage)}: {application.company_name}",
            consequences=selectors.move_consequences(application=application, to_stage=to_stage),
            action=move_action(to_stage),
            cancel_url=reverse("recruitment:application-detail", args=[application.pk]),
            danger=to_stage != Stage.ONBOARDED,
            irreversible=True,
            form=MoveNoteForm(initial={"note": request.GET.get("note", "")}),
            hidden=(("next", request.GET.get("next", "")),),
        )

    def post(self, request, pk, stage):
        application = self.get_application()
        form = MoveNoteForm(request.POST)
        form.is_valid()
        _move(request, application, self._stage(stage), form.cleaned_data.get("note", ""))
        return self.back(application)

    @staticmethod
    def _stage(stage: str) -> Stage:
        if stage not in CONFIRMED_MOVES:
            raise Http404
        return Stage(stage)


def _move(request, application, to_stage: str, note: str) -> str | None:
    """Move the application and say how it went (a message); returns the error, if any."""
    if to_stage == Stage.ONBOARDED and not request.user.has_perm("partners.add_partner"):
        error = _("You may not create partners.")
    else:
        try:
            application = services.application_move(
                application=application, to_stage=to_stage, by=request.user, note=note
            )
            error = None
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("%(name)s moved to %(stage)s.") % {"name": application, "stage": Stage(application.stage).label}
        )
    return error


class ApplicationAssignView(ApplicationActionView):
    def post(self, request, pk):
        application = self.get_application()
        form = AssignForm(request.POST)
        if form.is_valid():
            services.application_assign(application=application, owner=form.cleaned_data["owner"], by=request.user)
            messages.success(request, _("Owner saved."))
        else:
            messages.error(request, _("Choose a channel manager."))
        return self.back(application)


class ApplicationAssessView(ApplicationActionView):
    def post(self, request, pk):
        application = self.get_application()
        form = AssessForm(request.POST)
        if form.is_valid():
            services.application_assess(
                application=application,
                adjustment=form.cleaned_data["adjustment"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Assessment saved: the score is now %(score)s.") % {"score": application.score})
        else:
            errors = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
            messages.error(request, _("The assessment was not saved. %(errors)s") % {"errors": " ".join(errors)})
        return self.back(application)
