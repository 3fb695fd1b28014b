"""Internal pages, mounted at /incentives/."""

from django.urls import path

from incentives import payment_views, views
from incentives.models import FundClaim, FundRequest

app_name = "incentives"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="policies"),
    path("policies/new/", views.PolicyCreateView.as_view(), name="policy-create"),
    path("policies/<int:pk>/", views.PolicyDetailView.as_view(), name="policy-detail"),
    path("policies/<int:pk>/edit/", views.PolicyEditView.as_view(), name="policy-edit"),
    path("calculate/", views.CalculateView.as_view(), name="calculate"),
    path("calculate/<str:period>/progress/", views.CalculationProgressView.as_view(), name="calculate-progress"),
    path("accruals/", views.AccrualListView.as_view(), name="accruals"),
    path("statements/", views.StatementListView.as_view(), name="statements"),
    path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement-detail"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("payouts/approve/", views.PayoutBulkApproveView.as_view(), name="payouts-approve"),
    path("payouts/<int:pk>/approve/", views.PayoutApproveView.as_view(), name="payout-approve"),
    path("payouts/<int:pk>/settle/", views.PayoutSettleView.as_view(), name="payout-settle"),
    path("payouts/export/", views.PayoutExportView.as_view(), name="payouts-export"),
    path("payouts/settle/", payment_views.PayoutBulkSettleView.as_view(), name="payouts-settle"),
    path("payouts/bank-file/", payment_views.BankFileView.as_view(), name="bank-file"),
    path("bank-accounts/<int:pk>/", payment_views.BankAccountView.as_view(), name="bank-account"),
    path("bank-account-changes/", payment_views.BankAccountChangeListView.as_view(), name="bank-changes"),
    path(
        "bank-account-changes/<int:pk>/verify/",
        payment_views.BankAccountChangeVerifyView.as_view(),
        name="bank-change-verify",
    ),
    path(
        "bank-account-changes/<int:pk>/reject/",
        payment_views.BankAccountChangeRejectView.as_view(),
        name="bank-change-reject",
    ),
    path("statements/<int:pk>/pdf/", payment_views.StatementPdfView.as_view(), name="statement-pdf"),
    path("disputes/", payment_views.DisputeListView.as_view(), name="disputes"),
    path("disputes/<int:pk>/resolve/", payment_views.DisputeResolveView.as_view(), name="dispute-resolve"),
    path("adjustments/new/", views.AdjustmentCreateView.as_view(), name="adjustment-create"),
    path("rebate-accounts/", views.RebateAccountListView.as_view(), name="rebate-accounts"),
    path("rebate-accounts/<int:pk>/", views.RebateAccountView.as_view(), name="rebate-account"),
    path("rebate-entries/<int:pk>/reverse/", views.RebateReverseView.as_view(), name="rebate-reverse"),
    path("funds/", views.FundListView.as_view(), name="funds"),
    path("funds/new/", views.FundCreateView.as_view(), name="fund-create"),
    path("funds/<int:pk>/", views.FundDetailView.as_view(), name="fund-detail"),
    path("fund-requests/<int:pk>/decide/", views.DecideView.as_view(model=FundRequest), name="request-decide"),
    path("fund-claims/<int:pk>/decide/", views.DecideView.as_view(model=FundClaim), name="claim-decide"),
    path("proofs/<int:pk>/", views.ProofDownloadView.as_view(), name="proof"),
]
