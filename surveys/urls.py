"""Internal pages, mounted at /surveys/."""

from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("rounds/", views.RoundListView.as_view(), name="rounds"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("rounds/<int:pk>/answers.csv", views.RoundExportView.as_view(), name="round-export"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round-close"),
    path("rounds/<int:pk>/qr.svg", views.RoundQRView.as_view(), name="round-qr"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("schedule/open-now/", views.ScheduleOpenNowView.as_view(), name="schedule-open-now"),
]
