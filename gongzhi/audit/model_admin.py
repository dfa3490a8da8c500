"""Django admin for superusers: every save and delete, inline rows too, goes to the audit trail."""

from django.contrib import admin

from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import field_value

SKIPPED = {"created_at", "updated_at", "password", "digest"}


def _snapshot(obj) -> dict:
    return {f.name: field_value(obj, f.name) for f in obj._meta.concrete_fields
            if f.name not in SKIPPED}


def _audit_save(request, obj, before: dict | None) -> None:
    after = _snapshot(obj)
    if before is None:
        audit_change(actor=request.user, instance=obj, action="create", before={}, after=after)
        return
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed:
        audit_change(actor=request.user, instance=obj, action="update",
                     before={k: before.get(k) for k in changed}, after=changed)


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = _snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        _audit_save(request, obj, before)

    def delete_model(self, request, obj):
        audit_change(actor=request.user, instance=obj, action="delete",
                     before=_snapshot(obj), after={})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        befores = {obj.pk: _snapshot(obj) for obj in model._default_manager.filter(
            pk__in=[f.instance.pk for f in formset.forms if f.instance.pk])}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_change(actor=request.user, instance=obj, action="delete",
                         before=befores.get(obj.pk, _snapshot(obj)), after={})
            obj.delete()
        for obj in instances:
            before = befores.get(obj.pk) if obj.pk else None
            obj.save()
            _audit_save(request, obj, before)
        formset.save_m2m()
