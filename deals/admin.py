from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer, ReservedCustomer


@admin.register(ReservedCustomer)
class ReservedCustomerAdmin(SimpleHistoryAdmin):
    """The direct-sales list is kept here; the normalised name is computed by the service on save."""

    list_display = ("name", "credit_code", "note")
    search_fields = ("name", "credit_code")
    readonly_fields = ("name_key",)

    def save_model(self, request, obj, form, change):
        from deals import matching

        obj.name_key = matching.normalise_name(obj.name)
        obj.credit_code = matching.normalise_code(obj.credit_code)
        super().save_model(request, obj, form, change)


@admin.register(DealRegistration)
class DealRegistrationAdmin(SimpleHistoryAdmin):
    list_display = ("customer_name", "partner", "status", "protected_until", "submitted_at")
    list_filter = ("status", "conflict", "outside_territory")
    search_fields = ("customer_name", "credit_code", "partner__name")
    readonly_fields = [f.name for f in DealRegistration._meta.concrete_fields]

    def has_add_permission(self, request):
        return False  # registrations come from the portal, through the conflict check


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = ("customer_name", "region", "status", "partner", "created_at")
    list_filter = ("status", "source")
    search_fields = ("customer_name",)


@admin.register(LeadOffer)
class LeadOfferAdmin(admin.ModelAdmin):
    list_display = ("lead", "partner", "status", "offered_at", "deadline")
    list_filter = ("status",)


@admin.register(ConflictCase)
class ConflictCaseAdmin(SimpleHistoryAdmin):
    list_display = ("pk", "subject", "customer_name", "status", "opened_at")
    list_filter = ("status", "subject")
