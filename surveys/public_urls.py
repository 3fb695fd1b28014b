"""The public customer survey, mounted at /survey/."""

from django.urls import path

from surveys import public_views

app_name = "surveys_public"

urlpatterns = [path("<str:token>/", public_views.PublicAnswerView.as_view(), name="answer")]
