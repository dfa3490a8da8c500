"""Write helpers every domain service uses: validate, save with update_fields, audit.

A service decides *whether* a change is allowed; these helpers make sure that every change is
validated the same way and leaves the same audit trail (before and after).
"""

from django.core.exceptions import ValidationError
from django.db import models

from gongzhi.audit import services as audit_services
from gongzhi.core.errors import ValidationFailed, validation_error_detail


def _clean(instance: models.Model, *, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValidationFailed(detail=validation_error_detail(error)) from None


def field_value(instance: models.Model, name: str):
    """A JSON-safe value of one field, for the audit trail."""
    field = instance._meta.get_field(name)
    value = field.value_from_object(instance)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


ENCRYPTED = "（已加密）"


def audited_value(name: str, value):
    """What the trail keeps of a field's value: never an encrypted field's token (its clear
    value is read through the owning app's audited reveal; the trail says only that it was
    set)."""
    if name.endswith("_encrypted"):
        return ENCRYPTED if value else ""
    return value


def model_update(*, actor, instance: models.Model, data: dict, fields: list[str]) -> list[str]:
    """Apply `data` (restricted to `fields`) to `instance`; return the names that changed."""
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    before, changed = {}, []
    for name, value in data.items():
        old = field_value(instance, name)
        setattr(instance, name, value)
        if field_value(instance, name) != old:
            before[name] = audited_value(name, old)
            changed.append(name)
    if not changed:
        return []
    _clean(instance)
    if "updated_at" in {f.name for f in instance._meta.concrete_fields}:
        changed_fields = [*changed, "updated_at"]
    else:
        changed_fields = changed
    instance.save(update_fields=changed_fields)
    after = {name: audited_value(name, field_value(instance, name)) for name in changed}
    audit_services.audit_change(actor=actor, instance=instance, action="update",
                                before=before, after=after)
    return changed


def model_create(*, actor, instance: models.Model) -> models.Model:
    _clean(instance)
    instance.save(force_insert=True)
    after = {f.name: audited_value(f.name, field_value(instance, f.name))
             for f in instance._meta.concrete_fields
             if f.name not in {"id", "created_at", "updated_at"}}
    audit_services.audit_change(actor=actor, instance=instance, action="create",
                                before={}, after=after)
    return instance


def model_delete(*, actor, instance: models.Model) -> None:
    before = {f.name: audited_value(f.name, field_value(instance, f.name))
              for f in instance._meta.concrete_fields
              if f.name not in {"created_at", "updated_at"}}
    audit_services.audit_change(actor=actor, instance=instance, action="delete",
                                before=before, after={})
    instance.delete()


def state_change_record(*, actor, instance: models.Model, changes: dict,
                        step: models.Model) -> models.Model:
    """Change a row's state and write the timeline row that tells it (who moved it from which
    status to which: a CaseStep, a TopicStep), both audited, in the caller's transaction, so
    that nothing moves without a record."""
    if changes:
        model_update(actor=actor, instance=instance, data=changes, fields=list(changes))
    return model_create(actor=actor, instance=step)
