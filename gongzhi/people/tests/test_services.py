import datetime

import pytest
import time_machine
from django.db import connection

from gongzhi.audit.models import AuditEntry
from gongzhi.conftest import fix_checksum
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.people import services
from gongzhi.people.models import Ownership, Person, Residence

NEW_ID = fix_checksum("44010419900101003")  # born 1990-01-01, male (odd 17th digit)


def raw_rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_no_plain_id_number_or_phone_in_the_database(world):
    # given people registered through the service (world: 甲居民 with 13800138001)
    person = world.person_a
    plain_id = services.person_id_number(person)
    # when we read every text column of the table with raw SQL
    rows = raw_rows("SELECT * FROM people_person")
    dump = " ".join(str(value) for row in rows for value in row)
    # then neither the ID number nor the phone is there, nor their long substrings
    assert plain_id not in dump
    assert "13800138001" not in dump
    assert plain_id[6:14] not in dump.replace(str(person.birth_date).replace("-", ""), "")
    # but the service still reads them back
    assert services.person_phone(person) == "13800138001"


def test_masked_forms(world):
    person = world.person_a
    assert person.id_number_masked == person.id_number_masked[:4] + "**********" + \
        services.person_id_number(person)[-4:]
    assert person.id_number_masked.startswith("4401")
    assert person.phone_masked == "138****8001"


def test_create_derives_birth_date_and_sex_from_the_id_number(world):
    person = services.person_create(actor=world.users["staff_a"], community=world.community_a,
                                    name="新居民", id_number=NEW_ID)
    assert (person.birth_date, person.sex) == (datetime.date(1990, 1, 1), "male")


@pytest.mark.parametrize(("data", "field"), [
    ({"id_number": NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")}, "id_number"),
    ({"id_number": "12345"}, "id_number"),
    ({"id_number": NEW_ID, "birth_date": datetime.date(1990, 1, 2)}, "birth_date"),
    ({"id_number": NEW_ID, "sex": "female"}, "sex"),
    ({"birth_date": datetime.date(2031, 1, 1)}, "birth_date"),
    ({"phone": "12345"}, "phone"),
    ({"name": "  "}, "name"),
    ({"flags": {"rich"}}, "flags"),
])
def test_bad_person_data_is_refused_and_nothing_is_written(world, data, field):
    count = Person.objects.count()
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)), \
            pytest.raises(ValidationFailed) as error:
        services.person_create(actor=world.users["staff_a"], community=world.community_a,
                               **{"name": "新居民", **data})
    assert field in error.value.detail
    assert Person.objects.count() == count


def test_the_same_id_number_twice_in_a_community_is_refused(world):
    with pytest.raises(ValidationFailed) as error:
        services.person_create(actor=world.users["staff_a"], community=world.community_a,
                               name="重复", id_number=services.person_id_number(world.person_a))
    assert "id_number" in error.value.detail


@pytest.mark.parametrize(("user", "error"), [
    ("anonymous", NotFound), ("staff_b", NotFound), ("other_district_admin", NotFound),
    ("resident_a", NotFound), ("street_admin", NotFound),
])
def test_reveal_is_refused_outside_scope_and_the_attempt_audited(world, user, error):
    with pytest.raises(error):
        services.person_reveal(actor=world.users[user], person=world.person_a,
                               field="phone", reason="联系本人")
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.outcome, entry.target_id, entry.changes, entry.reason) == (
        "failure", str(world.person_a.pk), {"fields": ["phone"]}, "联系本人")
    assert entry.actor == world.users[user]


def test_grid_worker_of_the_grid_sees_but_may_not_reveal_and_the_refusal_is_audited(world):
    # given a grid worker who sees the person masked
    # when they ask for the phone number
    with pytest.raises(PermissionDenied):
        services.person_reveal(actor=world.users["grid_a1"], person=world.person_a,
                               field="phone", reason="联系本人")

    # then the refused attempt is in the trail, in the person's community, as a failure
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.actor, entry.outcome, entry.community_id) == (
        world.users["grid_a1"], "failure", world.community_a.pk)


def test_reveal_returns_the_full_value_and_audits_who_and_why(world):
    value = services.person_reveal(actor=world.users["staff_a"], person=world.person_a,
                                   field="id_number", reason="核实身份")
    assert value == services.person_id_number(world.person_a)
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.actor, entry.reason, entry.changes) == (
        world.users["staff_a"], "核实身份", {"fields": ["id_number"]})
    assert entry.target_id == str(world.person_a.pk)
    assert value not in str(entry.changes) + entry.target_repr


