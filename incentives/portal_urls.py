"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from incentives import portal_views as views

app_name = "incentives_portal"

urlpatterns = [
    path("incentives/statements/", views.StatementListView.as_view(), name="statements"),
    path("incentives/statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement-detail"),
    path("incentives/statements/<int:pk>/download/", views.StatementDownloadView.as_view(), name="statement-download"),
    path("incentives/statements/<int:pk>/pdf/", views.StatementPdfView.as_view(), name="statement-pdf"),
    path("incentives/statements/<int:pk>/answer/", views.StatementAnswerView.as_view(), name="statement-answer"),
    path("incentives/rebate-account/", views.RebateAccountView.as_view(), name="rebate-account"),
    path("incentives/bank-account/", views.BankAccountView.as_view(), name="bank-account"),
    path("incentives/funds/", views.FundListView.as_view(), name="funds"),
    path("incentives/funds/request/", views.FundRequestCreateView.as_view(), name="request-create"),
    path("incentives/fund-requests/<int:pk>/claim/", views.ClaimCreateView.as_view(), name="claim-create"),
    path("incentives/proofs/<int:pk>/", views.ProofDownloadView.as_view(), name="proof"),
]
