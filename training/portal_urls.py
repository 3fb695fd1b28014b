"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from training import portal_views

app_name = "training_portal"

urlpatterns = [
    path("training/", portal_views.PortalTrainingView.as_view(), name="home"),
    path("training/certificates/", portal_views.PortalCertificatesView.as_view(), name="certificates"),
    path(
        "training/certificates/<int:pk>/pdf/", portal_views.PortalCertificatePdfView.as_view(), name="certificate-pdf"
    ),
    path("training/sessions/", portal_views.PortalSessionsView.as_view(), name="sessions"),
    path("training/sessions/<int:pk>/register/", portal_views.PortalRegisterView.as_view(), name="register"),
    path("training/enrollments/<int:pk>/cancel/", portal_views.PortalCancelView.as_view(), name="cancel"),
]
