from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config import views

APPS = ("partners", "recruitment", "training", "surveys", "deals", "channelrules", "evaluations", "incentives")
# Apps with internal pages only (no portal URLs).
INTERNAL_APPS = ("plans",)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("portal/", views.PortalHomeView.as_view(), name="portal-home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Accounts: Django's views with our templates; login goes through django-axes' throttle.
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("config.api_urls")),
    path("api/", include("api.urls")),
    path("portal/", include("api.portal_urls")),
    path("apply/", include("recruitment.public_urls")),
    path("survey/", include("surveys.public_urls")),
]
urlpatterns += [path(f"{app}/", include(f"{app}.urls")) for app in APPS]
urlpatterns += [path(f"{app}/", include(f"{app}.urls")) for app in INTERNAL_APPS]
urlpatterns += [path("portal/", include(f"{app}.portal_urls")) for app in APPS]
# Uploads (MEDIA_ROOT) are never served by URL, not even with DEBUG on: every file leaves through a view
# that checks who is asking (common/downloads.py).
