"""The partner portal's incentive pages (mounted under /portal/incentives/). Everything is the user's own partner:
querysets come from the selectors, which scope partner users to their partner, so a miss is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from common import display
from common.access import PortalRequiredMixin
from common.downloads import file_attachment
from common.exports import table_response
from common.forms import apply_service
from incentives import selectors, services
from incentives.access import statements_released_to
from incentives.forms import BankAccountForm, ClaimForm, FundRequestForm, StatementAnswerForm
from incentives.models import BankAccount, RequestStatus, StatementResponse
from incentives.statement_pdf import statement_pdf_response


class StatementListView(PortalRequiredMixin, ListView):
    template_name = "incentives/portal/statements.html"
    context_object_name = "statements"
    paginate_by = 24

    def get_queryset(self):
        return statements_released_to(self.request.user).order_by("-period")


class StatementDetailView(PortalRequiredMixin, DetailView):
    template_name = "incentives/portal/statement_detail.html"
    context_object_name = "statement"

    def get_queryset(self):
        return statements_released_to(self.request.user)

    def get_context_data(self, **kwargs):
        accruals, adjustments = selectors.statement_lines(self.object)
        return super().get_context_data(
            accruals=accruals,
            adjustments=adjustments,
            payout=getattr(self.object, "payout", None),
            responses=list(self.object.responses.select_related("responded_by", "resolved_by")),
            can_answer=services.can_answer(self.object),
            answer_form=kwargs.pop("answer_form", None) or StatementAnswerForm(),
            bank_account=BankAccount.objects.filter(partner_id=self.object.partner_id).first(),
            **kwargs,
        )


class StatementAnswerView(PortalRequiredMixin, View):
    """The partner confirms the statement (对账确认) or disputes it (异议) with a reason."""

    def post(self, request, pk):
        statement = get_object_or_404(statements_released_to(request.user), pk=pk)
        form = StatementAnswerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.statement_answer(
                    statement=statement, kind=data["kind"], reason=data["reason"], by=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if data["kind"] == StatementResponse.Kind.CONFIRMED:
                    messages.success(request, _("Thank you: the statement is confirmed."))
                else:
                    messages.success(
                        request, _("Your dispute was sent to Finance; the payment waits until it is resolved.")
                    )
        else:
            messages.error(request, _("Choose to confirm or to dispute the statement."))
        return redirect("incentives_portal:statement-detail", pk=statement.pk)


class StatementPdfView(PortalRequiredMixin, View):
    def get(self, request, pk):
        return statement_pdf_response(get_object_or_404(statements_released_to(request.user), pk=pk), request)


STATEMENT_HEADER = (
    gettext_lazy("Line"),
    gettext_lazy("Policy"),
    display.money_header_lazy(gettext_lazy("Basis")),
    gettext_lazy("Rate (%)"),
    display.money_header_lazy(gettext_lazy("Amount")),
    gettext_lazy("Explanation"),
)


def statement_rows(statement):
    accruals, adjustments = selectors.statement_lines(statement)
    for accrual in accruals:
        yield [
            _("Accrual"),
            accrual.policy.name,
            accrual.basis,
            accrual.rate or "",
            accrual.amount,
            accrual.explanation,
        ]
    for adjustment in adjustments:
        policy = adjustment.policy.name if adjustment.policy else ""
        yield [adjustment.get_kind_display(), policy, "", "", adjustment.amount, adjustment.reason]
    yield [_("Carried in"), "", "", "", statement.carried_in, ""]
    yield [_("Payable"), "", "", "", statement.payable, ""]
    if statement.carried_out:
        yield [_("Carried forward"), "", "", "", statement.carried_out, ""]


class StatementDownloadView(PortalRequiredMixin, View):
    """The statement's lines as CSV (default) or XLSX."""

    def get(self, request, pk):
        statement = get_object_or_404(statements_released_to(request.user), pk=pk)
        name = f"statement-{statement.partner.code}-{statement.period:%Y-%m}"
        return table_response(request, name, STATEMENT_HEADER, list(statement_rows(statement)))


