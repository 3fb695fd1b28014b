"""Internal pages, mounted at /partners/."""

from django.urls import path

from partners import views
from partners.imports import views as imports

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("export.csv", views.PartnerExportView.as_view(), name="export"),
    path("new/", views.PartnerCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PartnerEditView.as_view(), name="edit"),
    path("<int:pk>/status/", views.PartnerStatusView.as_view(), name="status"),
    path("<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", views.ContactEditView.as_view(), name="contact-edit"),
    path("<int:pk>/agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("agreements/", views.AgreementListView.as_view(), name="agreements"),
    path("agreements/<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement-edit"),
    path("agreements/<int:pk>/file/", views.AgreementFileView.as_view(), name="agreement-file"),
    path("<int:pk>/interactions/new/", views.InteractionCreateView.as_view(), name="interaction-create"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="follow-ups"),
    path("interactions/<int:pk>/edit/", views.InteractionEditView.as_view(), name="interaction-edit"),
    path("<int:pk>/incidents/new/", views.IncidentCreateView.as_view(), name="incident-create"),
    path("incidents/<int:pk>/edit/", views.IncidentEditView.as_view(), name="incident-edit"),
    path("sales-import/", imports.SalesImportView.as_view(), name="sales-import"),
    path("sales-import/<int:pk>/", imports.SalesImportDetailView.as_view(), name="sales-import-detail"),
    path("sales-import/template.<str:fmt>", imports.SalesTemplateView.as_view(), name="sales-import-template"),
]