def test_reveal_needs_a_reason(world):
    with pytest.raises(ValidationFailed):
        services.person_reveal(actor=world.users["staff_a"], person=world.person_a,
                               field="phone", reason=" ")
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()


def test_update_audits_masked_values_only(world):
    services.person_update(actor=world.users["staff_a"], person=world.person_a,
                           data={"phone": "13911112222", "flags": {"disabled"}})
    entry = AuditEntry.objects.filter(action="update", target_type="people.person").get()
    assert entry.changes == {"before": {"flags": "（已加密）", "phone": "138****8001"},
                             "after": {"flags": "（已加密）", "phone": "139****2222"}}
    assert services.person_flags(Person.objects.get(pk=world.person_a.pk)) == {"disabled"}


def test_resident_changes_own_phone_but_not_own_id_number(world):
    me = world.person_resident_a
    resident = world.users["resident_a"]
    services.person_update(actor=resident, person=me, data={"phone": "13655556666"})
    assert services.person_phone(Person.objects.get(pk=me.pk)) == "13655556666"
    with pytest.raises(PermissionDenied):
        services.person_update(actor=resident, person=me, data={"name": "改名"})
    assert Person.objects.get(pk=me.pk).name == "甲住户"


def test_resident_cannot_touch_a_neighbour(world):
    with pytest.raises(NotFound):
        services.person_update(actor=world.users["resident_a"], person=world.person_a,
                               data={"phone": "13655556666"})
    assert services.person_phone(Person.objects.get(pk=world.person_a.pk)) == "13800138001"


def test_move_out_keeps_history_and_allows_moving_in_elsewhere(world):
    staff, person = world.users["staff_a"], world.person_a
    services.residence_move_out(actor=staff, person=person,
                                moved_out_on=datetime.date(2026, 1, 31))
    person.refresh_from_db()
    assert person.flat is None
    services.residence_move_in(actor=staff, person=person, flat=world.flat_a2,
                               relation="tenant", moved_in_on=datetime.date(2026, 2, 1))
    history = list(Residence.objects.filter(person=person).order_by("pk")
                   .values_list("household__flat_id", "moved_out_on"))
    assert history == [(world.flat_a1.pk, datetime.date(2026, 1, 31)), (world.flat_a2.pk, None)]


def test_moving_in_twice_is_refused(world):
    with pytest.raises(ValidationFailed):
        services.residence_move_in(actor=world.users["staff_a"], person=world.person_a,
                                   flat=world.flat_a2, relation="tenant")
    assert Residence.objects.filter(person=world.person_a).count() == 1


def test_ownership_shares_never_exceed_100_percent(world):
    staff = world.users["staff_a"]
    services.ownership_add(actor=staff, flat=world.flat_a1, person=world.person_a,
                           share_percent=60)
    with pytest.raises(ValidationFailed):
        services.ownership_add(actor=staff, flat=world.flat_a1,
                               person=world.person_resident_a, share_percent=41)
    services.ownership_add(actor=staff, flat=world.flat_a1, person=world.person_resident_a,
                           share_percent=40)
    assert sorted(Ownership.objects.filter(flat=world.flat_a1)
                  .values_list("share_percent", flat=True)) == [40, 60]


def test_correction_request_by_the_resident_and_its_resolution(world):
    me, resident, staff = world.person_resident_a, world.users["resident_a"], world.users["staff_a"]
    request = services.correction_request_create(actor=resident, person=me,
                                                 text="出生日期应为 1988-03-16")
    with pytest.raises(ValidationFailed):
        services.correction_request_resolve(actor=staff, request=request, status="declined")
    services.correction_request_resolve(actor=staff, request=request, status="done",
                                        response="已核对户口簿并更正")
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", staff)


def test_own_record_read_is_only_for_the_person_and_audited(world):
    me = world.person_resident_a
    record = services.own_record_read(actor=world.users["resident_a"], person=me)
    assert (record["phone"], record["flags"]) == ("13900139002", set())
    entry = AuditEntry.objects.get(action="read_sensitive", target_id=str(me.pk))
    assert entry.changes == {"fields": ["id_number", "phone", "flags"]}
    with pytest.raises(NotFound):
        services.own_record_read(actor=world.users["staff_a"], person=me)


def test_flags_read_is_audited_only_when_there_are_flags(world):
    staff = world.users["staff_a"]
    assert services.person_flags_read(actor=staff, person=world.person_resident_a,
                                      reason="查看") == set()
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()
    assert services.person_flags_read(actor=staff, person=world.person_a,
                                      reason="查看") == {"low_income"}
    assert AuditEntry.objects.get(action="read_sensitive").changes == {"fields": ["flags"]}
