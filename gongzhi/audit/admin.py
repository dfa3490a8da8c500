from django.contrib import admin

from gongzhi.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, even for superusers."""

    list_display = ["created_at", "actor_username", "action", "outcome", "target_type",
                    "target_repr"]
    list_filter = ["action", "outcome", "target_type"]
    search_fields = ["actor_username", "target_repr", "target_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
