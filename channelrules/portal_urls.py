"""Partner portal pages, mounted under /portal/."""

from django.urls import path

from channelrules import portal_views

app_name = "channelrules_portal"

urlpatterns = [
    path("channel/prices/", portal_views.PortalPricesView.as_view(), name="prices"),
    path("channel/prices.<str:fmt>", portal_views.PortalPricesDownloadView.as_view(), name="prices-download"),
    path("channel/inventory/", portal_views.PortalInventoryView.as_view(), name="inventory"),
    path(
        "channel/inventory/template.xlsx", portal_views.PortalInventoryTemplateView.as_view(), name="inventory-template"
    ),
    path("channel/inventory/upload/", portal_views.PortalInventoryUploadView.as_view(), name="inventory-upload"),
    path("channel/inventory/<int:pk>/", portal_views.PortalInventoryDetailView.as_view(), name="inventory-detail"),
]
