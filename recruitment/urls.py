"""Internal pages, mounted at /recruitment/."""

from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/move/", views.ApplicationMoveView.as_view(), name="application-move"),
    path(
        "applications/<int:pk>/move/<str:stage>/",
        views.ApplicationMoveConfirmView.as_view(),
        name="application-move-confirm",
    ),
    path("applications/<int:pk>/owner/", views.ApplicationAssignView.as_view(), name="application-assign"),
    path("applications/<int:pk>/assessment/", views.ApplicationAssessView.as_view(), name="application-assess"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign-create"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="campaign-update"),
    path("campaigns/<int:pk>/criteria/", views.CampaignCriteriaView.as_view(), name="campaign-criteria"),
    path("campaigns/<int:pk>/funnel/", views.CampaignFunnelView.as_view(), name="campaign-funnel"),
]
