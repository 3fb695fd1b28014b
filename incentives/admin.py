"""Admin views for operators. Amounts are computed by the services, so the admin only shows them;
policies change through their pages (which version them), and the rebate ledger is append-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from incentives import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = models.PolicyVersion
    extra = 0
    readonly_fields = ("number", "effective_from", "rules", "cap", "created_by", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.IncentivePolicy)
class PolicyAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("name", "kind", "period_length", "valid_from", "valid_to", "is_active", "updated_by")
    list_filter = ("kind", "period_length", "is_active")
    search_fields = ("name",)
    inlines = [VersionInline]


@admin.register(models.CalculationRun)
class CalculationRunAdmin(ReadOnlyAdmin):
    list_display = ("period", "source", "runs", "accruals", "adjustments", "finished_at", "triggered_by")


@admin.register(models.Accrual)
class AccrualAdmin(ReadOnlyAdmin):
    list_display = ("period", "partner", "policy", "amount", "status")
    list_filter = ("status", "policy")
    date_hierarchy = "period"
    list_select_related = ("partner", "policy")
    search_fields = ("partner__code", "partner__name")
    exclude = ("why",)  # stored as a message id with parameters; shown worded in the operator's language
    readonly_fields = ("explanation",)

    @admin.display(description=_("explanation"))
    def explanation(self, accrual):
        return accrual.explanation


@admin.register(models.Adjustment)
class AdjustmentAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("period", "partner", "kind", "amount", "status")
    list_filter = ("kind", "status")
    list_select_related = ("partner",)


@admin.register(models.Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("period", "partner", "accrual_total", "adjustment_total", "carried_in", "payable", "carried_out")
    list_select_related = ("partner",)
    search_fields = ("partner__code", "partner__name")


@admin.register(models.Payout)
class PayoutAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("period", "partner", "amount", "status", "settlement", "paid_on", "payment_reference")
    list_filter = ("status", "settlement")
    list_select_related = ("partner",)


@admin.register(models.RebateAccountEntry)
class RebateAccountEntryAdmin(ReadOnlyAdmin):
    list_display = ("partner", "sequence", "kind", "amount", "balance", "order_reference", "created_at")
    list_select_related = ("partner",)


@admin.register(models.Fund)
class FundAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("period", "partner", "basis", "budget")
    list_select_related = ("partner",)


@admin.register(models.FundRequest)
class FundRequestAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("title", "partner", "activity", "amount", "approved_amount", "status")
    list_filter = ("status", "activity")
    list_select_related = ("partner",)


@admin.register(models.FundClaim)
class FundClaimAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("request", "partner", "amount", "reimbursed_amount", "status")
    list_select_related = ("partner", "request")
