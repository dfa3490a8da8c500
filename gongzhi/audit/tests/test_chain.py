"""The audit trail's hash chains: an edit, a gap or a reordering is found by `audit_verify`."""

import datetime
import threading
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from gongzhi.audit.chain import chain_verify
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditChain, AuditEntry
from gongzhi.audit.services import audit_change, audit_changes_bulk, audit_event

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def trigger_bypassed():
    """Raw SQL past the append-only trigger, as a superuser or the tables' owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
            yield cursor
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            yield cursor
            cursor.execute("""CREATE TRIGGER audit_entry_no_update BEFORE UPDATE
                ON audit_auditentry
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""")


def five_entries(world) -> list[int]:
    """Five entries after those the world wrote; their ids."""
    first = (AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for name in ["one", "two", "three"]:
        audit_event(action=Action.LOGIN, username=name)
    audit_changes_bulk(actor=world.users["staff_a"], changes=[
        (world.flat_a1, "update", {"floor": 1}, {"floor": 2}),
        (world.flat_a2, "update", {"floor": 2}, {"floor": 3})])
    return list(AuditEntry.objects.filter(pk__gte=first).order_by("pk")
                .values_list("pk", flat=True))


def verify() -> str:
    try:
        call_command("audit_verify")
    except CommandError as error:
        assert error.returncode == 1
        return str(error)
    return "intact"


def test_an_untouched_chain_passes(world, capsys):
    # given entries written one by one and in bulk
    pks = five_entries(world)
    # when the chain is checked
    call_command("audit_verify")
    # then every entry was checked and nothing is wrong
    total = AuditEntry.objects.count()
    assert capsys.readouterr().out.strip() == f"audit trail intact: {total} entries"
    assert AuditChain.objects.get(name="default").last_hash == \
        AuditEntry.objects.get(pk=pks[-1]).entry_hash


def test_an_edited_entry_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_username = 'nobody' WHERE id = %s",
                       [pks[1]])
    intact = AuditEntry.objects.filter(pk__lt=pks[1]).count()
    assert verify() == (f"audit trail broken after {intact} intact entries: "
                        f"entry {pks[1]}: its content was changed")


def test_an_edited_change_in_a_bulk_entry_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:
        cursor.execute("UPDATE audit_auditentry SET changes = %s WHERE id = %s",
                       ['{"before": {"floor": 1}, "after": {"floor": 9}}', pks[3]])
    assert verify().endswith(f"entry {pks[3]}: its content was changed")


def test_a_deleted_middle_entry_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [pks[2]])
    assert verify().endswith(f"intact entries: entry {pks[3]}: its predecessor in the default "
                             "chain is missing or out of order")


def test_a_reordered_entry_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:   # swap the places of the second and third entries
        cursor.execute("UPDATE audit_auditentry SET id = -1 WHERE id = %s", [pks[1]])
        cursor.execute("UPDATE audit_auditentry SET id = %s WHERE id = %s", [pks[1], pks[2]])
        cursor.execute("UPDATE audit_auditentry SET id = %s WHERE id = -1", [pks[2]])
    assert verify().endswith(f"entry {pks[1]}: its predecessor in the default chain is "
                             "missing or out of order")


def test_deleting_the_newest_entry_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [pks[-1]])
    intact = AuditEntry.objects.count()
    assert verify() == (f"audit trail broken after {intact} intact entries: the newest entries "
                        "of the default chain are missing")


def test_deleting_the_oldest_entry_outside_retention_is_found(world):
    pks = five_entries(world)
    with trigger_bypassed() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [pks[0]])
    assert verify().endswith(f"entry {pks[1]}: its predecessor in the default chain is "
                             "missing or out of order")


def test_retention_keeps_the_chain_verifiable(db):
    from gongzhi.audit.services import audit_retention_purge

    # given old and recent entries of both chains, interleaved
    for when, action, name in [
        (datetime.datetime(2022, 1, 5, tzinfo=SHANGHAI), Action.EXPORT, "export-old"),
        (datetime.datetime(2025, 1, 5, tzinfo=SHANGHAI), Action.LOGIN, "login-old-1"),
        (datetime.datetime(2025, 2, 5, tzinfo=SHANGHAI), Action.EXPORT, "export-kept"),
        (datetime.datetime(2025, 3, 5, tzinfo=SHANGHAI), Action.LOGIN, "login-old-2"),
        (datetime.datetime(2026, 11, 5, tzinfo=SHANGHAI), Action.LOGIN, "login-kept"),
    ]:
        with time_machine.travel(when, tick=False):
            audit_event(action=action, username=name)
    kept = AuditEntry.objects.get(actor_username="login-kept")
    # when retention runs on 1 December 2026
    deleted = audit_retention_purge(as_of=datetime.datetime(2026, 12, 1, tzinfo=SHANGHAI))
    # then the old entries of each chain are gone, their last hash kept, and the rest verifies
    assert deleted == 3
    assert set(AuditEntry.objects.values_list("actor_username", flat=True)) == {
        "export-kept", "login-kept", "system"}
    assert AuditChain.objects.get(name="default").pruned_hash == kept.previous_hash
    assert verify() == "intact"


def test_retention_deletes_only_from_the_oldest_end(db):
    from gongzhi.audit.services import audit_retention_purge

    # given an old entry written after a recent one (a clock set back)
    for when, name in [(datetime.datetime(2025, 1, 5, tzinfo=SHANGHAI), "old-first"),
                       (datetime.datetime(2026, 11, 5, tzinfo=SHANGHAI), "recent"),
                       (datetime.datetime(2025, 1, 6, tzinfo=SHANGHAI), "old-after-recent")]:
        with time_machine.travel(when, tick=False):
            audit_event(action=Action.LOGIN, username=name)
    # when retention runs
    audit_retention_purge(as_of=datetime.datetime(2026, 12, 1, tzinfo=SHANGHAI))
    # then the chain is cut at the first entry to keep: nothing after it goes
    assert list(AuditEntry.objects.order_by("pk").values_list("actor_username", flat=True)) \
        == ["recent", "old-after-recent", "system"]
    assert verify() == "intact"


def test_mobiles_and_id_numbers_in_changes_are_masked_when_written(world):
    # given a description that a resident wrote with their mobile and ID number in it
    text = "请联系王先生 138 1234 5678，身份证 44010419900101123X，固话 020-83001234"
    # when the change is audited
    entry = audit_change(actor=world.users["staff_a"], instance=world.flat_a1,
                         action="update", before={"notes": ""},
                         after={"notes": text, "tags": ["13912345678"], "floor": 3})
    # then the trail keeps the masked text only
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.changes == {"before": {"notes": ""}, "after": {
        "notes": "请联系王先生 138****5678，身份证 4401**********123X，固话 020****1234",
        "tags": ["139****5678"], "floor": 3}}
    assert chain_verify().is_intact


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    # given twelve writers ready at once
    barrier = threading.Barrier(12)
    errors = []

    def write(index):
        try:
            barrier.wait()
            if index % 2:
                audit_event(action=Action.LOGIN, username=f"user-{index}")
            else:
                audit_event(action=Action.EXPORT, username=f"export-{index}")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    # when they all write an entry
    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every entry is in the chains, each linked to the one before
    assert errors == []
    assert AuditEntry.objects.count() == 12
    assert chain_verify().checked == 12
    assert chain_verify().is_intact
