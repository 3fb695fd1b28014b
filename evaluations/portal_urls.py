"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from evaluations import portal_views

app_name = "evaluations_portal"

urlpatterns = [
    path("evaluations/scorecards/", portal_views.PortalScorecardListView.as_view(), name="scorecard-list"),
    path("evaluations/scorecards/<str:period>/", portal_views.PortalScorecardView.as_view(), name="scorecard"),
    path("evaluations/periods/", portal_views.PortalPeriodScorecardListView.as_view(), name="period-scorecard-list"),
    path("evaluations/periods/<str:label>/", portal_views.PortalPeriodScorecardView.as_view(), name="period-scorecard"),
]
