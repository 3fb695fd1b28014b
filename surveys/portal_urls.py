"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from surveys import portal_views

app_name = "surveys_portal"

urlpatterns = [
    path("surveys/", portal_views.PortalSurveysView.as_view(), name="home"),
    path("surveys/answer/<str:token>/", portal_views.PortalAnswerView.as_view(), name="answer"),
    path("surveys/customers/new/", portal_views.PortalRoundCreateView.as_view(), name="round-create"),
    path("surveys/customers/<int:pk>/", portal_views.PortalRoundView.as_view(), name="round"),
    path("surveys/customers/<int:pk>/qr.svg", portal_views.PortalRoundQRView.as_view(), name="round-qr"),
]
