"""Internal pages of the API, mounted at /api/ beside /api/v1/ and /api/schema/."""

from django.urls import path

from api import pages

app_name = "api_pages"

urlpatterns = [
    path("docs/", pages.DocsView.as_view(), name="docs"),
    path("tokens/", pages.TokenListView.as_view(), name="tokens"),
    path("tokens/new/", pages.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="token-revoke"),
]
