"""Internal pages, mounted at /plans/."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("new/", views.PlanCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/approve/", views.PlanApproveView.as_view(), name="approve"),
    path("<int:pk>/close/", views.PlanCloseView.as_view(), name="close"),
    path("<int:pk>/goals/new/", views.GoalFormView.as_view(), name="goal-create"),
    path("goals/<int:goal_pk>/edit/", views.GoalFormView.as_view(), name="goal-edit"),
    path("<int:pk>/coverage/", views.CoverageView.as_view(), name="coverage"),
    path("<int:pk>/budget/new/", views.BudgetLineCreateView.as_view(), name="budget-line-create"),
    path("budget/<int:pk>/spend/", views.SpendAddView.as_view(), name="spend-add"),
    path("spend/<int:pk>/document/", views.SpendDocumentView.as_view(), name="spend-document"),
    path("risks/", views.RiskListView.as_view(), name="risks"),
    path("<int:pk>/risks/new/", views.RiskFormView.as_view(), name="risk-create"),
    path("risks/<int:risk_pk>/edit/", views.RiskFormView.as_view(), name="risk-edit"),
    path("<int:pk>/reviews/new/", views.ReviewCreateView.as_view(), name="review-create"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/review.pdf", views.ReviewPdfView.as_view(), name="review-pdf"),
    path("reviews/<int:pk>/close/", views.ReviewCloseView.as_view(), name="review-close"),
    path("market-size/", views.MarketSizeView.as_view(), name="market-size"),
]
