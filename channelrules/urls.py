"""Internal pages, mounted at /channelrules/."""

from django.urls import path

from channelrules import views

app_name = "channelrules"

urlpatterns = [
    path("products/", views.ProductListView.as_view(), name="products"),
    path("products/new/", views.ProductCreateView.as_view(), name="product-create"),
    path("products/import/", views.ProductImportView.as_view(), name="product-import"),
    path("price-lists/", views.PriceListListView.as_view(), name="price-lists"),
    path("price-lists/new/", views.PriceListCreateView.as_view(), name="price-list-create"),
    path("price-lists/<int:pk>/", views.PriceListDetailView.as_view(), name="price-list-detail"),
    path("price-lists/<int:pk>/edit/", views.PriceListUpdateView.as_view(), name="price-list-edit"),
    path("price-lists/<int:pk>/lines/", views.PriceLineAddView.as_view(), name="price-line-add"),
    path("violations/", views.ViolationReportView.as_view(), name="violations"),
    path("violations/run/", views.ViolationRunView.as_view(), name="violations-run"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/incident/", views.FindingIncidentView.as_view(), name="finding-incident"),
    path("findings/<int:pk>/dismiss/", views.FindingDismissView.as_view(), name="finding-dismiss"),
    path("inventory/", views.InventoryView.as_view(), name="inventory"),
    path("inventory/reports/", views.InventoryReportsView.as_view(), name="inventory-reports"),
    path("shipments/import/", views.ShipmentImportView.as_view(), name="shipment-import"),
    path("thresholds/", views.ThresholdView.as_view(), name="thresholds"),
]
