"""The audit trail as hash chains: an edit, a gap or a reordering shows when the chain is walked.

Each entry stores the hash of its predecessor (`previous_hash`) and its own `entry_hash`, the
SHA-256 of the predecessor's hash followed by a canonical serialisation of its fields. Entries
are appended under a lock on the chain's head row (`AuditChain`, one per chain), so that
concurrent writers still build one chain, and the primary-key order is the chain's order (the
id is drawn while the lock is held).

There are two chains because retention deletes from the oldest end and exports are kept longer
(three years) than everything else (six months): each chain loses only its oldest entries, and
the hash of the last deleted entry is kept on the head row (`pruned_hash`), where the walk starts.

The lock is held until the writing transaction commits, so audit writes are serialised; write
the audit entry last in a service, after its other row locks, which keeps the lock order the
same everywhere (rows, then the chain).
"""

import datetime
import hashlib
import ipaddress
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from gongzhi.audit.models import AuditChain, AuditEntry

DEFAULT_CHAIN = "default"
EXPORT_CHAIN = "export"
CHAINS = (DEFAULT_CHAIN, EXPORT_CHAIN)

HASHED_FIELDS = ("created_at", "actor_id", "actor_username", "action", "outcome", "target_type",
                 "target_id", "target_repr", "district_id", "street_id", "community_id",
                 "changes", "reason", "ip_address")


def chain_of(action: str) -> str:
    # the same literal as Action.EXPORT and the SQL of audit/migrations/0007
    return EXPORT_CHAIN if action == "export" else DEFAULT_CHAIN


def _canonical_value(name: str, value):
    if value is None:
        return None
    if name == "created_at":
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if name == "ip_address":
        return ipaddress.ip_address(value).compressed
    return value


def entry_digest(values: dict, previous_hash: str) -> str:
    """SHA-256 of the predecessor's hash and the entry's fields (keys sorted, compact JSON)."""
    canonical = json.dumps({name: _canonical_value(name, values[name]) for name in HASHED_FIELDS},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def _values(entry) -> dict:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def _lock_heads(names) -> dict:
    # the head rows exist from migration 0007 on; a test database flushed since has none
    AuditChain.objects.bulk_create([AuditChain(name=name) for name in names],
                                   ignore_conflicts=True)
    # locked in name order, the same order for every writer
    return {head.name: head for head in
            AuditChain.objects.select_for_update().filter(name__in=names).order_by("name")}


def chain_append(entries: list) -> None:
    """Link `entries` (unsaved, in order) to their chains; the caller inserts them in this
    order in the same transaction, which keeps the lock on the chain heads until it commits."""
    assert connection.in_atomic_block, "audit entries are chained inside a transaction"
    heads = _lock_heads(sorted({chain_of(entry.action) for entry in entries}))
    now = timezone.now()
    for entry in entries:
        head = heads[chain_of(entry.action)]
        entry.created_at = entry.created_at or now
        entry.previous_hash = head.last_hash
        entry.entry_hash = entry_digest(_values(entry), entry.previous_hash)
        head.last_hash = entry.entry_hash
    for head in heads.values():
        head.save(update_fields=["last_hash"])


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: str = ""

    @property
    def is_intact(self) -> bool:
        return not self.problem


def chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk every entry in primary-key order and report the first edit, gap or reordering."""
    heads = {head.name: head for head in AuditChain.objects.all()}
    expected = {name: heads[name].pruned_hash if name in heads else "" for name in CHAINS}
    checked = 0
    entries = AuditEntry.objects.order_by("pk").only("pk", "previous_hash", "entry_hash",
                                                     *HASHED_FIELDS)
    for entry in entries.iterator(chunk_size=chunk_size):
        name = chain_of(entry.action)
        if entry.previous_hash != expected[name]:
            return ChainReport(checked, f"entry {entry.pk}: its predecessor in the {name} chain "
                                        "is missing or out of order")
        if entry_digest(_values(entry), entry.previous_hash) != entry.entry_hash:
            return ChainReport(checked, f"entry {entry.pk}: its content was changed")
        expected[name] = entry.entry_hash
        checked += 1
    for name in CHAINS:
        last = heads[name].last_hash if name in heads else ""
        if expected[name] != last:
            return ChainReport(checked, f"the newest entries of the {name} chain are missing")
    return ChainReport(checked)
