import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from gongzhi.audit.models import AppendOnlyError, AuditEntry
from gongzhi.audit.selectors import audit_entries_for
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.places import services as place_services


def edit_flat(world, user="staff_a", area="70.00", flat=None):
    place_services.flat_update(actor=world.users[user], flat=flat or world.flat_a1,
                               data={"floor_area": Decimal(area)})


def test_entries_cannot_be_changed_or_deleted_through_the_model(world):
    edit_flat(world)
    entry = AuditEntry.objects.get(target_type="places.flat")
    entry.reason = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(target_type="places.flat").reason == ""


def test_the_database_refuses_updates_that_go_around_the_model(world):
    edit_flat(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(reason="tampered")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_username = 'someone'")
    assert set(AuditEntry.objects.values_list("reason", flat=True)) == {""}
    assert not AuditEntry.objects.filter(actor_username="someone").exists()


@pytest.mark.postgres
def test_postgres_refuses_deletes_of_entries_the_law_keeps(world):
    if connection.vendor != "postgresql":
        pytest.skip("row-delete trigger exists on PostgreSQL only")
    edit_flat(world)
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == count
    # the session setting that used to open the way is no longer trusted (test_db_roles.py)


def test_sensitive_read_is_recorded_with_reason(world):
    audit_sensitive_read(actor=world.users["staff_a"], instance=world.flat_a1,
                         fields=["id_number"], reason="办理低保复核")
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert entry.changes == {"fields": ["id_number"]}
    assert entry.reason == "办理低保复核"
    assert entry.community_id == world.community_a.pk


@pytest.mark.parametrize(("user", "sees_a", "sees_c"), [
    ("street_admin", True, False),
    ("district_admin", True, False),
    ("other_district_admin", False, True),
    ("staff_a", False, False),     # community staff do not read the audit log
    ("resident_a", False, False),
])
def test_audit_search_is_scoped(world, user, sees_a, sees_c):
    edit_flat(world)
    edit_flat(world, flat=world.flat_c, user="superuser")
    visible = set(audit_entries_for(world.users[user]).values_list("community_id", flat=True))
    assert (world.community_a.pk in visible) is sees_a
    assert (world.community_c.pk in visible) is sees_c


def test_audit_search_by_person_object_and_date(world):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)):
        edit_flat(world, user="staff_a", area="70")
    with time_machine.travel(datetime.datetime(2026, 5, 3, 10, tzinfo=datetime.UTC)):
        edit_flat(world, user="secretary_a", area="71", flat=world.flat_a2)
    admin = world.users["street_admin"]
    assert [e.actor_username for e in audit_entries_for(admin, person="staff_a")] == ["staff_a"]
    by_object = audit_entries_for(admin, target_type="places.flat",
                                  target_id=str(world.flat_a2.pk))
    assert [e.actor_username for e in by_object] == ["secretary_a"]
    by_date = audit_entries_for(admin, date_from=datetime.date(2026, 5, 2),
                                date_to=datetime.date(2026, 5, 4))
    assert [e.actor_username for e in by_date] == ["secretary_a"]


def test_audit_page_for_street_admin(client, world):
    edit_flat(world)
    client.force_login(world.users["street_admin"])
    response = client.get("/audit/", {"person": "staff_a"})
    page = response.content.decode()
    assert response.status_code == 200
    assert world.users["staff_a"].display_name in page
    assert "65.50" in page and "70.00" in page
    # the object and field by their Chinese names, not the model label
    assert f"房屋 {world.flat_a1}（#{world.flat_a1.pk}）" in page
    assert '<span class="gz-audit-label">专有部分面积（平方米）</span>' in page
    assert "places.flat #" not in page


def test_audit_page_is_forbidden_to_community_staff(client, world):
    client.force_login(world.users["staff_a"])
    assert client.get("/audit/").status_code == 403


def test_login_failures_are_audited_with_the_users_scope(client, world):
    client.post("/accounts/login/", {"username": "staff_a", "password": "wrong"})
    entry = AuditEntry.objects.get(action="login_failed")
    assert (entry.actor_username, entry.outcome) == ("staff_a", "failure")
    assert entry.community_id == world.community_a.pk
    assert entry.ip_address == "127.0.0.1"


