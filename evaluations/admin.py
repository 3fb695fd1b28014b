from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations import card_writes, models


class KPIInline(admin.TabularInline):
    model = models.KPI
    extra = 0


class GradeBandInline(admin.TabularInline):
    model = models.GradeBand
    extra = 0


@admin.register(models.ScorecardTemplate)
class ScorecardTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default"]
    inlines = [KPIInline, GradeBandInline]


@admin.register(models.TemplateAssignment)
class TemplateAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["channel_type", "template"]


@admin.register(models.Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "period", "amount"]
    list_filter = ["period"]
    list_select_related = ["partner"]
    raw_id_fields = ["partner"]


@admin.register(models.ManualKPIValue)
class ManualKPIValueAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "period", "value"]
    raw_id_fields = ["partner"]


@admin.register(models.EvaluationCycle)
class EvaluationCycleAdmin(SimpleHistoryAdmin):
    list_display = ["period", "status", "partner_count", "calculated_at", "published_at"]
    # Status changes go through the services (publish, reopen), never through the admin form.
    readonly_fields = ["status", "calculation_started_at", "calculated_at", "published_at", "published_by"]


class ScorecardLineInline(admin.TabularInline):
    model = models.ScorecardLine
    extra = 0
    can_delete = False
    # Every field: a line is what the cycle computed (and its card's inputs digest vouches for), never edited.
    readonly_fields = ["kind", *card_writes.LINE_FIELDS]


@admin.register(models.Scorecard)
class ScorecardAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "partner", "total", "grade", "rank"]
    list_filter = ["cycle", "grade", "channel_type"]
    list_select_related = ["cycle", "partner"]
    readonly_fields = [
        "cycle",
        "partner",
        "template",
        "channel_type",
        "total",
        "grade",
        "rank",
        "ranked_among",
        "sales",
        "target",
        "calculated_at",
    ]
    inlines = [ScorecardLineInline]


@admin.register(models.PeriodEvaluation)
class PeriodEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["period", "length", "status", "partner_count", "calculated_at", "published_at"]
    list_filter = ["length", "status"]
    # Made and published through the services, never through the admin form.
    readonly_fields = ["length", "period", "status", "calculated_at", "published_at", "published_by", "partner_count"]


class PeriodScorecardLineInline(admin.TabularInline):
    model = models.PeriodScorecardLine
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "label", "raw_value", "points", "weight", "contribution", "from_months", "position"]


@admin.register(models.PeriodScorecard)
class PeriodScorecardAdmin(SimpleHistoryAdmin):
    list_display = ["evaluation", "partner", "total", "grade", "rank"]
    list_filter = ["evaluation", "grade", "channel_type"]
    list_select_related = ["evaluation", "partner"]
    readonly_fields = [f.name for f in models.PeriodScorecard._meta.fields]
    inlines = [PeriodScorecardLineInline]
