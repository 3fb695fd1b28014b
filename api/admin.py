from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are made in the pages (their secret is shown once there); the admin shows and can revoke them by
    setting the revocation time, never their secret (only a digest is stored)."""

    list_display = ["name", "prefix", "user", "partner", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username", "partner__code", "partner__name"]
    readonly_fields = ["prefix", "user", "partner", "created_by", "created_at", "last_used_at", "revoked_by"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False
