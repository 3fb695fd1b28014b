"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from deals import portal_views

app_name = "deals_portal"

urlpatterns = [
    path("deals/", portal_views.PortalRegistrationListView.as_view(), name="registrations"),
    path("deals/new/", portal_views.PortalRegistrationCreateView.as_view(), name="register"),
    path("deals/<int:pk>/", portal_views.PortalRegistrationDetailView.as_view(), name="registration"),
    path("deals/<int:pk>/dispute/", portal_views.PortalDisputeView.as_view(), name="dispute"),
    path("deals/cases/", portal_views.PortalCaseListView.as_view(), name="cases"),
    path("deals/cases/<int:pk>/", portal_views.PortalCaseDetailView.as_view(), name="case"),
    path("leads/", portal_views.PortalLeadListView.as_view(), name="leads"),
    path("leads/<int:pk>/accept/", portal_views.PortalLeadAcceptView.as_view(), name="lead-accept"),
    path("leads/<int:pk>/decline/", portal_views.PortalLeadDeclineView.as_view(), name="lead-decline"),
]
