from django.contrib import admin

from surveys.models import Question, SurveyRound, SurveySchedule, SurveyTemplate, SurveyVersion


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0

    def has_change_permission(self, request, obj=None):
        # The questions of a version a round has asked are what its answers mean: a change is a new version.
        return super().has_change_permission(request, obj) and not (obj and obj.rounds.exists())

    has_delete_permission = has_change_permission


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "audience", "min_answers")


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin):
    list_display = ("template", "number", "created_at")
    inlines = [QuestionInline]


@admin.register(SurveySchedule)
class SurveyScheduleAdmin(admin.ModelAdmin):
    list_display = ("template", "every_months", "next_on", "open_days", "active")


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "partner", "opens_on", "closes_on", "status")
    list_filter = ("audience", "status")
    readonly_fields = ("public_token",)
