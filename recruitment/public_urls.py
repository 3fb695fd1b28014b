"""Public pages (no login), mounted at /apply/."""

from django.urls import path

from recruitment import public_views

app_name = "apply"

urlpatterns = [
    path("", public_views.ApplyView.as_view(), name="form"),
    path("thanks/", public_views.ThanksView.as_view(), name="thanks"),
    path("<slug:slug>/", public_views.ApplyView.as_view(), name="campaign"),
]