def test_admin_saves_are_audited(client, world):
    client.force_login(world.users["superuser"])
    flat = world.flat_a1
    response = client.post(f"/admin/places/flat/{flat.pk}/change/", {
        "community": flat.community_id, "building": flat.building_id, "unit": flat.unit_id,
        "room_number": flat.room_number, "floor": flat.floor, "floor_area": "88.00",
        "area_source": "register"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", target_type="places.flat")
    assert entry.changes["after"]["floor_area"] == "88.00"
    assert entry.changes["before"]["floor_area"] == "65.50"


def test_admin_inline_role_grants_are_audited(client, world):
    from gongzhi.accounts.models import User

    client.force_login(world.users["superuser"])
    user = User.objects.create(username="newcomer")
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", {
        "username": "newcomer", "display_name": "", "language": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": "community_staff", "role_assignments-0-level": "community",
        "role_assignments-0-community": str(world.community_a.pk),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="create", target_type="accounts.roleassignment")
    assert entry.changes["after"]["role"] == "community_staff"
    assert entry.actor == world.users["superuser"]


def test_admin_password_reset_is_audited(client, world):
    client.force_login(world.users["superuser"])
    target = world.users["staff_a"]
    response = client.post(f"/admin/accounts/user/{target.pk}/password/", {
        "password1": "Reset-pass-77", "password2": "Reset-pass-77", "usable_password": "true"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password_changed")
    assert entry.actor == world.users["superuser"]
    assert "staff_a" in entry.reason


def test_audit_records_the_proxy_forwarded_address_only_when_trusted(client, world, settings):
    client.force_login(world.users["staff_a"])
    url = f"/places/flats/{world.flat_a1.pk}/edit/"
    data = {"room_number": "101", "floor": "1", "floor_area": "70", "area_source": "survey"}
    client.post(url, data, headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    settings.TRUST_X_FORWARDED_FOR = True
    client.post(url, {**data, "floor_area": "71"},
                headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    addresses = list(AuditEntry.objects.filter(action="update").order_by("pk")
                     .values_list("ip_address", flat=True))
    assert addresses == ["127.0.0.1", "203.0.113.7"]


def test_the_retention_job_deletes_entries_past_six_months_and_exports_past_three_years(
        db, django_capture_on_commit_callbacks):
    from zoneinfo import ZoneInfo

    from gongzhi.audit.choices import Action
    from gongzhi.audit.services import audit_event
    from gongzhi.jobs.engine import schedule_due_jobs

    shanghai = ZoneInfo("Asia/Shanghai")
    # given security events and exports of various ages
    for when, action, name in [
        (datetime.datetime(2025, 8, 31, 12, 0, tzinfo=shanghai), Action.LOGIN, "login-old"),
        (datetime.datetime(2025, 9, 1, 12, 0, tzinfo=shanghai), Action.LOGIN, "login-kept"),
        (datetime.datetime(2023, 2, 28, 12, 0, tzinfo=shanghai), Action.EXPORT, "export-old"),
        (datetime.datetime(2023, 3, 2, 12, 0, tzinfo=shanghai), Action.EXPORT, "export-kept"),
    ]:
        with time_machine.travel(when, tick=False):
            audit_event(action=action, username=name)
    # when the retention job's slot comes at 03:30 on 1 March 2026
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(
            datetime.datetime(2026, 3, 1, 3, 30, tzinfo=shanghai), tick=False):
        [job] = [job for job in schedule_due_jobs() if job.name == "audit.retention"]
    job.refresh_from_db()
    assert job.status == "succeeded", job.last_error
    # then what is older than six months (exports: three years) is gone, and the deletion
    # itself is on record
    assert set(AuditEntry.objects.values_list("actor_username", flat=True)) == {
        "login-kept", "export-kept", "system"}
    record = AuditEntry.objects.get(action=Action.RETENTION)
    assert record.reason == ("deleted 2 entries before 2025-09-01 (exports before 2023-03-01)")
