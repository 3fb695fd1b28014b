"""Finance's payment pages (mounted at /incentives/): bulk mark-paid, the bank payment file, partners' bank
accounts and the changes to verify, statement disputes and the statement PDF. Views only call `incentives.services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from common import display, history
from common.access import InternalRequiredMixin
from common.confirm import confirmation_page
from common.exports import table_response
from common.forms import apply_service
from incentives import selectors, services
from incentives.banking import masked
from incentives.forms import BankAccountForm, BankAccountRejectForm, BulkSettleForm, ResolveForm
from incentives.models import BankAccount, BankAccountChange, LineStatus, StatementResponse
from incentives.statement_pdf import statement_pdf_response
from partners.models import Partner


class PayoutBulkSettleView(InternalRequiredMixin, View):
    """The ticked approved payouts marked paid by bank, all or nothing; a refusal lists every payout and why."""

    permission_required = "incentives.settle_payout"

    def post(self, request):
        form = BulkSettleForm(request.POST)
        back = f"{reverse('incentives:approvals')}?status={LineStatus.APPROVED}"
        if not form.is_valid():
            messages.error(request, _("Enter the date paid."))
            return redirect(back)
        ids = [value for value in request.POST.getlist("payout") if value.isdigit()]
        payouts = list(selectors.payouts_for(user=request.user).filter(pk__in=ids))
        if not payouts:
            messages.error(request, _("Tick the payouts to mark paid."))
            return redirect(back)
        settled, refused = services.payouts_settle(
            payouts=payouts,
            by=request.user,
            paid_on=form.cleaned_data["paid_on"],
            references=form.references(request.POST),
            batch_reference=form.cleaned_data["batch_reference"],
        )
        if refused:
            messages.error(request, _("No payout was marked paid, because of these:"))
            for payout, reasons in refused.items():
                messages.error(
                    request,
                    _("%(partner)s, %(month)s: %(reasons)s")
                    % {
                        "partner": payout.partner.name,
                        "month": display.month(payout.period),
                        "reasons": " ".join(reasons),
                    },
                )
        else:
            messages.success(request, _("%(count)d payouts marked paid.") % {"count": len(settled)})
        return redirect(back)


BANK_FILE_HEADER = (
    gettext_lazy("Month"),
    gettext_lazy("Statement number"),
    gettext_lazy("Partner code"),
    gettext_lazy("Partner"),
    gettext_lazy("Account name"),
    gettext_lazy("Bank name"),
    gettext_lazy("Branch"),
    gettext_lazy("Account number"),
    display.money_header_lazy(gettext_lazy("Amount")),
)


class BankFileView(InternalRequiredMixin, View):
    """Approved payouts to pay by bank, with each partner's whole account: Finance's file for the bank.

    The only place an account number leaves unmasked. A disputed statement or a payout of 0.00 is left out:
    neither is to be paid now.
    """

    permission_required = ("incentives.settle_payout", "incentives.view_bankaccount")

    def get(self, request):
        payouts = (
            selectors.payouts_for(user=request.user)
            .filter(status=LineStatus.APPROVED, amount__gt=0)
            .exclude(
                statement__responses__kind=StatementResponse.Kind.DISPUTED,
                statement__responses__resolved_at__isnull=True,
            )
            .select_related("partner__bank_account")
            .order_by("period", "partner__code")
        )

        def rows():
            for payout in payouts.iterator(chunk_size=2000):
                account = getattr(payout.partner, "bank_account", None)
                yield [
                    f"{payout.period:%Y-%m}",
                    payout.statement.number,
                    payout.partner.code,
                    payout.partner.name,
                    account.account_name if account else "",
                    account.bank_name if account else "",
                    account.branch if account else "",
                    account.account_number if account else "",
                    payout.amount,
                ]

        return table_response(request, "bank-payments", BANK_FILE_HEADER, rows())


class BankAccountView(InternalRequiredMixin, FormView):
    """A partner's verified bank account, masked, its pending change and its history. Finance submits a new
    account here too; like a partner's, it waits for another Finance user's verification."""

    permission_required = "incentives.view_bankaccount"
    form_class = BankAccountForm
    template_name = "incentives/bank_account.html"

    @cached_property
    def partner(self):
        return get_object_or_404(Partner, pk=self.kwargs["pk"])

    @cached_property
    def account(self):
        return BankAccount.objects.filter(partner=self.partner).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.account:
            # The form never carries the whole number back to the page: Finance types it again to change it.
            kwargs["initial"] = {
                "bank_name": self.account.bank_name,
                "branch": self.account.branch,
                "account_name": self.account.account_name,
            }
        return kwargs

    def get_context_data(self, **kwargs):
        records = (
            BankAccount.history.filter(partner_id=self.partner.pk).select_related("history_user")
            if self.account
            else []
        )
        return super().get_context_data(
            partner=self.partner,
            account=self.account,
            changes=masked_changes(records),
            requests=self.partner.bank_account_changes.select_related("submitted_by", "decided_by")[:20],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("incentives.change_bankaccount"):
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
        messages.success(self.request, _("Change recorded: payments use it once another Finance user verifies it."))
        return redirect("incentives:bank-account", pk=self.partner.pk)


class BankAccountChangeListView(InternalRequiredMixin, ListView):
    """Bank account changes waiting for verification (the default), or all of them, newest first."""

    permission_required = "incentives.view_bankaccountchange"
    template_name = "incentives/bank_changes.html"
    context_object_name = "changes"
    paginate_by = 25

    def get_queryset(self):
        show = self.request.GET.get("show", "pending")
        self.show = show if show in ("pending", "all") else "pending"
        changes = BankAccountChange.objects.select_related(
            "partner__bank_account", "submitted_by", "decided_by"
        ).order_by("-submitted_at", "-pk")
        if self.show == "pending":
            changes = changes.filter(status=BankAccountChange.Status.PENDING)
        return changes

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class _BankAccountChangeDecisionView(InternalRequiredMixin, View):
    """GET: the confirmation page saying what the decision does; POST: the decision."""

    permission_required = "incentives.change_bankaccount"

    @cached_property
    def change(self):
        return get_object_or_404(
            BankAccountChange.objects.select_related("partner__bank_account", "submitted_by"), pk=self.kwargs["pk"]
        )

    def back(self):
        return redirect("incentives:bank-changes")

    def consequences(self) -> list[str]:
        change = self.change
        current = getattr(change.partner, "bank_account", None)
        lines = [
            _("%(partner)s: %(bank)s %(branch)s, %(name)s, %(number)s, submitted by %(who)s.")
            % {
                "partner": change.partner.name,
                "bank": change.bank_name,
                "branch": change.branch,
                "name": change.account_name,
                "number": change.masked_number,
                "who": display.person(change.submitted_by) or "—",
            },
            _("Payments now go to %(current)s.") % {"current": current or _("no account yet")},
        ]
        if not change.name_matches:
            lines.append(
                _("Warning: the account name differs from the partner's legal name (%(legal)s).")
                % {"legal": change.partner.legal_name}
            )
        return lines


class BankAccountChangeVerifyView(_BankAccountChangeDecisionView):
    def get(self, request, pk):
        return confirmation_page(
            request,
            title=_("Verify the bank account change"),
            consequences=[
                *self.consequences(),
                _("Verify only after checking the account with the partner through a channel you trust."),
                _("From now on, the bank payment file pays this account."),
            ],
            action=_("Verify the account"),
            cancel_url=reverse("incentives:bank-changes"),
        )

    def post(self, request, pk):
        try:
            services.bank_account_change_verify(change=self.change, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Account verified: payments go to it from now on."))
        return self.back()


class BankAccountChangeRejectView(_BankAccountChangeDecisionView):
    def page(self, request, form):
        return confirmation_page(
            request,
            title=_("Reject the bank account change"),
            consequences=[*self.consequences(), _("Payments keep going to the verified account.")],
            action=_("Reject the change"),
            cancel_url=reverse("incentives:bank-changes"),
            danger=True,
            form=form,
        )

    def get(self, request, pk):
        return self.page(request, BankAccountRejectForm())

    def post(self, request, pk):
        form = BankAccountRejectForm(request.POST)
        if not form.is_valid():
            return self.page(request, form)
        try:
            services.bank_account_change_reject(change=self.change, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Change rejected: payments keep going to the verified account."))
        return self.back()


def masked_changes(records):
    """The account's history with the account number masked on both sides of every change."""
    label = str(BankAccount._meta.get_field("account_number").verbose_name)
    result = history.changes(records)
    for change in result:
        change.fields = [
            history.FieldChange(f.field, masked(f.before) or f.before, masked(f.after) or f.after)
            if f.field == label
            else f
            for f in change.fields
        ]
    return result


