from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners import models, services


@admin.register(models.Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(models.Tier)
class TierAdmin(SimpleHistoryAdmin):
    list_display = ("rank", "name", "annual_sales_threshold")
    search_fields = ("name", "benefits")
    list_filter = ("rank",)


@admin.register(models.ProductCategory)
class ProductCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    list_filter = ("code",)


class ContactInline(admin.TabularInline):
    model = models.Contact
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.PartnerMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(models.Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "channel_type", "tier", "region", "status", "manager", "joined_on")
    list_filter = ("status", "channel_type", "tier", "region__parent")
    search_fields = ("code", "name", "legal_name", "credit_code")
    list_select_related = ("tier", "region", "manager")
    autocomplete_fields = ("region", "manager")
    # The status moves through partners.services.partner_change_status (with a reason), not here.
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = (ContactInline, MembershipInline)


@admin.register(models.PartnerStatusChange)
class PartnerStatusChangeAdmin(admin.ModelAdmin):
    """Status changes are the lifecycle's own history: read-only, written only by the service."""

    list_display = ("partner", "from_status", "to_status", "changed_by", "changed_at")
    list_filter = ("to_status", "from_status")
    search_fields = ("partner__code", "partner__name", "reason")
    list_select_related = ("partner", "changed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "partner", "title", "email", "phone", "is_primary")
    list_filter = ("is_primary", "language")
    search_fields = ("name", "email", "phone", "partner__code", "partner__name")
    list_select_related = ("partner",)
    autocomplete_fields = ("partner",)


@admin.register(models.PartnerMembership)
class PartnerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "partner", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email", "partner__code", "partner__name")
    list_select_related = ("user", "partner")
    autocomplete_fields = ("user", "partner")


@admin.register(models.Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("number", "partner", "status", "start_on", "end_on", "auto_renew")
    list_filter = ("status", "auto_renew", "end_on")
    search_fields = ("number", "partner__code", "partner__name")
    list_select_related = ("partner",)
    autocomplete_fields = ("partner", "territory", "renewed_from")
    date_hierarchy = "end_on"


@admin.register(models.SalesRecord)
class SalesRecordAdmin(admin.ModelAdmin):
    """Sales lines are facts reported by partners and imports (up to millions of rows): they carry no row
    history; a correction is a new line (a return: a negative amount, naming the original sale when known),
    and `external_ref` traces each to its file."""

    list_display = (
        "date",
        "partner",
        "category",
        "amount",
        "quantity",
        "new_customers",
        "source",
        "kind",
        "external_ref",
        "original_ref",
    )
    list_filter = ("kind", "source", "category", "date")
    search_fields = ("external_ref", "original_ref", "partner__code", "partner__name")
    raw_id_fields = ("original",)
    list_select_related = ("partner", "category")
    autocomplete_fields = ("partner",)
    date_hierarchy = "date"
    show_full_result_count = False

    # Through the services, so that the monthly sales summary follows a correction or a delete.
    def save_model(self, request, obj, form, change):
        services.sales_record_save(record=obj)

    def delete_model(self, request, obj):
        services.sales_records_delete(records=models.SalesRecord.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.sales_records_delete(records=queryset)


@admin.register(models.Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_on", "partner", "kind", "next_step", "due_on", "done", "recorded_by")
    list_filter = ("kind", "done", "occurred_on")
    search_fields = ("notes", "next_step", "partner__code", "partner__name")
    list_select_related = ("partner", "recorded_by")
    autocomplete_fields = ("partner",)


@admin.register(models.ComplianceIncident)
class ComplianceIncidentAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_on", "partner", "kind", "severity", "status", "reported_by")
    list_filter = ("kind", "severity", "status")
    search_fields = ("description", "partner__code", "partner__name")
    list_select_related = ("partner", "reported_by")
    autocomplete_fields = ("partner",)


@admin.register(models.SalesImport)
class SalesImportAdmin(admin.ModelAdmin):
    """The import log is written by the import service only: read-only here."""

    list_display = ("created_at", "file_name", "uploaded_by", "partner", "source", "status", "rows_total", "bad_rows")
    list_filter = ("status", "source", "created_at")
    search_fields = ("file_name", "partner__code", "partner__name", "uploaded_by__username")
    list_select_related = ("uploaded_by", "partner")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
