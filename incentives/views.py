"""Internal pages of the incentives app (mounted at /incentives/): policies, the calculation, accruals,
statements and the approvals queue, payout export, rebate accounts and market-support funds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView

from common import clock, display, history, hooks
from common.access import InternalRequiredMixin
from common.downloads import file_attachment
from common.exports import table_response
from common.forms import apply_service
from common.memo import request_memo
from common.money import ZERO
from common.periods import Period
from common.redirects import safe_next
from common.runs import RunState
from incentives import selectors, services
from incentives.filters import AccrualFilter, FundFilter, PolicyFilter, StatementFilter
from incentives.forms import (
    AdjustmentForm,
    BulkSettleForm,
    CalculateForm,
    DecisionForm,
    FundForm,
    PolicyForm,
    PreviewForm,
    RebateUseForm,
    ResolveForm,
    SettleForm,
    default_month,
)
from incentives.kinds import kind_for
from incentives.models import (
    BankAccount,
    CalculationRun,
    FundRequest,
    IncentivePolicy,
    LineStatus,
    Payout,
    PolicyKind,
    PolicyVersion,
)
from partners.models import Partner

PAGE_SIZE = 25


def period_from(request, key: str = "month") -> Period:
    try:
        return Period.parse(request.GET[key])
    except (KeyError, ValueError):
        return default_month(clock.today())


# --- policies ---------------------------------------------------------------------------------------


class PolicyListView(InternalRequiredMixin, FilterView):
    permission_required = "incentives.view_incentivepolicy"
    filterset_class = PolicyFilter
    template_name = "incentives/policy_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "policies"

    def get_queryset(self):
        return (
            selectors.policies_for(user=self.request.user)
            .annotate(version_count=Count("versions"))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=PolicyKind.choices, **kwargs)


class PolicyCreateView(InternalRequiredMixin, FormView):
    permission_required = ("incentives.add_incentivepolicy", "incentives.add_policyversion")
    form_class = PolicyForm
    template_name = "incentives/policy_form.html"

    @cached_property
    def kind(self):
        kind = self.request.GET.get("kind", PolicyKind.VOLUME_REBATE)
        if kind not in PolicyKind.values:
            raise Http404("Unknown policy kind")
        return kind

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind_label=PolicyKind(self.kind).label, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        policy = apply_service(
            form,
            lambda: services.policy_create(
                by=self.request.user,
                kind=self.kind,
                rules=form.rules,
                cap=data["cap"],
                **{name: data[name] for name in form.Meta.fields},
            ),
        )
        if policy is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Policy %(name)s created.") % {"name": policy.name})
        return redirect("incentives:policy-detail", pk=policy.pk)


class PolicyEditView(InternalRequiredMixin, FormView):
    permission_required = ("incentives.change_incentivepolicy", "incentives.add_policyversion")
    form_class = PolicyForm
    template_name = "incentives/policy_form.html"

    @cached_property
    def policy(self):
        return get_object_or_404(selectors.policies_for(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.policy.kind, "instance": self.policy}

    def get_initial(self):
        return {"effective_from": Period.containing(clock.today()).first_day}

    def get_context_data(self, **kwargs):
        return super().get_context_data(policy=self.policy, kind_label=self.policy.get_kind_display(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        policy = apply_service(
            form,
            lambda: services.policy_update(
                policy=IncentivePolicy.objects.get(pk=self.policy.pk),
                by=self.request.user,
                rules=form.rules,
                cap=data["cap"],
                effective_from=data["effective_from"],
                **{name: data[name] for name in form.Meta.fields},
            ),
        )
        if policy is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Policy %(name)s saved.") % {"name": policy.name})
        return redirect("incentives:policy-detail", pk=policy.pk)


class PolicyDetailView(InternalRequiredMixin, DetailView):
    """The policy, its versions, its history, and a preview of what it would pay in a month."""

    permission_required = "incentives.view_incentivepolicy"
    template_name = "incentives/policy_detail.html"
    context_object_name = "policy"

    def get_queryset(self):
        return selectors.policies_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        policy = self.object
        form = PreviewForm(self.request.GET or None)
        period = form.cleaned_data["month"] if form.is_valid() and form.cleaned_data["month"] else None
        period = period or default_month(clock.today())
        policy_records = policy.history.select_related("history_user")
        version_records = PolicyVersion.history.filter(policy_id=policy.pk).select_related("history_user")
        kind = kind_for(policy.kind)
        versions = list(policy.versions.select_related("created_by").order_by("-effective_from"))
        for version in versions:
            version.rule_lines = kind.describe(version.rules)
        return super().get_context_data(
            versions=versions,
            preview=services.policy_preview(policy=policy, period=period),
            preview_month=period,
            preview_form=form,
            changes=history.changes(
                [*policy_records, *version_records],
                label=lambda r: _("version %(n)s") % {"n": r.number} if hasattr(r, "number") else _("policy"),
                shown={"rules": lambda rules: "; ".join(kind.describe(rules))},
            ),
            **kwargs,
        )


# --- the calculation and its results ---------------------------------------------------------------


class CalculateView(InternalRequiredMixin, FormView):
    permission_required = "incentives.calculate_rewards"
    form_class = CalculateForm
    template_name = "incentives/calculate.html"

    def get_initial(self):
        return {"month": str(default_month(clock.today()))}

    def get_context_data(self, **kwargs):
        runs = CalculationRun.objects.select_related("triggered_by", "requested_by")
        return super().get_context_data(
            runs=runs[:12],
            requested=runs.filter(requested_at__isnull=False).order_by("-requested_at").first(),
            **kwargs,
        )

    def form_valid(self, form):
        period = form.cleaned_data["month"]
        try:
            services.rewards_calculation_request(period=period, by=self.request.user)
        except ValidationError as exc:
            messages.error(self.request, exc.messages[0])
        else:
            messages.success(
                self.request,
                _("%(month)s is queued for calculation; this page shows its progress.")
                % {"month": display.month(period)},
            )
        return redirect("incentives:calculate")


class CalculationProgressView(InternalRequiredMixin, View):
    """The progress fragment the calculation page polls (htmx) while a requested run is queued or running.

    When a polled request finds it done, the page reloads (HX-Refresh) with a message linking the accruals.
    """

    permission_required = "incentives.calculate_rewards"

    def get(self, request, period):
        try:
            month = Period.parse(period)
        except ValueError as exc:
            raise Http404 from exc
        run = get_object_or_404(CalculationRun.objects.select_related("requested_by"), period=month.first_day)
        response = render(request, "incentives/_calculation_progress.html", {"run": run})
        if request.htmx and run.run_state == RunState.DONE:
            messages.success(
                request,
                _("%(month)s calculated: %(accruals)s accruals, %(adjustments)s adjustments.")
                % {"month": display.month(month), "accruals": run.accruals, "adjustments": run.adjustments},
            )
            response["HX-Refresh"] = "true"
        return response


class AccrualListView(InternalRequiredMixin, FilterView):
    """The month's accruals, filterable by partner and policy, with totals by policy."""

    permission_required = "incentives.view_accrual"
    filterset_class = AccrualFilter
    template_name = "incentives/accrual_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "accruals"

    @cached_property
    def period(self):
        return period_from(self.request)

    def get_queryset(self):
        return (
            selectors.accruals_for(user=self.request.user)
            .filter(period=self.period.first_day)
            .order_by("partner__code", "policy__name")
        )

    def get_paginator(self, queryset, *args, **kwargs):
        # The month's figures count the rows too: the page reads them once, kept (selectors.month_accrual_figures).
        self.figures = selectors.month_accrual_figures(
            queryset,
            period=self.period,
            by_status=bool(self.request.GET.get("status")),
            memo=request_memo(self.request),
        )
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = self.figures["count"]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "month": self.period, "by_policy": self.figures["by_policy"], "total": self.figures["total"]}