class RebateAccountView(PortalRequiredMixin, ListView):
    template_name = "incentives/portal/rebate_account.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return selectors.rebate_entries_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(balance=services.rebate_balance(self.partner), **kwargs)


class FundListView(PortalRequiredMixin, ListView):
    template_name = "incentives/portal/funds.html"
    context_object_name = "funds"
    paginate_by = 12

    def get_queryset(self):
        return selectors.funds_for(user=self.request.user).order_by("-period")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requests=selectors.fund_requests_for(user=self.request.user).prefetch_related("claims__proofs")[:50],
            **kwargs,
        )


class FundRequestCreateView(PortalRequiredMixin, FormView):
    template_name = "incentives/portal/request_form.html"
    form_class = FundRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "funds": selectors.funds_for(user=self.request.user).order_by("-period")}

    def form_valid(self, form):
        data = form.cleaned_data
        request = apply_service(
            form,
            lambda: services.fund_request_submit(
                fund=data["fund"],
                activity=data["activity"],
                title=data["title"],
                plan=data["plan"],
                amount=data["amount"],
                by=self.request.user,
            ),
        )
        if request is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Request submitted."))
        return redirect("incentives_portal:funds")


class ClaimCreateView(PortalRequiredMixin, FormView):
    template_name = "incentives/portal/claim_form.html"
    form_class = ClaimForm

    def get_request(self):
        return get_object_or_404(
            selectors.fund_requests_for(user=self.request.user).filter(status=RequestStatus.APPROVED),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        fund_request = self.get_request()
        return super().get_context_data(
            fund_request=fund_request,
            available=fund_request.approved_amount - services.request_written_off(fund_request),
            **kwargs,
        )

    def form_valid(self, form):
        fund_request = self.get_request()
        data = form.cleaned_data
        claim = apply_service(
            form,
            lambda: services.fund_claim_submit(
                request=fund_request,
                amount=data["amount"],
                report=data["report"],
                files=data["files"],
                by=self.request.user,
            ),
        )
        if claim is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Claim submitted."))
        return redirect("incentives_portal:funds")


class BankAccountView(PortalRequiredMixin, FormView):
    """The partner's bank account for payments: the verified one, masked, and its pending change. The partner's
    admins submit a new account, which Finance verifies before any payment goes to it."""

    template_name = "incentives/portal/bank_account.html"
    form_class = BankAccountForm

    def get_form_kwargs(self):
        # The legal name is what the account name should be: offered as the starting value.
        return {**super().get_form_kwargs(), "initial": {"account_name": self.partner.legal_name}}

    def get_context_data(self, **kwargs):
        requests = list(self.partner.bank_account_changes.select_related("submitted_by", "decided_by")[:10])
        return super().get_context_data(
            account=BankAccount.objects.filter(partner=self.partner).first(),
            pending=next((change for change in requests if change.is_pending), None),
            requests=requests,
            can_submit=services.bank_account_may_submit(partner=self.partner, user=self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not services.bank_account_may_submit(partner=self.partner, user=request.user):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        change = apply_service(
            form,
            lambda: services.bank_account_change_submit(
                partner=self.partner, by=self.request.user, **form.cleaned_data
            ),
        )
        if change is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("Thank you. Finance will verify the new account; payments go to it after that.")
        )
        if not change.name_matches:
            messages.warning(
                self.request,
                _("The account name differs from your legal name (%(legal)s): Finance will ask you about it.")
                % {"legal": self.partner.legal_name},
            )
        return redirect("incentives_portal:bank-account")


class ProofDownloadView(PortalRequiredMixin, View):
    def get(self, request, pk):
        return file_attachment(get_object_or_404(selectors.proofs_for(user=request.user), pk=pk).file)
