"""Writing to the audit trail. Only these functions create AuditEntry rows."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction

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


def audit_changes_bulk(*, actor, changes: list[tuple]) -> list[AuditEntry]:
    """Many changes at once (an import): (instance, action, before, after) per row, one insert."""
    actor_fields, ip = _actor_fields(actor), current_ip.get()
    return AuditEntry.objects.bulk_create([
        AuditEntry(**actor_fields, action=action, target_type=_label(instance),
                   target_id=str(instance.pk), target_repr=str(instance)[:255],
                   changes={"before": before, "after": after}, ip_address=ip,
                   **_scope(instance))
        for instance, action, before, after in changes], batch_size=1000)


def audit_sensitive_read(*, actor, instance, fields: list[str], reason: str,
                         outcome: str = Outcome.SUCCESS) -> AuditEntry:
    """Record that `actor` saw the full value of sensitive `fields` of `instance`, and why; with
    outcome FAILURE, that `actor` asked to see them and was refused (also worth an auditor's
    eye: someone looking where they may not)."""
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=Action.READ_SENSITIVE,
        outcome=outcome,
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


RETENTION_BATCH = 5000


def audit_retention_cutoffs(*, as_of: datetime.datetime) -> dict:
    """Entries created before these moments may go: exports after AUDIT_EXPORT_RETENTION_MONTHS,
    everything else after AUDIT_RETENTION_MONTHS (calendar months, never fewer than the law's)."""
    return {"default": as_of - relativedelta(months=settings.AUDIT_RETENTION_MONTHS),
            "export": as_of - relativedelta(months=settings.AUDIT_EXPORT_RETENTION_MONTHS)}


def audit_retention_purge(*, as_of: datetime.datetime) -> int:
    """Delete the entries older than the retention period, in batches, and record that it was
    done. On PostgreSQL the append-only trigger lets a DELETE through only in a transaction
    that ran `SET LOCAL gongzhi.audit_retention = 'on'` (audit/migrations/0002)."""
    cutoffs = audit_retention_cutoffs(as_of=as_of)
    expired = (AuditEntry.objects.exclude(action=Action.EXPORT)
               .filter(created_at__lt=cutoffs["default"])
               | AuditEntry.objects.filter(action=Action.EXPORT,
                                           created_at__lt=cutoffs["export"]))
    deleted = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL gongzhi.audit_retention = 'on'")
            batch = list(expired.order_by("pk").values_list("pk", flat=True)[:RETENTION_BATCH])
            if not batch:
                break
            deleted += AuditEntry.objects.filter(pk__in=batch).delete()[0]
    if deleted:
        audit_event(action=Action.RETENTION, username="system",
                    reason=f"deleted {deleted} entries before {cutoffs['default']:%Y-%m-%d}"
                           f" (exports before {cutoffs['export']:%Y-%m-%d})")
    return deleted
