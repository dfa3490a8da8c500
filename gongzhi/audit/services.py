"""Writing to the audit trail. Only these functions create AuditEntry rows."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gongzhi.audit.chain import CHAINS, EXPORT_CHAIN, chain_append
from gongzhi.audit.choices import Action, Outcome
from gongzhi.audit.context import current_ip
from gongzhi.audit.models import AuditChain, AuditEntry
from gongzhi.core.text import mask_personal_data


def _label(instance) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def _scope(instance) -> dict:
    scope_ids = getattr(instance, "scope_ids", None)
    return scope_ids() if scope_ids else {}


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": ""}
    return {"actor": actor, "actor_username": actor.get_username()}


def masked_changes(value):
    """Mobiles, phone and ID numbers typed into free text are kept masked in the trail: the
    full text stays with the row it was written into, behind its audited reveal."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: masked_changes(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked_changes(item) for item in value]
    return value


def _append(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Chain and insert entries (audit/chain.py); the only way rows enter the table."""
    with transaction.atomic():
        chain_append(entries)
        if len(entries) == 1:
            entries[0].save(force_insert=True)
            return entries
        return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _create(**fields) -> AuditEntry:
    return _append([AuditEntry(**fields)])[0]


def audit_change(*, actor, instance, action: str, before: dict, after: dict) -> AuditEntry:
    return _create(
        **_actor_fields(actor),
        action=action,
        target_type=_label(instance),
        target_id=str(instance.pk),
        target_repr=str(instance)[:255],
        changes=masked_changes({"before": before, "after": after}),
        ip_address=current_ip.get(),
        **_scope(instance),
    )


def audit_changes_bulk(*, actor, changes: list[tuple]) -> list[AuditEntry]:
    """Many changes at once (an import): (instance, action, before, after) per row, one insert."""
    actor_fields, ip = _actor_fields(actor), current_ip.get()
    return _append([
        AuditEntry(**actor_fields, action=action, target_type=_label(instance),
                   target_id=str(instance.pk), target_repr=str(instance)[:255],
                   changes=masked_changes({"before": before, "after": after}), ip_address=ip,
                   **_scope(instance))
        for instance, action, before, after in changes])


def audit_sensitive_read(*, actor, instance, fields: list[str], reason: str,
                         outcome: str = Outcome.SUCCESS) -> AuditEntry:
    """Record that `actor` saw the full value of sensitive `fields` of `instance`, and why; with
    outcome FAILURE, that `actor` asked to see them and was refused (also worth an auditor's
    eye: someone looking where they may not)."""
    return _create(
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
    return _create(
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


def _actor_scope(actor) -> dict:
    """The scope the actor's roles share (the entry is seen by the auditors above it)."""
    scopes = [assignment.scope_ids() for assignment in actor.role_assignments.all()]
    if not scopes:
        return {}
    return {key: value for key, value in scopes[0].items()
            if all(scope.get(key) == value for scope in scopes[1:])}


def audit_list_export(*, actor, what: str, title: str, filters: dict, rows: int):
    """Record that `actor` exported the list `what` with these filters and this many rows."""
    return _create(
        **_actor_fields(actor),
        action=Action.EXPORT,
        target_type=what[:64],
        target_id="",
        target_repr=str(title)[:255],
        changes=masked_changes({"before": {}, "after": {
            "what": what, "format": "xlsx", "filters": filters, "rows": rows,
            "at": timezone.now().isoformat(timespec="seconds")}}),
        ip_address=current_ip.get(),
        **_actor_scope(actor),
    )


RETENTION_BATCH = 5000


def audit_retention_cutoffs(*, as_of: datetime.datetime) -> dict:
    """Entries created before these moments may go: exports after AUDIT_EXPORT_RETENTION_MONTHS,
    everything else after AUDIT_RETENTION_MONTHS (calendar months, never fewer than the law's)."""
    return {"default": as_of - relativedelta(months=settings.AUDIT_RETENTION_MONTHS),
            "export": as_of - relativedelta(months=settings.AUDIT_EXPORT_RETENTION_MONTHS)}


def audit_retention_purge(*, as_of: datetime.datetime) -> int:
    """Delete the entries older than the retention period, in batches, and record that it was
    done. Each chain loses only its oldest entries (audit/chain.py). On PostgreSQL the deleting
    is done by the SECURITY DEFINER function `audit_retention_purge` (audit/migrations/0007),
    which the application's role may call although it holds no DELETE on the table; the
    function never deletes what the law says to keep, whatever cutoffs it is given."""
    cutoffs = audit_retention_cutoffs(as_of=as_of)
    deleted = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT audit_retention_purge(%s, %s, %s)",
                                   [cutoffs["default"], cutoffs["export"], RETENTION_BATCH])
                    batch = cursor.fetchone()[0]
            else:
                batch = _purge_oldest(cutoffs)
        if not batch:
            break
        deleted += batch
    if deleted:
        audit_event(action=Action.RETENTION, username="system",
                    reason=f"deleted {deleted} entries before {cutoffs['default']:%Y-%m-%d}"
                           f" (exports before {cutoffs['export']:%Y-%m-%d})")
    return deleted


def _purge_oldest(cutoffs: dict) -> int:
    """The PostgreSQL function's work, for SQLite (which has no roles to keep apart): one batch
    from the oldest end of each chain, stopping at the first entry to keep."""
    deleted = 0
    for name in CHAINS:
        head = AuditChain.objects.select_for_update().filter(name=name).first()
        if head is None:
            continue
        chain = (AuditEntry.objects.filter(action=Action.EXPORT) if name == EXPORT_CHAIN
                 else AuditEntry.objects.exclude(action=Action.EXPORT))
        cutoff = cutoffs[name]
        first_kept = chain.filter(created_at__gte=cutoff).order_by("pk").first()
        doomed = chain.filter(created_at__lt=cutoff)
        if first_kept is not None:
            doomed = doomed.filter(pk__lt=first_kept.pk)
        batch = list(doomed.order_by("pk").values_list("pk", "entry_hash")[:RETENTION_BATCH])
        if not batch:
            continue
        deleted += AuditEntry.objects.filter(pk__in=[pk for pk, _hash in batch]).delete()[0]
        head.pruned_hash = batch[-1][1]
        head.save(update_fields=["pruned_hash"])
    return deleted
