from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from channelrules import models


class PriceListLineInline(admin.TabularInline):
    model = models.PriceListLine
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(models.Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "category", "unit", "active"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name"]


@admin.register(models.PriceList)
class PriceListAdmin(SimpleHistoryAdmin):
    list_display = ["name", "tier", "channel_type", "valid_from", "valid_to"]
    inlines = [PriceListLineInline]


@admin.register(models.Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["sold_on", "partner", "kind", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["sale", "incident"]


@admin.register(models.InventoryReport)
class InventoryReportAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "period", "submitted_at", "late"]


@admin.register(models.Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ["external_ref", "partner", "product", "shipped_on", "quantity"]
