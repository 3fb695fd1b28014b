"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from partners import portal_views as views

app_name = "partners_portal"

urlpatterns = [
    path("partners/profile/", views.ProfileView.as_view(), name="profile"),
    path("partners/contacts/", views.ContactListView.as_view(), name="contacts"),
    path("partners/contacts/new/", views.ContactFormView.as_view(), name="contact-create"),
    path("partners/contacts/<int:pk>/edit/", views.ContactFormView.as_view(), name="contact-edit"),
    path("partners/agreements/", views.AgreementListView.as_view(), name="agreements"),
    path("partners/agreements/<int:pk>/file/", views.AgreementFileView.as_view(), name="agreement-file"),
    path("partners/sales/", views.SalesView.as_view(), name="sales"),
]
