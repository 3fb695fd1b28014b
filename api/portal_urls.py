"""Portal pages of the API, mounted under /portal/: a partner admin's tokens."""

from django.urls import path

from api import pages

app_name = "api_portal"

urlpatterns = [
    path("api/tokens/", pages.PortalTokenListView.as_view(), name="tokens"),
    path("api/tokens/new/", pages.PortalTokenCreateView.as_view(), name="token-create"),
    path("api/tokens/<int:pk>/revoke/", pages.PortalTokenRevokeView.as_view(), name="token-revoke"),
]
