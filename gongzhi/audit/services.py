"""Writing to the audit trail. Only these functions create AuditEntry rows."""

from gongzhi.audit.choices import Action, Outcome
from gongzhi.audit.context import current_ip
from gongzhi.audit.models import AuditEntry


def _label(instance) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def _scope(instance) -> dict:
    scope_ids = getattr(instance, "scope_ids", None)
    return scope_ids() if scope_ids else {}


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": ""}
    return {"actor": actor, "actor_username": actor.get_username()}


def audit_change(*, actor, instance, action: str, before: dict, after: dict) -> AuditEntry:
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=action,
        target_type=_label(instance),
        target_id=str(instance.pk),
        target_repr=str(instance)[:255],
        changes={"before": before, "after": after},
        ip_address=current_ip.get(),
        **_scope(instance),
    )


def audit_sensitive_read(*, actor, instance, fields: list[str], reason: str) -> AuditEntry:
    """Record that `actor` saw the full value of sensitive `fields` of `instance`, and why."""
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=Action.READ_SENSITIVE,
        target_type=_label(instance),
        target_id=str(instance.pk),
        target_repr=str(instance)[:255],
        changes={"fields": fields},
        reason=reason[:255],
        ip_address=current_ip.get(),
        **_scope(instance),
    )


def audit_event(*, action: str, username: str, actor=None, outcome: str = Outcome.SUCCESS,
                reason: str = "", scope: dict | None = None) -> AuditEntry:
    """A security event (login, lock-out, token issued...) not tied to a domain row."""
    fields = _actor_fields(actor)
    fields["actor_username"] = username[:150]
    return AuditEntry.objects.create(
        **fields,
        action=action,
        outcome=outcome,
        target_type="accounts.user" if actor is not None else "",
        target_id=str(actor.pk) if actor is not None else "",
        target_repr=username[:255],
        reason=reason[:255],
        ip_address=current_ip.get(),
        **(scope or {}),
    )
