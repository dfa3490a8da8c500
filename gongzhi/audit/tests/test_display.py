"""The audit log in its readers' words (gongzhi.audit.display)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.audit import display
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.audit.services import audit_change, audit_event, audit_sensitive_read


def test_a_person_is_named_by_kind_masked_name_and_number(world):
    # given a change to a resident's record
    entry = audit_change(actor=world.users["staff_a"], instance=world.person_a,
                         action=Action.UPDATE, before={}, after={})
    # when it is shown
    text = display.target_text(entry)
    # then it reads 居民 甲**（#id）-like, never people.person #id
    assert text == f"居民 甲*民（#{world.person_a.pk}）"


def test_fields_by_chinese_name_booleans_as_yes_no_choices_by_label(world):
    # given a building whose use, lift and grid changed
    entry = audit_change(actor=world.users["staff_a"], instance=world.building_a1,
                         action=Action.UPDATE,
                         before={"use": "office", "has_elevator": False,
                                 "grid": world.grid_a1.pk},
                         after={"use": "residential", "has_elevator": True,
                                "grid": world.grid_a2.pk})
    # when its changes are shown
    rows = display.entry_views([entry])[0].changes
    # then each field has its label, yes/no, the choice label and the related row's name
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("用途", "商务楼宇", "居民楼"),
        ("有电梯", "否", "是"),
        ("网格", "甲一网格", "甲二网格"),
    ]


def test_a_new_row_shows_only_values_and_empty_ones_as_a_dash(world):
    # given a created flat with an empty field
    entry = audit_change(actor=world.users["staff_a"], instance=world.flat_a1,
                         action=Action.CREATE, before={},
                         after={"floor_area": "65.50", "unit": None})
    # when it is shown
    rows = display.change_rows(entry)
    # then there is no "before" and the empty value is a dash
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("专有部分面积（平方米）", None, "65.50"), ("单元", None, "—")]


def test_list_values_written_as_text_show_their_labels(world):
    # given a building whose use was recorded as a list in its text form
    entry = audit_change(actor=world.users["staff_a"], instance=world.building_a1,
                         action=Action.UPDATE, before={}, after={"use": "['office', 'mixed']"})
    # then each item shows its label
    assert display.change_rows(entry)[0].after == "商务楼宇、商住混合"


def test_people_are_shown_by_display_name_even_when_only_the_login_was_kept(world):
    # given a login by staff_a and a failed login naming secretary_a
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    login = audit_event(action=Action.LOGIN, username=staff.username, actor=staff)
    failed = audit_event(action=Action.LOGIN_FAILED, username=secretary.username)
    # when they are shown
    login_view, failed_view = display.entry_views(
        AuditEntry.objects.select_related("actor").filter(pk__in=[login.pk, failed.pk])
        .order_by("pk"))
    # then display names appear, not login names
    assert login_view.actor == staff.display_name
    assert login_view.target == f"用户 {staff.display_name}（#{staff.pk}）"
    assert failed_view.actor == secretary.display_name


def test_sensitive_reads_list_field_names(world):
    # given a read of a resident's ID number
    entry = audit_sensitive_read(actor=world.users["staff_a"], instance=world.person_a,
                                 fields=["name"], reason="核对身份")
    # then the field is named in Chinese
    assert display.entry_views([entry])[0].fields_read == ["姓名"]


def test_a_model_that_no_longer_exists_keeps_its_stored_label(world):
    # given an entry about a model since removed
    entry = AuditEntry(target_type="old.thing", target_id="7", target_repr="旧对象",
                       changes={"after": {"flag": True}})
    # then it still reads sensibly
    assert display.target_text(entry) == "old.thing 旧对象（#7）"
    assert [(r.label, r.after) for r in display.change_rows(entry)] == [("flag", "是")]


def test_a_page_of_entries_costs_a_fixed_number_of_queries(world):
    # given entries touching buildings' grids, and a failed login
    made = [audit_change(actor=world.users["staff_a"], instance=building,
                         action=Action.UPDATE, before={"grid": world.grid_a1.pk},
                         after={"grid": world.grid_a2.pk})
            for building in (world.building_a1, world.building_a2)]
    made.append(audit_event(action=Action.LOGIN_FAILED, username="staff_a"))
    entries = list(AuditEntry.objects.select_related("actor").filter(pk__in=[e.pk for e in made]))
    # when they are prepared for the page
    with CaptureQueriesContext(connection) as queries:
        display.entry_views(entries)
    # then one query finds the login-named people and one the grids
    assert len(queries) == 2


def test_rows_named_after_their_parents_cost_no_query_each(world):
    # given entries moving flats between units, whose names include their building's
    made = [audit_change(actor=world.users["staff_a"], instance=flat, action=Action.UPDATE,
                         before={"unit": world.unit_a1.pk}, after={"unit": world.flat_b.unit_id})
            for flat in (world.flat_a1, world.flat_a2)]
    entries = list(AuditEntry.objects.select_related("actor").filter(pk__in=[e.pk for e in made]))
    # when they are prepared for the page
    with CaptureQueriesContext(connection) as queries:
        views = display.entry_views(entries)
    # then one query finds both units with their buildings, not one more per unit
    assert len(queries) == 1
    assert [(r.before, r.after) for r in views[0].changes] == [
        (str(world.unit_a1), str(world.flat_b.unit))]


def test_moments_show_in_local_time_to_the_minute(world):
    # given a change recorded with a UTC moment as text
    entry = AuditEntry(target_type="accounts.user", target_id="1",
                       changes={"after": {"password_changed_at":
                                          "2026-11-16 22:31:55.759314+00:00"}})
    # then it reads in Beijing time, to the minute
    assert display.change_rows(entry)[0].after == "2026-11-17 06:31"
