"""On PostgreSQL the application's role cannot erase or change the audit trail (issue 12, 4)."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.audit.services import audit_event, audit_retention_purge

pytestmark = pytest.mark.postgres

APP_ROLE = "gongzhi_test_app"


@pytest.fixture
def app_role(db):
    if connection.vendor != "postgresql":
        pytest.skip("database roles and the delete trigger exist on PostgreSQL only")
    with connection.cursor() as cursor:   # rolled back with the test's transaction
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
    call_command("audit_db_roles", app_role=APP_ROLE)
    return APP_ROLE


@contextmanager
def as_role(role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
        try:
            yield cursor
        finally:
            cursor.execute("RESET ROLE")


def refused(cursor, *statements) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        for statement in statements:
            cursor.execute(statement)
    return str(error.value).splitlines()[0]


def test_the_application_role_cannot_change_or_erase_entries(app_role):
    # given entries in the trail
    audit_event(action=Action.LOGIN, username="someone")
    count = AuditEntry.objects.count()
    with as_role(app_role) as cursor:
        # when the application's role tries every way to change or erase them
        update = refused(cursor, "UPDATE audit_auditentry SET reason = 'x'")
        delete = refused(cursor, "DELETE FROM audit_auditentry")
        truncate = refused(cursor, "TRUNCATE audit_auditentry")
        disable = refused(cursor,
                          "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        old_trick = refused(cursor, "SET LOCAL gongzhi.audit_retention = 'on'",
                            "DELETE FROM audit_auditentry")
    # then each is refused and nothing changed
    assert update == "permission denied for table audit_auditentry"
    assert delete == "permission denied for table audit_auditentry"
    assert truncate == "permission denied for table audit_auditentry"
    assert disable == "must be owner of table audit_auditentry"
    assert old_trick == "permission denied for table audit_auditentry"
    assert AuditEntry.objects.count() == count
    assert set(AuditEntry.objects.values_list("reason", flat=True)) == {""}


def test_the_old_setting_no_longer_lets_even_the_owner_delete_fresh_entries(db):
    if connection.vendor != "postgresql":
        pytest.skip("the delete trigger exists on PostgreSQL only")
    audit_event(action=Action.LOGIN, username="someone")
    count = AuditEntry.objects.count()
    with connection.cursor() as cursor:
        message = refused(cursor, "SET LOCAL gongzhi.audit_retention = 'on'",
                          "DELETE FROM audit_auditentry")
    assert message == "audit entries are append-only"
    assert AuditEntry.objects.count() == count


def test_the_application_role_writes_entries_and_runs_retention(app_role):
    shanghai = ZoneInfo("Asia/Shanghai")
    with as_role(app_role):
        # given an old and a recent entry written by the application's role
        with time_machine.travel(datetime.datetime(2025, 1, 5, tzinfo=shanghai), tick=False):
            audit_event(action=Action.LOGIN, username="old")
        audit_event(action=Action.LOGIN, username="recent")
        # when retention runs, asked to keep only a day
        deleted = audit_retention_purge(as_of=datetime.datetime(2026, 12, 1, tzinfo=shanghai))
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_retention_purge(now() - interval '1 day', "
                           "now() - interval '1 day', 100)")
            clamped = cursor.fetchone()[0]
    # then the old entry went, while the function kept what the law keeps (six months)
    assert deleted == 1
    assert clamped == 0
    names = set(AuditEntry.objects.values_list("actor_username", flat=True))
    assert {"recent", "system"} <= names
    assert "old" not in names
    call_command("audit_verify")


def test_audit_db_roles_refuses_the_tables_owner(db):
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match=r"superuser|owns the audit table"):
        call_command("audit_db_roles", app_role=owner)
