"""Django admin for superusers: every save and delete is written to the audit trail too."""

from django.contrib import admin

from gongzhi.audit.services import audit_change
from gongzhi.core.services import field_value


def _snapshot(obj) -> dict:
    return {f.name: field_value(obj, f.name) for f in obj._meta.concrete_fields
            if f.name not in {"created_at", "updated_at", "password"}}


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = _snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        after = _snapshot(obj)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit_change(actor=request.user, instance=obj, action="update" if change else "create",
                     before={k: before.get(k) for k in changed} if change else {},
                     after=changed)

    def delete_model(self, request, obj):
        audit_change(actor=request.user, instance=obj, action="delete",
                     before=_snapshot(obj), after={})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