class DisputeListView(InternalRequiredMixin, ListView):
    """Statements partners dispute: the open ones first, then the resolved ones."""

    permission_required = "incentives.view_statement"
    template_name = "incentives/disputes.html"
    paginate_by = 25
    context_object_name = "disputes"

    def get_queryset(self):
        statements = selectors.statements_for(user=self.request.user)
        show = self.request.GET.get("show", "open")
        self.show = show if show in ("open", "all") else "open"
        disputes = StatementResponse.objects.filter(
            kind=StatementResponse.Kind.DISPUTED, statement__in=statements
        ).select_related("statement__partner", "statement__payout", "responded_by", "resolved_by")
        if self.show == "open":
            disputes = disputes.filter(resolved_at__isnull=True)
        return disputes.order_by("-responded_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class DisputeResolveView(InternalRequiredMixin, View):
    permission_required = "incentives.settle_payout"

    def post(self, request, pk):
        statements = selectors.statements_for(user=request.user)
        response = get_object_or_404(StatementResponse.objects.filter(statement__in=statements), pk=pk)
        form = ResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say how the dispute was resolved."))
        else:
            try:
                services.dispute_resolve(response=response, resolution=form.cleaned_data["resolution"], by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Dispute resolved: the statement can be paid."))
        return redirect("incentives:statement-detail", pk=response.statement_id)


class StatementPdfView(InternalRequiredMixin, View):
    permission_required = "incentives.view_statement"

    def get(self, request, pk):
        return statement_pdf_response(get_object_or_404(selectors.statements_for(user=request.user), pk=pk), request)
