from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongzhi.audit import display
from gongzhi.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, even for superusers."""

    list_display = ["created_at", "actor_name", "action", "outcome", "target"]
    list_select_related = ["actor"]
    list_filter = ["action", "outcome", "target_type"]
    search_fields = ["actor_username", "actor__display_name", "target_repr", "target_id"]
    date_hierarchy = "created_at"

    @admin.display(description=_("操作人"))
    def actor_name(self, entry):
        return display.actor_text(entry)

    @admin.display(description=_("对象"))
    def target(self, entry):
        return display.target_text(entry)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
