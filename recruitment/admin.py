from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recruitment.models import Application, Campaign, CampaignGoal, ScreeningCriterion, StageChange


class GoalInline(admin.TabularInline):
    model = CampaignGoal
    extra = 0


class CriterionInline(admin.TabularInline):
    model = ScreeningCriterion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on", "owner"]
    search_fields = ["name", "slug"]
    inlines = [GoalInline, CriterionInline]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "note", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Read-mostly: stages move only through the pipeline pages, which record every move."""

    list_display = ["company_name", "credit_code", "campaign", "stage", "score", "owner", "submitted_at"]
    list_filter = ["stage", "campaign", "channel_type", "is_possible_duplicate"]
    search_fields = ["company_name", "legal_name", "credit_code", "email"]
    readonly_fields = ["stage", "stage_entered_at", "partner", "match_score", "score", "score_breakdown", "duplicates"]
    inlines = [StageChangeInline]
