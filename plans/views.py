"""Internal pages of the channel work plan (mounted at /plans/): plans, goals, budget, risks, reviews.

Partner users never reach any of it (InternalRequiredMixin); what a role may do is its permissions.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from common import clock, history
from common.access import InternalRequiredMixin
from common.downloads import file_attachment
from common.forms import apply_service
from common.memo import request_memo
from common.pdf import pdf_response
from common.periods import Period
from plans import caching, figures, forecasting, services
from plans.forms import (
    BudgetLineForm,
    CoverageForm,
    GoalForm,
    MarketSizeForm,
    PlanFilter,
    PlanForm,
    ReviewCreateForm,
    ReviewNotesForm,
    RiskFilter,
    RiskForm,
    SpendForm,
)
from plans.models import DEFAULT_RESPONSES, MONEY_KINDS, BudgetLine, Goal, GoalRevision, Plan, Review, Risk, Spend

PAGE_SIZE = 25
VIEW = "plans.view_plan"


class PlanListView(InternalRequiredMixin, FilterView):
    permission_required = VIEW
    filterset_class = PlanFilter
    template_name = "plans/plan_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "plans"

    def get_queryset(self):
        return Plan.objects.select_related("region", "owner").order_by("-year", "region__code")


class PlanCreateView(InternalRequiredMixin, FormView):
    permission_required = "plans.add_plan"
    form_class = PlanForm
    template_name = "plans/plan_form.html"

    def get_initial(self):
        return {"year": clock.today().year, "owner": self.request.user.pk}

    def form_valid(self, form):
        data = form.cleaned_data
        plan = apply_service(
            form,
            lambda: services.plan_create(
                year=data["year"],
                region=data["region"],
                title=data["title"],
                owner=data["owner"],
                strategy=data["strategy"],
                by=self.request.user,
            ),
        )
        if plan is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Plan created. Add its goals, budget and risks."))
        return redirect("plans:detail", pk=plan.pk)


class PlanObjectMixin:
    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(Plan.objects.select_related("region", "owner"), pk=self.kwargs["pk"])


class PlanEditView(InternalRequiredMixin, PlanObjectMixin, FormView):
    permission_required = "plans.change_plan"
    form_class = PlanForm
    template_name = "plans/plan_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return {"title": self.plan.title, "owner": self.plan.owner_id, "strategy": self.plan.strategy}

    def form_valid(self, form):
        data = form.cleaned_data
        done = apply_service(
            form,
            lambda: services.plan_update(
                plan=self.plan,
                title=data["title"],
                owner=data["owner"],
                strategy=data["strategy"],
                by=self.request.user,
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return redirect("plans:detail", pk=self.plan.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class PlanDetailView(InternalRequiredMixin, DetailView):
    """The plan page: goals with their figures, the sales split against targets, budget, risks and reviews."""

    permission_required = VIEW
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Plan.objects.select_related("region", "owner", "approved_by")

    def get_context_data(self, **kwargs):
        plan = self.object
        today = clock.today()
        memo = request_memo(self.request)  # the goals and the budget's incentives line share one payouts read
        goals = figures.goal_figures(plan, today=today, memo=memo)
        budget = figures.budget_figures(plan, memo=memo)
        risks = list(plan.risks.select_related("owner"))
        sales = next((g for g in goals if g.kind == "sales"), None)
        # The goal and budget tables are rendered once per computation of their figures (their stamp), with what
        # of the plan and the user they read beside them.
        user = self.request.user
        reads = f"{plan.status}:{user.has_perm('plans.change_plan')}:{user.has_perm('plans.add_spend')}"
        return super().get_context_data(
            goals_html=_html_key(goals, reads),
            budget_html=_html_key(budget, reads),
            today=today,
            goals=goals,
            sales_goal=sales,
            budget=budget,
            budget_totals=_budget_totals(budget),
            payouts_waiting=figures.payouts_waiting(plan, memo=memo),
            risks=risks,
            heat_map=heat_map(risks),
            reviews=list(plan.reviews.all()),
            revisions=list(GoalRevision.objects.filter(goal__plan=plan).select_related("goal", "changed_by")[:20]),
            changes=history.changes(plan.history.select_related("history_user")[:31], limit=30),
            cache_minutes=max(1, caching.seconds() // 60),
            risk_categories=Risk.Category.choices,
            on_track_from=forecasting.ON_TRACK_FROM,
            at_risk_from=forecasting.AT_RISK_FROM,
            **kwargs,
        )


def _html_key(figures, reads: str) -> str:
    stamp = getattr(figures, "stamp", "")  # none on figures read afresh: their HTML is rendered every time
    return stamp and f"{stamp}:{reads}"


def _budget_totals(budget) -> dict:
    planned = sum((b.planned for b in budget), 0)
    spent = sum((b.spent for b in budget), 0)
    return {
        "planned": planned,
        "spent": spent,
        "remaining": planned - spent,
        "pct": forecasting.attainment(spent, planned),
    }


def heat_map(risks) -> list[dict]:
    """Rows from impact 5 down to 1, columns likelihood 1..5, each cell the open risks in it."""
    cells: dict[tuple[int, int], list] = {}
    for risk in risks:
        if risk.status != Risk.Status.CLOSED:
            cells.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return [
        {
            "impact": impact,
            "cells": [
                {"likelihood": lk, "score": lk * impact, "risks": cells.get((lk, impact), [])} for lk in range(1, 6)
            ],
        }
        for impact in range(5, 0, -1)
    ]


class _PlanActionView(InternalRequiredMixin, PlanObjectMixin, View):
    action = None
    done_message = ""

    def post(self, request, pk):
        from django.core.exceptions import ValidationError

        try:
            type(self).action(plan=self.plan, by=request.user)
            messages.success(request, self.done_message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("plans:detail", pk=self.plan.pk)


class PlanApproveView(_PlanActionView):
    permission_required = "plans.approve_plan"
    action = services.plan_approve

    @property
    def done_message(self):
        return _("Plan approved: its goals are frozen; later changes need a reason.")


class PlanCloseView(_PlanActionView):
    permission_required = "plans.approve_plan"
    action = services.plan_close

    @property
    def done_message(self):
        return _("Plan closed.")


class GoalFormView(InternalRequiredMixin, FormView):
    permission_required = "plans.change_plan"
    form_class = GoalForm
    template_name = "plans/goal_form.html"

    @cached_property
    def goal(self) -> Goal | None:
        if "goal_pk" not in self.kwargs:
            return None
        return get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["goal_pk"])

    @cached_property
    def plan(self) -> Plan:
        return self.goal.plan if self.goal else get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get_initial(self):
        if self.goal is None:
            return {}
        initial = {
            "kind": self.goal.kind,
            "channel_type": self.goal.channel_type,
            "yearly_value": self.goal.yearly_value,
        }
        initial |= {f"m{m.month}": m.value for m in self.goal.months.all()}
        return initial | {"split": "manual"}

    def form_valid(self, form):
        data = form.cleaned_data
        goal = apply_service(
            form,
            lambda: services.goal_save(
                plan=self.plan,
                goal=self.goal,
                kind=data["kind"],
                channel_type=data["channel_type"],
                yearly_value=data["yearly_value"],
                months=form.months()
                or services.monthly_split(
                    plan=self.plan, kind=data["kind"], yearly_value=data["yearly_value"], method=data["split"]
                ),
                reason=data["reason"],
                by=self.request.user,
            ),
        )
        if goal is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Goal saved."))
        return redirect(reverse("plans:detail", kwargs={"pk": self.plan.pk}) + "#goals")

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, goal=self.goal, months=range(1, 13), **kwargs)


class BudgetLineCreateView(InternalRequiredMixin, PlanObjectMixin, FormView):
    permission_required = "plans.change_plan"
    form_class = BudgetLineForm
    template_name = "plans/simple_form.html"

    def form_valid(self, form):
        d = form.cleaned_data
        line = apply_service(
            form,
            lambda: services.budget_line_save(
                plan=self.plan,
                category=d["category"],
                sub_line=d["sub_line"],
                quarters=[d["q1"], d["q2"], d["q3"], d["q4"]],
                by=self.request.user,
            ),
        )
        if line is None:
            return self.form_invalid(form)
        return redirect(reverse("plans:detail", kwargs={"pk": self.plan.pk}) + "#budget")

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, heading=_("New budget line"), form_id="budget-form", **kwargs)


class SpendAddView(InternalRequiredMixin, FormView):
    permission_required = "plans.add_spend"
    form_class = SpendForm
    template_name = "plans/spend_form.html"

    @cached_property
    def line(self) -> BudgetLine:
        return get_object_or_404(BudgetLine.objects.select_related("plan"), pk=self.kwargs["pk"])

    def form_valid(self, form):
        d = form.cleaned_data
        spend = apply_service(
            form,
            lambda: services.spend_add(
                line=self.line,
                spent_on=d["spent_on"],
                amount=d["amount"],
                description=d["description"],
                document=d["document"],
                by=self.request.user,
            ),
        )
        if spend is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Spend recorded."))
        return redirect(reverse("plans:detail", kwargs={"pk": self.line.plan_id}) + "#budget")

    def get_context_data(self, **kwargs):
        spend = self.line.spend.select_related("entered_by")[:50]
        return super().get_context_data(line=self.line, plan=self.line.plan, spend=spend, **kwargs)


class SpendDocumentView(InternalRequiredMixin, View):
    permission_required = "plans.view_spend"

    def get(self, request, pk):
        return file_attachment(get_object_or_404(Spend, pk=pk).document)


class RiskListView(InternalRequiredMixin, FilterView):
    permission_required = "plans.view_risk"
    filterset_class = RiskFilter
    template_name = "plans/risk_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "risks"

    def get_queryset(self):
        return Risk.objects.select_related("plan", "owner").order_by("next_review_on", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=clock.today(), **kwargs)


class RiskFormView(InternalRequiredMixin, FormView):
    permission_required = "plans.change_risk"
    form_class = RiskForm
    template_name = "plans/simple_form.html"

    @cached_property
    def risk(self) -> Risk | None:
        return get_object_or_404(Risk, pk=self.kwargs["risk_pk"]) if "risk_pk" in self.kwargs else None

    @cached_property
    def plan(self) -> Plan:
        return self.risk.plan if self.risk else get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.risk}

    def get_initial(self):
        if self.risk is not None:
            return {}
        initial = {"owner": self.request.user.pk, "next_review_on": clock.today() + dt.timedelta(days=30)}
        category = self.request.GET.get("category")
        if category in DEFAULT_RESPONSES:
            initial |= {"category": category, "response": DEFAULT_RESPONSES[category]}
        return initial

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        risk = apply_service(
            form, lambda: services.risk_save(plan=self.plan, risk=self.risk, by=self.request.user, **fields)
        )
        if risk is None:
            return self.form_invalid(form)
        return redirect(reverse("plans:detail", kwargs={"pk": self.plan.pk}) + "#risks")

    def get_context_data(self, **kwargs):
        heading = _("Edit risk") if self.risk else _("New risk")
        return super().get_context_data(plan=self.plan, heading=heading, form_id="risk-form", **kwargs)


class ReviewCreateView(InternalRequiredMixin, PlanObjectMixin, FormView):
    permission_required = "plans.add_review"
    form_class = ReviewCreateForm
    template_name = "plans/simple_form.html"

    def get_initial(self):
        return {"kind": Review.Kind.QUARTER, "period": Period.containing(clock.today()).previous(3).first_day}

    def form_valid(self, form):
        d = form.cleaned_data
        review = apply_service(
            form,
            lambda: services.review_create(plan=self.plan, kind=d["kind"], period=d["period"], by=self.request.user),
        )
        if review is None:
            return self.form_invalid(form)
        return redirect("plans:review-detail", pk=review.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, heading=_("New review"), form_id="review-form", **kwargs)


class ReviewDetailView(InternalRequiredMixin, FormView):
    """The review: its figures (live while open, the snapshot once closed) and the team's notes. Printable."""

    permission_required = "plans.view_review"
    form_class = ReviewNotesForm
    template_name = "plans/review_detail.html"

    @cached_property
    def review(self) -> Review:
        return get_object_or_404(Review.objects.select_related("plan", "plan__region"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.review}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("plans.change_review"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        d = form.cleaned_data
        done = apply_service(
            form,
            lambda: services.review_save(
                review=self.review,
                went_well=d["went_well"],
                problems=d["problems"],
                changes=d["changes"],
                by=self.request.user,
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Review saved."))
        return redirect("plans:review-detail", pk=self.review.pk)

    def get_context_data(self, **kwargs):
        rows, as_of = review_rows(self.review)
        return super().get_context_data(review=self.review, plan=self.review.plan, rows=rows, as_of=as_of, **kwargs)


def review_rows(review: Review) -> tuple[list[dict], str]:
    """The review's goal rows and their date: the snapshot once closed, else the figures as of the period's end."""
    if review.is_closed:
        rows, as_of = review.snapshot.get("goals", []), review.snapshot.get("as_of", "")
    else:
        as_of = services.review_as_of(review, clock.today())
        rows, as_of = [fig.as_snapshot() for fig in figures.goal_figures(review.plan, today=as_of)], as_of.isoformat()
    return [{**row, "is_money": row.get("kind") in MONEY_KINDS} for row in rows], as_of


class ReviewPdfView(InternalRequiredMixin, View):
    """The review as a PDF (WeasyPrint), the same figures and notes as the printable page."""

    permission_required = "plans.view_review"

    def get(self, request, pk):
        review = get_object_or_404(Review.objects.select_related("plan", "plan__region"), pk=pk)
        rows, as_of = review_rows(review)
        name = f"review-{review.plan.year}-{review.kind}-{review.period:%Y-%m}.pdf"
        context = {"review": review, "plan": review.plan, "rows": rows, "as_of": as_of}
        return pdf_response(name, "plans/review_pdf.html", context, request, stylesheet="plans/review-pdf.css")


class ReviewCloseView(InternalRequiredMixin, View):
    permission_required = "plans.change_review"

    def post(self, request, pk):
        from django.core.exceptions import ValidationError

        review = get_object_or_404(Review, pk=pk)
        try:
            services.review_close(review=review, by=request.user)
            messages.success(request, _("Review closed: its figures are kept as they are now."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("plans:review-detail", pk=pk)


class MarketSizeView(InternalRequiredMixin, FormView):
    permission_required = "plans.change_plan"
    form_class = MarketSizeForm
    template_name = "plans/market_size.html"

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            period = Period.parse(d["month"])
        except ValueError:
            form.add_error("month", _("Enter a month as YYYY-MM."))
            return self.form_invalid(form)
        services.market_size_set(region=d["region"], period=period, amount=d["amount"])
        messages.success(self.request, _("Market size saved."))
        return redirect("plans:market-size")

    def get_context_data(self, **kwargs):
        from plans.models import MarketSize

        rows = MarketSize.objects.select_related("region").order_by("-period", "region__code")[:48]
        return super().get_context_data(rows=rows, **kwargs)


class CoverageView(InternalRequiredMixin, PlanObjectMixin, FormView):
    permission_required = "plans.change_plan"
    form_class = CoverageForm
    template_name = "plans/simple_form.html"

    def get_initial(self):
        return {"regions": list(self.plan.coverage_targets.values_list("region_id", flat=True))}

    def form_valid(self, form):
        services.coverage_targets_set(plan=self.plan, regions=list(form.cleaned_data["regions"]))
        return redirect(reverse("plans:detail", kwargs={"pk": self.plan.pk}) + "#goals")

    def get_context_data(self, **kwargs):
        heading = _("Coverage targets")
        return super().get_context_data(plan=self.plan, heading=heading, form_id="coverage-form", **kwargs)
