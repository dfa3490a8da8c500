"""Categories and the holiday calendar are data, kept by system administrators (audited).
Requests themselves change only through the services, so they are read-only here."""

from django.contrib import admin

from gongzhi.audit.model_admin import AuditedModelAdmin
from gongzhi.casework.models import CalendarDay, Case, Category


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = ["name", "community", "group", "accept_days", "resolve_days", "accept_hours",
                    "resolve_hours", "is_public",
                    "default_handler"]
    list_filter = ["group", "is_public", "community"]
    search_fields = ["name"]
    raw_id_fields = ["default_handler"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "community", "category", "building", "status", "handler", "created_at"]
    list_filter = ["status", "channel", "community"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
