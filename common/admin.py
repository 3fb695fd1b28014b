from django.contrib import admin

from common.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "started_at", "finished_at")
    list_filter = ("name",)
    readonly_fields = ("name", "started_at", "finished_at", "summary")
