from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.models import JobRun, OutboxMessage
from common.outbox import outbox_relay


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "started_at", "finished_at")
    list_filter = ("name",)
    readonly_fields = ("name", "started_at", "finished_at", "summary")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task_name", "args", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "task_name")
    search_fields = ("task_name", "key")
    readonly_fields = ("task_name", "args", "key", "status", "attempts", "last_error", "created_at", "sent_at")
    actions = ["relay_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected pending messages now"))
    def relay_now(self, request, queryset):
        sent = sum(bool(outbox_relay(message_id=pk)) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)s message(s) sent.") % {"count": sent})
