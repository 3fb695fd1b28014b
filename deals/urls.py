"""Internal pages, mounted at /deals/."""

from django.urls import path

from deals import views

app_name = "deals"

urlpatterns = [
    path("registrations/", views.RegistrationListView.as_view(), name="registrations"),
    path("registrations/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration-detail"),
    path("registrations/<int:pk>/approve/", views.RegistrationApproveView.as_view(), name="registration-approve"),
    path("registrations/<int:pk>/reject/", views.RegistrationRejectView.as_view(), name="registration-reject"),
    path("registrations/<int:pk>/extend/", views.RegistrationExtendView.as_view(), name="registration-extend"),
    path("registrations/<int:pk>/close/", views.RegistrationCloseView.as_view(), name="registration-close"),
    path("leads/", views.LeadListView.as_view(), name="leads"),
    path("leads/new/", views.LeadCreateView.as_view(), name="lead-create"),
    path("leads/import/", views.LeadImportView.as_view(), name="lead-import"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead-detail"),
    path("leads/<int:pk>/reoffer/", views.LeadReofferView.as_view(), name="lead-reoffer"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/investigate/", views.CaseInvestigateView.as_view(), name="case-investigate"),
    path("cases/<int:pk>/resolve/", views.CaseResolveView.as_view(), name="case-resolve"),
]