class StatementListView(InternalRequiredMixin, FilterView):
    permission_required = "incentives.view_statement"
    filterset_class = StatementFilter
    template_name = "incentives/statement_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "statements"

    @cached_property
    def period(self):
        return period_from(self.request)

    def get_queryset(self):
        return (
            selectors.statements_for(user=self.request.user)
            .filter(period=self.period.first_day)
            .order_by("partner__code")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(month=self.period, **kwargs)
        context["disputed"] = services.disputed_statement_ids(s.pk for s in context["statements"])
        return context


class StatementDetailView(InternalRequiredMixin, DetailView):
    permission_required = "incentives.view_statement"
    template_name = "incentives/statement_detail.html"
    context_object_name = "statement"

    def get_queryset(self):
        return selectors.statements_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        accruals, adjustments = selectors.statement_lines(self.object)
        payout = getattr(self.object, "payout", None)
        payout_changes = history.changes(payout.history.select_related("history_user")) if payout else []
        refusals = refusals_for([payout], user=self.request.user).get(payout.pk, []) if payout else []
        responses = list(self.object.responses.select_related("responded_by", "resolved_by"))
        return super().get_context_data(
            accruals=accruals,
            adjustments=adjustments,
            payout=payout,
            payout_changes=payout_changes,
            refusals=refusals,
            responses=responses,
            open_dispute=next((r for r in responses if r.is_open_dispute), None),
            resolve_form=ResolveForm(),
            bank_account=BankAccount.objects.filter(partner_id=self.object.partner_id).first(),
            settle_form=SettleForm(initial={"paid_on": clock.today()}),
            **kwargs,
        )


class ApprovalsView(InternalRequiredMixin, ListView):
    """Finance's queue: draft payouts to approve, approved ones to mark paid, with the count and sum of the
    page and of the whole queue. A draft of 0.00 is not in it (`services.awaiting`)."""

    permission_required = "incentives.view_payout"
    template_name = "incentives/approvals.html"
    paginate_by = PAGE_SIZE
    context_object_name = "payouts"

    def get_queryset(self):
        status = self.request.GET.get("status", LineStatus.DRAFT)
        if status not in (LineStatus.DRAFT, LineStatus.APPROVED):
            status = LineStatus.DRAFT
        self.status = status
        return services.awaiting(selectors.payouts_for(user=self.request.user), status).order_by(
            "period", "partner__code"
        )

    def get_context_data(self, **kwargs):
        payouts = selectors.payouts_for(user=self.request.user)
        counts = {
            status: services.awaiting(payouts, status).count() for status in (LineStatus.DRAFT, LineStatus.APPROVED)
        }
        context = super().get_context_data(
            status=self.status,
            counts=counts,
            overall=self.object_list.aggregate(count=Count("pk"), total=Sum("amount")),
            # e.g. the channel work plan's remaining incentive budget (plans registers it; we never import plans)
            notices=hooks.notices("incentives.approvals", user=self.request.user),
            **kwargs,
        )
        page = list(context["payouts"])
        context["page_total"] = {"count": len(page), "total": sum((p.amount for p in page), ZERO)}
        refusals = refusals_for(page, user=self.request.user)
        disputed = services.disputed_statement_ids(p.statement_id for p in page)
        for payout in page:
            payout.refusals = refusals.get(payout.pk, [])
            payout.disputed = payout.statement_id in disputed
        context["bulk_settle_form"] = BulkSettleForm(initial={"paid_on": clock.today()})
        return context


def refusals_for(payouts, *, user) -> dict[int, list[str]]:
    """Why the user may not take the next step on each payout (approve a draft, settle an approved one)."""
    payouts = list(payouts)
    drafts = [p for p in payouts if p.status == LineStatus.DRAFT and user.has_perm("incentives.approve_payout")]
    approved = [p for p in payouts if p.status == LineStatus.APPROVED and user.has_perm("incentives.settle_payout")]
    return {**services.approval_refusals(drafts, user=user), **services.duty_conflicts(approved, user=user)}


class PayoutApproveView(InternalRequiredMixin, View):
    permission_required = "incentives.approve_payout"

    def post(self, request, pk):
        payout = get_object_or_404(selectors.payouts_for(user=request.user), pk=pk)
        try:
            services.payout_approve(payout=payout, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Payout of %(partner)s approved.") % {"partner": payout.partner.name})
        return safe_next(request, reverse("incentives:statement-detail", args=[payout.statement_id]))


class PayoutBulkApproveView(InternalRequiredMixin, View):
    """The payouts ticked in the queue, each approved on its own; the refused ones are listed with why."""

    permission_required = "incentives.approve_payout"

    def post(self, request):
        ids = [value for value in request.POST.getlist("payout") if value.isdigit()]
        payouts = selectors.payouts_for(user=request.user).filter(pk__in=ids)
        approved, refused = services.payouts_approve(payouts=payouts, by=request.user)
        if approved:
            messages.success(request, _("%(count)d payouts approved.") % {"count": len(approved)})
        for payout, reasons in refused.items():
            messages.error(
                request,
                _("%(partner)s, %(month)s not approved: %(reasons)s")
                % {"partner": payout.partner.name, "month": display.month(payout.period), "reasons": " ".join(reasons)},
            )
        return redirect("incentives:approvals")


class PayoutSettleView(InternalRequiredMixin, FormView):
    permission_required = "incentives.settle_payout"
    form_class = SettleForm
    template_name = "incentives/payout_settle.html"

    @cached_property
    def payout(self):
        return get_object_or_404(selectors.payouts_for(user=self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"paid_on": clock.today()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(payout=self.payout, **kwargs)

    def form_valid(self, form):
        payout = apply_service(
            form, lambda: services.payout_settle(payout=self.payout, by=self.request.user, **form.cleaned_data)
        )
        if payout is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Payout of %(partner)s marked paid.") % {"partner": payout.partner.name})
        return redirect("incentives:statement-detail", pk=payout.statement_id)


EXPORT_HEADER = (
    gettext_lazy("Month"),
    gettext_lazy("Partner code"),
    gettext_lazy("Partner"),
    gettext_lazy("Legal name"),
    gettext_lazy("Unified social credit code"),
    display.money_header_lazy(gettext_lazy("Amount")),
    gettext_lazy("Status"),
    gettext_lazy("Approved by"),
    gettext_lazy("Settled as"),
    gettext_lazy("Paid on"),
    gettext_lazy("Payment reference"),
)


def export_row(payout: Payout) -> list:
    return [
        f"{payout.period:%Y-%m}",
        payout.partner.code,
        payout.partner.name,
        payout.partner.legal_name,
        payout.partner.credit_code,
        payout.amount,
        payout.get_status_display(),
        display.person(payout.approved_by),
        payout.get_settlement_display(),
        payout.paid_on.isoformat() if payout.paid_on else "",
        payout.payment_reference,
    ]


class PayoutExportView(InternalRequiredMixin, View):
    """A month's payouts for the finance system, as CSV or XLSX (text cells are formula-neutralised)."""

    permission_required = "incentives.view_payout"

    def get(self, request):
        period = period_from(request)
        payouts = selectors.payouts_for(user=request.user).filter(period=period.first_day).order_by("partner__code")
        status = request.GET.get("status")
        if status in LineStatus.values:
            payouts = payouts.filter(status=status)
        rows = (export_row(payout) for payout in payouts.iterator(chunk_size=2000))
        return table_response(request, f"payouts-{period}", EXPORT_HEADER, rows)


class AdjustmentCreateView(InternalRequiredMixin, FormView):
    permission_required = "incentives.add_adjustment"
    title = gettext_lazy("Add a statement line by hand")
    form_class = AdjustmentForm
    template_name = "incentives/adjustment_form.html"

    def get_initial(self):
        return {"month": str(Period.containing(clock.today())), "partner": self.request.GET.get("partner")}

    def form_valid(self, form):
        data = form.cleaned_data
        adjustment = apply_service(
            form,
            lambda: services.adjustment_add(
                partner=data["partner"],
                period=data["month"],
                kind=data["kind"],
                amount=data["amount"],
                reason=data["reason"],
                policy=data["policy"],
                by=self.request.user,
            ),
        )
        if adjustment is None:
            return self.form_invalid(form)
        month = Period(adjustment.period)
        if month == data["month"]:
            messages.success(self.request, _("Adjustment recorded."))
        else:
            messages.warning(
                self.request,
                _("The statement of %(asked)s is already approved: the line was added to %(month)s.")
                % {"asked": display.month(data["month"]), "month": display.month(month)},
            )
        return redirect(f"{reverse('incentives:statements')}?month={month}")


# --- rebate accounts --------------------------------------------------------------------------------


class RebateAccountListView(InternalRequiredMixin, ListView):
    permission_required = "incentives.view_rebateaccountentry"
    template_name = "incentives/rebate_accounts.html"
    paginate_by = PAGE_SIZE
    context_object_name = "partners"

    def get_queryset(self):
        return selectors.partners_with_balances(user=self.request.user)


class RebateAccountView(InternalRequiredMixin, ListView):
    """One partner's ledger, newest first, with Finance's form to record a use against an order."""

    permission_required = "incentives.view_rebateaccountentry"
    template_name = "incentives/rebate_account.html"
    paginate_by = 50
    context_object_name = "entries"

    @cached_property
    def partner(self):
        return get_object_or_404(Partner, pk=self.kwargs["pk"])

    def get_queryset(self):
        return selectors.rebate_entries_for(user=self.request.user).filter(partner=self.partner)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partner=self.partner,
            balance=services.rebate_balance(self.partner),
            form=kwargs.pop("form", None) or RebateUseForm(),
            **kwargs,
        )

    def post(self, request, pk):
        if not request.user.has_perm("incentives.add_rebateaccountentry"):
            raise PermissionDenied
        form = RebateUseForm(request.POST)
        if form.is_valid() and apply_service(
            form, lambda: services.rebate_use_record(partner=self.partner, by=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("Use of the rebate account recorded."))
            return redirect("incentives:rebate-account", pk=self.partner.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


class RebateReverseView(InternalRequiredMixin, View):
    permission_required = "incentives.add_rebateaccountentry"

    def post(self, request, pk):
        entry = get_object_or_404(selectors.rebate_entries_for(user=request.user), pk=pk)
        try:
            services.rebate_entry_reverse(entry=entry, by=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Entry %(number)s reversed.") % {"number": entry.sequence})
        return redirect("incentives:rebate-account", pk=entry.partner_id)


# --- market-support funds ---------------------------------------------------------------------------


class FundListView(InternalRequiredMixin, FilterView):
    permission_required = "incentives.view_fund"
    filterset_class = FundFilter
    template_name = "incentives/fund_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "funds"

    def get_queryset(self):
        return selectors.funds_for(user=self.request.user).order_by("-period", "partner__code")

    def get_context_data(self, **kwargs):
        pending = selectors.fund_requests_for(user=self.request.user).filter(status="submitted").count()
        claims = selectors.fund_claims_for(user=self.request.user).filter(status="submitted").count()
        return super().get_context_data(pending_requests=pending, pending_claims=claims, **kwargs)


class FundCreateView(InternalRequiredMixin, FormView):
    permission_required = ("incentives.add_fund", "incentives.change_fund")
    title = gettext_lazy("Set a market-support fund")
    form_class = FundForm
    template_name = "incentives/fund_form.html"

    def get_initial(self):
        return {"month": str(Period.containing(clock.today())), "partner": self.request.GET.get("partner")}

    def form_valid(self, form):
        data = form.cleaned_data
        fund = apply_service(
            form,
            lambda: services.fund_set(
                partner=data["partner"],
                period=data["month"],
                basis=data["basis"],
                budget=data["budget"],
                percent=data["percent"],
                note=data["note"],
                by=self.request.user,
            ),
        )
        if fund is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Fund saved."))
        return redirect("incentives:fund-detail", pk=fund.pk)


class FundDetailView(InternalRequiredMixin, DetailView):
    permission_required = "incentives.view_fund"
    template_name = "incentives/fund_detail.html"
    context_object_name = "fund"

    def get_queryset(self):
        return selectors.funds_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        fund = self.object
        requests = (
            selectors.fund_requests_for(user=self.request.user)
            .filter(fund=fund)
            .annotate(written_off=Sum("claims__reimbursed_amount", filter=Q(claims__status="approved")))
        )
        claims = selectors.fund_claims_for(user=self.request.user).filter(request__fund=fund)
        return super().get_context_data(
            requests=requests,
            claims=claims,
            decision_form=DecisionForm(),
            **kwargs,
        )


class DecideView(InternalRequiredMixin, View):
    """Approve or reject a fund request or a claim (the claim's approval is the write-off)."""

    permission_required = "incentives.decide_fundrequest"
    model = None

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if self.model is FundRequest:
            obj = get_object_or_404(selectors.fund_requests_for(user=request.user), pk=pk)
            fund_id, decide = obj.fund_id, services.fund_request_decide
            call = lambda data: decide(request=obj, **data)  # noqa: E731
        else:
            obj = get_object_or_404(selectors.fund_claims_for(user=request.user), pk=pk)
            fund_id, decide = obj.request.fund_id, services.fund_claim_decide
            call = lambda data: decide(claim=obj, **data)  # noqa: E731
        if not form.is_valid():
            messages.error(request, _("Choose approve or reject."))
            return redirect("incentives:fund-detail", pk=fund_id)
        data = form.cleaned_data
        try:
            call(
                {
                    "approve": data["decision"] == "approve",
                    "amount": data["amount"],
                    "note": data["note"],
                    "by": request.user,
                }
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("incentives:fund-detail", pk=fund_id)


class ProofDownloadView(InternalRequiredMixin, View):
    permission_required = "incentives.view_claimproof"

    def get(self, request, pk):
        return proof_response(get_object_or_404(selectors.proofs_for(user=request.user), pk=pk))


def proof_response(proof):
    return file_attachment(proof.file)
