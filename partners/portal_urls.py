"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from partners import portal_views as views
from partners.imports import views as imports

app_name = "partners_portal"

urlpatterns = [
    path("partners/profile/", views.ProfileView.as_view(), name="profile"),
    path("partners/contacts/", views.ContactListView.as_view(), name="contacts"),
    path("partners/contacts/new/", views.ContactFormView.as_view(), name="contact-create"),
    path("partners/contacts/<int:pk>/edit/", views.ContactFormView.as_view(), name="contact-edit"),
    path("partners/agreements/", views.AgreementListView.as_view(), name="agreements"),
    path("partners/agreements/<int:pk>/file/", views.AgreementFileView.as_view(), name="agreement-file"),
    path("partners/sales/", views.SalesView.as_view(), name="sales"),
    path("partners/sales/upload/", imports.PortalSalesUploadView.as_view(), name="sales-upload"),
    path("partners/sales/imports/<int:pk>/", imports.PortalSalesImportDetailView.as_view(), name="sales-import-detail"),
    path("partners/sales/template.<str:fmt>", imports.PortalSalesTemplateView.as_view(), name="sales-template"),
]
