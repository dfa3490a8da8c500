"""Import of the registry workbook: checking, the row-level report, writing, permissions."""

import base64
import csv
import datetime
import hashlib
import io
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.audit.models import AuditEntry
from gongzhi.core import crypto
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.jobs import engine
from gongzhi.people import identity, services
from gongzhi.people.choices import ImportStatus, Relation, SensitiveFlag
from gongzhi.people.importing import columns, jobs, reading, template
from gongzhi.people.importing import services as import_services
from gongzhi.people.models import Household, ImportRun, Ownership, Person, PersonFlag, Residence
from gongzhi.places.models import Building, Flat, Unit

TITLES = {c.key: c.header for c in columns.RESIDENT_COLUMNS}
BUILDING_TITLES = {c.key: c.header for c in columns.BUILDING_COLUMNS}
TABLES = [Person, PersonFlag, Household, Residence, Ownership, Building, Unit, Flat]


# ---- helpers ------------------------------------------------------------------------------------

def make_id(birth: datetime.date, serial: int) -> str:
    """A valid ID number of a fictional person (440104, serial 900–989; see the docs)."""
    first17 = f"440104{birth:%Y%m%d}{900 + serial % 90:03d}"
    return first17 + identity.id_check_digit(first17)


def bad_checksum(id_number: str) -> str:
    wrong = "0" if id_number[-1] != "0" else "1"
    return id_number[:17] + wrong


def person_row(building="甲楼一号", unit="1", room="101", floor=1, area="65.5", *, name,
               id_number="", relation="户主", **extra) -> dict:
    row = {"building": building, "unit": unit, "room": room, "floor": floor,
           "floor_area": area, "name": name, "id_number": id_number, "relation": relation}
    row.update(extra)
    return row


def xlsx(residents: list[dict], buildings: list[dict] | None = None, *,
         extra_headers: tuple[str, ...] = (), titles: dict | None = None) -> bytes:
    titles = titles or TITLES
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "居民"
    keys = list(titles)
    sheet.append([titles[k] for k in keys] + list(extra_headers))
    for row in residents:
        sheet.append([row.get(k) for k in keys] + [row.get(h) for h in extra_headers])
    if buildings is not None:
        building_sheet = workbook.create_sheet("楼栋")
        building_keys = list(BUILDING_TITLES)
        building_sheet.append([BUILDING_TITLES[k] for k in building_keys])
        for row in buildings:
            building_sheet.append([row.get(k) for k in building_keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(residents: list[dict], *, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    keys = list(TITLES)
    writer.writerow([TITLES[k] for k in keys])
    for row in residents:
        writer.writerow(["" if row.get(k) is None else str(row.get(k)) for k in keys])
    return buffer.getvalue().encode(encoding)


def check(actor, community, content: bytes, file_name="居民登记.xlsx") -> ImportRun:
    run = import_services.import_run_start(actor=actor, community=community, file_name=file_name,
                                           content=content)
    jobs.import_run_check(import_id=run.pk)
    run.refresh_from_db()
    return run


def confirm_and_run(actor, run: ImportRun, *, only_clean_rows=False) -> ImportRun:
    import_services.import_run_confirm(actor=actor, run=run, only_clean_rows=only_clean_rows)
    jobs.import_run_execute(import_id=run.pk, actor_id=actor.pk)
    run.refresh_from_db()
    return run


def import_file(actor, community, content: bytes, file_name="居民登记.xlsx") -> ImportRun:
    run = check(actor, community, content, file_name)
    assert run.status == ImportStatus.READY, run.errors
    return confirm_and_run(actor, run)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES} | {
        "person audit": AuditEntry.objects.filter(target_type="people.person").count()}


def imported_names(world) -> list[str]:
    """Names of the people an import added (the world already holds three)."""
    known = [world.person_a.pk, world.person_resident_a.pk, world.person_b.pk]
    return sorted(Person.objects.exclude(pk__in=known).values_list("name", flat=True))


def errors_of(run: ImportRun) -> list[tuple]:
    return [(e["sheet"], e["row"], e["column"], e["problem"]) for e in run.errors
            if e["level"] == "error"]


def bad_rows(run: ImportRun) -> set[int]:
    return {e["row"] for e in run.errors if e["level"] == "error" and e["sheet"] == "居民"}


ZHANG = make_id(datetime.date(1970, 5, 1), 1)     # male (serial 901)
LI = make_id(datetime.date(1972, 8, 9), 2)        # female
WANG = make_id(datetime.date(1958, 1, 20), 3)
ZHAO = make_id(datetime.date(1961, 11, 2), 4)
QIAN = make_id(datetime.date(1940, 2, 29), 5)


def clean_file() -> bytes:
    return xlsx([
        person_row(name="张一", id_number=ZHANG, area_source="不动产登记",
                   phone="13800000001", hukou_type="本市户籍", moved_in_on="2010-05-01",
                   is_owner="是", share_percent=100, is_living_alone="否", flags="党员"),
        person_row(name="李二", id_number=LI, relation="配偶", moved_in_on="2010-05-01",
                   is_owner="否"),
        person_row(name="张三", relation="子女", sex="男", birth_date="2012-03-04"),
        person_row("甲楼三号", "2单元", "502", 5, "88.2", name="王四", id_number=WANG,
                   area_source="测绘报告", is_owner="是", share_percent=50),
        person_row("甲楼三号", "2", "502", 5, "88.2", name="赵五", id_number=ZHAO, relation="",
                   is_owner="是", share_percent="50%"),
        person_row("甲楼二号", "1", "201", 2, "65.5", name="钱六", id_number=QIAN,
                   relation="租户", is_living_alone="是", flags="低保、残疾",
                   phone="020-83001234", hukou_type="非本市户籍"),
    ], buildings=[
        {"name": "甲楼三号", "address": "甲街 3 号", "floors": 6, "units": 2, "year_built": 1995,
         "has_elevator": "无", "has_property_management": "无"},
    ])


# ---- a clean file -------------------------------------------------------------------------------

def test_a_clean_file_is_checked_then_imported_with_exact_counts(
        world, django_capture_on_commit_callbacks):
    staff, community = world.users["staff_a"], world.community_a
    before = counts()

    with django_capture_on_commit_callbacks(execute=True):
        run = import_services.import_run_start(actor=staff, community=community,
                                               file_name="C:\\登记\\居民.xlsx",
                                               content=clean_file())
    run.refresh_from_db()

    assert run.status == ImportStatus.READY
    assert (run.file_name, run.total_rows, run.valid_rows, run.processed_rows) == (
        "居民.xlsx", 7, 7, 7)
    assert run.errors == []
    assert counts() == before  # checking writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        import_services.import_run_confirm(actor=staff, run=run, only_clean_rows=False)
    run.refresh_from_db()

    assert run.status == ImportStatus.DONE
    assert run.summary == {"buildings_created": 1, "buildings_updated": 0, "flats_created": 1,
                           "people_created": 6, "people_updated": 0, "people_unchanged": 0,
                           "residences_created": 5, "ownerships_created": 3,
                           "rows_skipped": 0}
    assert run.content_encrypted == "" and run.finished_at is not None
    building = Building.objects.get(community=community, name="甲楼三号")
    assert (building.floors, building.year_built, building.address) == (6, 1995, "甲街 3 号")
    assert sorted(building.units.values_list("number", flat=True)) == ["1", "2"]
    flat_502 = Flat.objects.get(building=building, room_number="502")
    assert (flat_502.unit.number, flat_502.floor, flat_502.floor_area, flat_502.area_source) == (
        "2", 5, Decimal("88.20"), "survey")

    zhang = Person.objects.get(name="张一")
    assert (zhang.sex, zhang.birth_date, zhang.flat, zhang.hukou_type) == (
        "male", datetime.date(1970, 5, 1), world.flat_a1, "local")
    assert services.person_id_number(zhang) == ZHANG
    assert services.person_phone(zhang) == "13800000001"
    assert services.person_flags(zhang) == {SensitiveFlag.PARTY_MEMBER}
    child = Person.objects.get(name="张三")
    assert (child.sex, child.birth_date, child.id_number_index) == (
        "male", datetime.date(2012, 3, 4), "")
    qian = Person.objects.get(name="钱六")
    assert (qian.is_living_alone, qian.hukou_type, services.person_phone(qian)) == (
        True, "non_local", "020-83001234")
    assert services.person_flags(qian) == {SensitiveFlag.LOW_INCOME, SensitiveFlag.DISABLED}
    assert PersonFlag.objects.filter(person=qian).count() == 2

    # 甲居民 already heads a household in flat 101: 张一's family becomes a second one
    household = Household.objects.get(flat=world.flat_a1, head=zhang)
    assert sorted(household.residences.values_list("person__name", "relation",
                                                   "moved_in_on")) == [
        ("张一", "head", datetime.date(2010, 5, 1)), ("张三", "child", None),
        ("李二", "spouse", datetime.date(2010, 5, 1))]
    assert qian.residences.get().household.head == world.person_resident_a  # a tenant joins
    zhao = Person.objects.get(name="赵五")
    assert zhao.flat is None and not zhao.residences.exists()
    assert sorted(Ownership.objects.values_list("person__name", "flat__room_number",
                                                "share_percent")) == [
        ("张一", "101", Decimal("100.00")), ("王四", "502", Decimal("50.00")),
        ("赵五", "502", Decimal("50.00"))]

    entries = AuditEntry.objects.filter(target_type="people.person", actor=staff)
    assert entries.count() == 6
    entry = entries.get(target_id=str(zhang.pk))
    assert entry.action == "create" and entry.actor == staff
    assert entry.community_id == community.pk
    assert entry.changes["after"]["id_number"] == identity.mask_id_number(ZHANG)
    assert entry.changes["after"]["phone"] == "138****0001"
    assert entry.changes["after"]["flags"] == "（已加密）"
    summary_entry = AuditEntry.objects.get(target_type="people.importrun", action="update",
                                           changes__after__status="done")
    assert summary_entry.changes["after"]["people_created"] == 6


def test_reimporting_the_same_file_changes_nothing(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())
    before = counts()

    run = import_file(staff, community, clean_file())

    assert run.summary == {"buildings_created": 0, "buildings_updated": 0, "flats_created": 0,
                           "people_created": 0, "people_updated": 0, "people_unchanged": 6,
                           "residences_created": 0, "ownerships_created": 0,
                           "rows_skipped": 0}
    assert counts() == before


def test_a_changed_value_updates_the_person_and_is_audited_masked(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())
    changed = xlsx([person_row(name="张一", id_number=ZHANG, phone="13900000002",
                               is_owner="是", share_percent=100, flags="党员、低保")])

    run = import_file(staff, community, changed)

    assert (run.summary["people_updated"], run.summary["people_unchanged"]) == (1, 0)
    zhang = Person.objects.get(name="张一")
    assert services.person_phone(zhang) == "13900000002"
    assert services.person_flags(zhang) == {SensitiveFlag.PARTY_MEMBER, SensitiveFlag.LOW_INCOME}
    assert PersonFlag.objects.filter(person=zhang).count() == 2
    entry = AuditEntry.objects.get(target_type="people.person", action="update")
    assert entry.changes == {"before": {"flags": "（已加密）", "phone": "138****0001"},
                             "after": {"flags": "（已加密）", "phone": "139****0002"}}


def test_blank_cells_never_clear_registered_values(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())

    run = import_file(staff, community, xlsx([person_row(name="张一", id_number=ZHANG)]))

    assert run.summary["people_unchanged"] == 1
    zhang = Person.objects.get(name="张一")
    assert services.person_phone(zhang) == "13800000001"
    assert services.person_flags(zhang) == {SensitiveFlag.PARTY_MEMBER}


def test_one_person_at_home_in_one_flat_and_owner_of_another_is_one_person(world):
    staff, community = world.users["staff_a"], world.community_a
    content = xlsx([
        person_row(name="张一", id_number=ZHANG, hukou_type="非本市户籍", phone="13800000001"),
        person_row("甲楼二号", "1", "202", 2, "60", name="张一", id_number=ZHANG, relation="",
                   is_owner="是", share_percent=100),
        person_row("甲楼二号", "1", "203", 2, "60", name="张一", id_number=ZHANG, relation="",
                   is_owner="是", share_percent=100, phone="13900000009"),
    ])

    run = check(staff, community, content)

    assert errors_of(run) == [("居民", 4, "联系电话", "与第 2 行（同一人）的联系电话不一致")]
    assert run.valid_rows == 0  # the person's rows go in together or not at all
    run = import_file(staff, community, xlsx([
        person_row(name="张一", id_number=ZHANG, hukou_type="非本市户籍", phone="13800000001"),
        person_row("甲楼二号", "1", "202", 2, "60", name="张一", id_number=ZHANG, relation="",
                   is_owner="是", share_percent=100)]))
    assert (run.summary["people_created"], run.summary["ownerships_created"]) == (1, 1)
    zhang = Person.objects.get(name="张一")
    assert (zhang.flat, zhang.hukou_type) == (world.flat_a1, "non_local")
    assert zhang.ownerships.get().flat.room_number == "202"


def test_tags_written_as_none_clear_them_and_a_blank_cell_keeps_them(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())

    import_file(staff, community, xlsx([person_row(name="张一", id_number=ZHANG, flags="无"),
                                        person_row(name="李二", id_number=LI, relation="配偶")]))

    assert services.person_flags(Person.objects.get(name="张一")) == set()
    assert not PersonFlag.objects.filter(person__name="张一").exists()

def test_a_person_without_id_number_is_matched_by_name_birth_date_and_flat(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())
    with_id = make_id(datetime.date(2012, 3, 4), 7)

    run = import_file(staff, community, xlsx([
        person_row(name="张三", relation="子女", sex="男", birth_date="2012-03-04",
                   id_number=with_id)]))

    assert (run.summary["people_created"], run.summary["people_updated"]) == (0, 1)
    assert services.person_id_number(Person.objects.get(name="张三")) == with_id


def test_a_new_head_in_a_flat_whose_household_has_a_head_starts_a_household(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())
    tenant = make_id(datetime.date(1990, 6, 6), 11)

    import_file(staff, community, xlsx([person_row(name="孙七", id_number=tenant)]))

    households = Household.objects.filter(flat=world.flat_a1).order_by("pk")
    assert [h.head.name for h in households] == ["甲居民", "张一", "孙七"]


def test_an_existing_building_is_updated_only_where_the_sheet_differs(world):
    staff, community = world.users["staff_a"], world.community_a
    building = world.building_a1

    run = import_file(staff, community, xlsx(
        [person_row("甲楼一号", "2", "801", 8, "70", name="周八",
                    id_number=make_id(datetime.date(1980, 1, 1), 12))],
        buildings=[{"name": "甲楼一号", "floors": 8, "units": 2}]))

    building.refresh_from_db()
    assert run.summary["buildings_updated"] == 1
    assert building.floors == 8
    assert sorted(building.units.values_list("number", flat=True)) == ["1", "2"]
    assert AuditEntry.objects.filter(target_type="places.building", action="update",
                                     target_id=str(building.pk)).count() == 1


def test_headers_are_matched_whatever_their_brackets_spaces_and_order(world):
    staff, community = world.users["staff_a"], world.community_a
    titles = {"name": " 姓 名 ", "relation": "与户主关系", "floor_area": "建筑面积（平方米）",
              "share_percent": "产权份额（％）", "is_owner": "是否业主", "id_number": "身份证号码",
              "room": "房号*", "floor": "楼层", "unit": "单元", "building": "楼栋"}
    content = xlsx([person_row(name="张一", id_number=ZHANG, is_owner="是",
                               share_percent=100)], titles=titles)

    run = import_file(staff, community, content)

    assert run.summary["people_created"] == 1
    assert Ownership.objects.get().share_percent == Decimal("100.00")


@pytest.mark.parametrize(("area_header", "source_header"), [
    ("专有部分面积(平方米)*", "专有部分面积来源"),    # the template's headers
    ("建筑面积(平方米)*", "面积来源"),                # the template's headers before 2026-12
    ("专有面积（㎡）", "面积来源"),
    ("套内建筑面积", "专有部分面积来源"),
])
def test_the_exclusive_area_column_is_read_under_its_name_and_the_old_one(
        world, area_header, source_header):
    # given a file whose area columns carry this header
    staff, community = world.users["staff_a"], world.community_a
    titles = {**TITLES, "floor_area": area_header, "area_source": source_header}
    content = xlsx([person_row(room="702", floor=7, area="71.3", area_source="测绘报告",
                               name="张一", id_number=ZHANG)], titles=titles)
    # when it is imported
    run = import_file(staff, community, content)
    # then the new flat holds the exclusive area and its source
    assert run.status == ImportStatus.DONE, run.errors
    flat = Flat.objects.get(unit__building__name="甲楼一号", room_number="702")
    assert (flat.floor_area, flat.area_source) == (Decimal("71.30"), "survey")


def test_the_template_names_the_exclusive_area_column():
    # given the resident columns / when their headers are read / then the area column is named
    # for what it holds (专有部分面积) and so is its source
    headers = [c.header for c in columns.RESIDENT_COLUMNS]
    assert "专有部分面积(平方米)*" in headers and "专有部分面积来源" in headers
    assert not any(h.startswith("建筑面积") for h in headers)


def test_unknown_columns_are_reported_once_as_a_warning(world):
    staff, community = world.users["staff_a"], world.community_a
    content = xlsx([person_row(name="张一", id_number=ZHANG, 微信号="zhang1"),
                    person_row(name="李二", id_number=LI, relation="配偶", 微信号="li2")],
                   extra_headers=("微信号",))

    run = check(staff, community, content)

    assert run.status == ImportStatus.READY
    assert run.errors == [{"row": 1, "sheet": "居民", "column": "微信号", "value": "",
                           "problem": "未识别的列，已忽略",
                           "fix": "如是需要导入的信息，请把列标题改成模板中的名称",
                           "level": "warning"}]


def test_a_title_row_above_the_headers_is_skipped_and_row_numbers_stay_those_of_the_sheet(world):
    staff, community = world.users["staff_a"], world.community_a
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx([
        person_row(name="张一", id_number=bad_checksum(ZHANG))])))
    workbook["居民"].insert_rows(1)
    workbook["居民"]["A1"] = "甲社区居民登记表（2024年）"
    buffer = io.BytesIO()
    workbook.save(buffer)

    run = check(staff, community, buffer.getvalue())

    assert errors_of(run) == [("居民", 3, "身份证号", "身份证号校验位不正确")]



def test_differences_from_the_registry_are_warnings_and_leave_it_unchanged(world):
    staff, community = world.users["staff_a"], world.community_a
    import_file(staff, community, clean_file())
    before = counts()
    content = xlsx([
        person_row(floor=2, area="70", name="李二", id_number=LI, relation="子女"),
        person_row(name="张一", id_number=ZHANG, relation="", is_owner="是", share_percent=80),
        person_row(name="张三", relation="子女", sex="男", birth_date="2012-03-04"),
    ])

    run = import_file(staff, community, content)

    assert [(e["row"], e["column"], e["problem"], e["level"]) for e in run.errors] == [
        (2, "楼层", "与已登记的楼层（1 层）不同，导入不会修改房屋信息", "warning"),
        (2, "专有部分面积(平方米)",
         "与已登记的专有部分面积（65.50 平方米）不同，导入不会修改房屋信息", "warning"),
        (2, "与户主关系", "与已登记的与户主关系（配偶）不同，导入不会修改", "warning"),
        (3, "与户主关系", "此人已登记住在该房屋，导入不会办理迁出", "warning"),
        (3, "产权份额(%)", "与已登记的产权份额（100%）不同，导入不会修改", "warning"),
    ]
    assert run.summary["people_unchanged"] == 3
    assert counts() == before
    world.flat_a1.refresh_from_db()
    assert (world.flat_a1.floor, world.flat_a1.floor_area) == (1, Decimal("65.50"))


def test_the_registry_changing_between_check_and_import_is_caught(world):
    staff, community = world.users["staff_a"], world.community_a
    run = check(staff, community, xlsx([person_row(name="张一", id_number=ZHANG)]))
    assert run.status == ImportStatus.READY
    elsewhere = services.person_create(actor=staff, community=community, name="张一",
                                       id_number=ZHANG)
    services.residence_move_in(actor=staff, person=elsewhere, flat=world.flat_a2,
                               relation=Relation.SPOUSE)
    before = counts()

    run = confirm_and_run(staff, run)

    assert run.status == ImportStatus.INVALID
    assert errors_of(run) == [("居民", 2, "身份证号", "此人已登记住在本社区 甲楼二号 1单元 201")]
    assert counts() == before


def test_files_of_runs_nobody_confirmed_are_dropped_after_a_week(world):
    staff, community = world.users["staff_a"], world.community_a
    old = check(staff, community, clean_file())
    recent = check(staff, community, clean_file())
    ImportRun.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=8))

    dropped = jobs.import_runs_expire()

    assert dropped == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.content_encrypted, old.status, old.total_rows) == ("", ImportStatus.READY, 7)
    assert recent.content_encrypted != ""
    with pytest.raises(ValidationFailed):
        import_services.import_run_confirm(actor=staff, run=old, only_clean_rows=False)

# ---- the error report ---------------------------------------------------------------------------

def test_the_report_names_exactly_the_bad_rows_with_column_problem_and_fix(world):
    staff, community = world.users["staff_a"], world.community_a
    registered = services.person_create(actor=staff, community=community, name="吴九",
                                        id_number=make_id(datetime.date(1950, 3, 3), 20))
    services.residence_move_in(actor=staff, person=registered, flat=world.flat_a2,
                               relation=Relation.HEAD)
    wrong_checksum = bad_checksum(LI)
    content = xlsx([
        person_row(name="张一", id_number=ZHANG),                                    # 2 ok
        person_row(name="李二", id_number=wrong_checksum, relation="配偶",
                   phone="13800000002"),                                             # 3
        person_row("丁楼", name="王四", id_number=WANG),                               # 4
        person_row("甲楼二号", "1", "203", 2, "60", name="张一", id_number=ZHANG),       # 5
        person_row("甲楼二号", "1", "204", 2, "60", name="郑十", sex="女",
                   birth_date="2090-01-01"),                                         # 6
        person_row("甲楼一号", "1", "901", 9, "60", name="冯十一",
                   id_number=make_id(datetime.date(1988, 8, 8), 21)),                # 7
        person_row("甲楼二号", "1", "205", 2, "60", name="",
                   id_number=make_id(datetime.date(1988, 8, 9), 22)),                # 8
        person_row("甲楼二号", "1", "202", 2, "60", name="陈十二", id_number=ZHAO,
                   is_owner="是", share_percent=60),                                 # 9
        person_row("甲楼二号", "1", "202", 2, "60", name="楚十三", relation="配偶",
                   id_number=QIAN, is_owner="是", share_percent=50),                 # 10
        person_row("甲楼二号", "1", "206", 2, "60", name="卫十四",
                   id_number=make_id(datetime.date(1991, 9, 9), 23)),                # 11 ok
        person_row("甲楼二号", "1", "207", 2, "60", name="蒋十五",
                   id_number=make_id(datetime.date(1992, 2, 2), 24),
                   birth_date="1992-02-03"),                                         # 12
        person_row("甲楼二号", "1", "208", 2, "60", name="沈十六",
                   id_number=make_id(datetime.date(1993, 3, 3), 25), sex="女"),      # 13
        person_row("甲楼一号", "1", "102", 1, "60", name="吴九", relation="户主",
                   id_number=make_id(datetime.date(1950, 3, 3), 20)),                # 14
        person_row("甲楼二号", "1", "209", "二楼", "六十", name="韩十七",
                   id_number=make_id(datetime.date(1994, 4, 4), 26)),                # 15
    ])

    run = check(staff, community, content)

    assert run.status == ImportStatus.INVALID
    assert errors_of(run) == [
        ("居民", 3, "身份证号", "身份证号校验位不正确"),
        ("居民", 4, "楼栋", "楼栋“丁楼”未登记"),
        ("居民", 5, "身份证号", "与第 2 行是同一人，同一人只能有一处现住址"),
        ("居民", 6, "出生日期", "出生日期晚于今天"),
        ("居民", 7, "楼层", "楼层高于楼栋层数（7 层）"),
        ("居民", 8, "姓名", "缺少必填项“姓名”"),
        ("居民", 9, "产权份额(%)", "同一房屋的产权份额合计 110%，超过 100%"),
        ("居民", 10, "产权份额(%)", "同一房屋的产权份额合计 110%，超过 100%"),
        ("居民", 12, "出生日期", "出生日期与身份证号不一致"),
        ("居民", 13, "性别", "性别与身份证号不一致"),
        ("居民", 14, "身份证号", "此人已登记住在本社区 甲楼二号 1单元 201"),
        ("居民", 15, "楼层", "楼层不是整数"),
        ("居民", 15, "专有部分面积(平方米)", "专有部分面积不是数字"),
    ]
    by_row = {e["row"]: e for e in run.errors}
    assert by_row[3] == {"row": 3, "sheet": "居民", "column": "身份证号",
                         "value": identity.mask_id_number(wrong_checksum),
                         "problem": "身份证号校验位不正确",
                         "fix": "请核对最后一位（校验位），或对照身份证原件重新录入",
                         "level": "error"}
    assert by_row[4]["fix"] == ("先在“楼栋”工作表或楼栋登记中添加该楼栋，"
                                "或核对楼栋名称是否与登记一致")
    assert by_row[12]["fix"] == ("身份证号中的出生日期是 1992-02-02；"
                                 "请以身份证原件为准改正其中之一")
    assert by_row[9]["fix"] == "核对第 9、10 行的产权份额"
    assert by_row[5]["value"] == identity.mask_id_number(ZHANG)
    assert by_row[14]["value"] == identity.mask_id_number(make_id(datetime.date(1950, 3, 3), 20))
    # row 2 is clean, but it is the same person as the bad row 5: it waits for row 5
    assert (run.total_rows, run.valid_rows) == (14, 1)
    assert run.summary == {"rows_depending_on_errors": [2]}


def test_the_report_masks_phone_numbers(world):
    staff, community = world.users["staff_a"], world.community_a

    run = check(staff, community, xlsx([person_row(name="张一", id_number=ZHANG,
                                                   phone="1380000123")]))

    assert run.errors[0]["column"] == "联系电话"
    assert run.errors[0]["value"] == "138***0123"


def test_rows_of_an_unknown_or_bad_new_building_and_missing_columns(world):
    staff, community = world.users["staff_a"], world.community_a
    content = xlsx([person_row("甲楼五号", "3", "101", 1, "50", name="张一", id_number=ZHANG)],
                   buildings=[{"name": "甲楼五号", "floors": "七层半", "units": 2},
                              {"name": "甲楼五号", "floors": 5}])

    run = check(staff, community, content)

    assert errors_of(run) == [
        ("楼栋", 2, "层数", "“层数”不是整数"),
        ("楼栋", 3, "楼栋名称", "与第 2 行的楼栋重复"),
        ("居民", 2, "楼栋", "该楼栋在“楼栋”工作表第 2 行有错误"),
    ]

    missing = xlsx([{"name": "张一"}], titles={"name": "姓名", "building": "楼栋"})
    run = check(staff, community, missing)
    assert [(e["row"], e["column"], e["problem"]) for e in run.errors] == [
        (1, "单元", "缺少必填列“单元”"), (1, "房号", "缺少必填列“房号”"),
        (1, "楼层", "缺少必填列“楼层”"),
        (1, "专有部分面积(平方米)", "缺少必填列“专有部分面积(平方米)”"),
        (1, "与户主关系", "缺少必填列“与户主关系”")]
    assert (run.status, run.total_rows) == (ImportStatus.INVALID, 0)


def test_an_id_number_stored_by_excel_as_a_number_is_reported(world):
    staff, community = world.users["staff_a"], world.community_a

    run = check(staff, community, xlsx([person_row(name="张一", id_number=float(ZHANG[:17]))]))

    assert errors_of(run) == [("居民", 2, "身份证号", "身份证号被存成了数字，后几位可能已丢失")]


def test_an_unchanged_template_is_refused_for_its_example_rows(world):
    staff, community = world.users["staff_a"], world.community_a

    run = check(staff, community, template.template_xlsx())

    assert errors_of(run) == [
        ("楼栋", 2, "楼栋名称", "这是模板中的示例行"),
        ("居民", 2, "楼栋", "该楼栋在“楼栋”工作表第 2 行有错误"),
        ("居民", 2, "身份证号", "这是模板中的示例行"),
    ]


def test_the_template_has_both_sheets_an_example_row_each_and_a_help_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(template.template_xlsx()))

    assert workbook.sheetnames == ["居民", "楼栋", "说明"]
    residents = list(workbook["居民"].iter_rows(values_only=True))
    assert list(residents[0]) == [c.header for c in columns.RESIDENT_COLUMNS]
    assert len(residents) == 2 and residents[1][0] == columns.TEMPLATE_EXAMPLE_BUILDING
    assert identity.id_number_problem(columns.TEMPLATE_EXAMPLE_ID) is None
    assert workbook["居民"]["J2"].number_format == "@"  # ID numbers stay text in Excel
    buildings = list(workbook["楼栋"].iter_rows(values_only=True))
    assert buildings[0] == ("楼栋名称*", "地址", "层数*", "单元数", "建成年份", "有无电梯",
                            "有无物业")
    described = [row[1] for row in workbook["说明"].iter_rows(min_row=2, values_only=True)
                 if row[1]]
    assert described == [c.title for c in columns.RESIDENT_COLUMNS + columns.BUILDING_COLUMNS]


# ---- nothing partial ----------------------------------------------------------------------------

def test_nothing_is_written_when_the_file_has_errors(world):
    staff, community = world.users["staff_a"], world.community_a
    content = xlsx([person_row(name="张一", id_number=ZHANG),
                    person_row("甲楼二号", "1", "201", 2, "65.5", name="李二",
                               id_number=bad_checksum(LI))],
                   buildings=[{"name": "甲楼三号", "floors": 6}])
    before = counts()

    run = check(staff, community, content)
    with pytest.raises(ValidationFailed):
        import_services.import_run_confirm(actor=staff, run=run, only_clean_rows=False)
    # even a run forced past the check is checked again and refused as a whole
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.IMPORTING)
    jobs.import_run_execute(import_id=run.pk, actor_id=staff.pk)
    run.refresh_from_db()

    assert run.status == ImportStatus.INVALID
    assert bad_rows(run) == {3}
    assert counts() == before


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch):
    staff, community = world.users["staff_a"], world.community_a
    run = check(staff, community, clean_file())
    before = counts()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Ownership.objects, "bulk_create", broken)
    run = confirm_and_run(staff, run)

    assert run.status == ImportStatus.FAILED
    assert run.summary["error"] == "导入失败，没有写入任何数据。请稍后重试，或联系管理员。"
    assert run.summary["detail"] == "RuntimeError: disk full"
    assert run.content_encrypted == ""
    assert counts() == before


def test_only_clean_rows_imports_exactly_the_good_rows_and_their_households(world):
    staff, community = world.users["staff_a"], world.community_a
    content = xlsx([
        person_row(name="张一", id_number=ZHANG),                                    # 2 ok
        person_row(name="李二", id_number=LI, relation="配偶"),                        # 3 ok
        person_row("甲楼二号", "1", "201", 2, "65.5", name="王四",
                   id_number=WANG),                                                  # 4 ok
        person_row("甲楼二号", "1", "201", 2, "65.5", name="赵五", relation="子女",
                   id_number=bad_checksum(ZHAO)),                                    # 5 bad
        person_row("甲楼二号", "1", "202", 2, "60", name="张一", relation="",
                   id_number=ZHANG, is_owner="是", share_percent=100),              # 6 ok
        person_row("丁楼", name="孙七", id_number=QIAN),                               # 7 bad
    ], buildings=[{"name": "甲楼三号", "floors": 6}, {"name": "甲楼四号", "floors": "x"}])
    run = check(staff, community, content)
    assert run.status == ImportStatus.INVALID
    assert bad_rows(run) == {5, 7}
    assert (run.total_rows, run.valid_rows) == (8, 4)

    run = confirm_and_run(staff, run, only_clean_rows=True)

    assert run.status == ImportStatus.DONE
    assert run.summary == {"buildings_created": 1, "buildings_updated": 0, "flats_created": 1,
                           "people_created": 2, "people_updated": 0, "people_unchanged": 0,
                           "residences_created": 2, "ownerships_created": 1,
                           "rows_skipped": 4}
    assert imported_names(world) == ["张一", "李二"]
    assert Ownership.objects.get().flat.room_number == "202"
    assert not Building.objects.filter(name="甲楼四号").exists()
    assert bad_rows(run) == {5, 7}  # the report stays


def test_confirming_follows_the_state_of_the_run(world):
    staff, community = world.users["staff_a"], world.community_a
    invalid = check(staff, community, xlsx([person_row(name="", id_number=ZHANG)]))
    assert (invalid.status, invalid.valid_rows) == (ImportStatus.INVALID, 0)

    with pytest.raises(ValidationFailed):
        import_services.import_run_confirm(actor=staff, run=invalid, only_clean_rows=False)
    with pytest.raises(ValidationFailed):
        import_services.import_run_confirm(actor=staff, run=invalid, only_clean_rows=True)
    with pytest.raises(NotFound):
        import_services.import_run_confirm(actor=world.users["staff_b"], run=invalid,
                                           only_clean_rows=True)

    done = import_file(staff, community, clean_file())
    with pytest.raises(ValidationFailed):
        import_services.import_run_confirm(actor=staff, run=done, only_clean_rows=False)
    assert ImportRun.objects.get(pk=done.pk).status == ImportStatus.DONE


# ---- files --------------------------------------------------------------------------------------

ROWS = [
    person_row(name="张一", id_number=ZHANG, phone="13800000001", is_owner="是",
               share_percent=100, flags="党员"),
    person_row(name="李二", id_number=LI, relation="配偶", birth_date="1972-08-09"),
    person_row("甲楼二号", "1", "201", 2, "65.5", name="王四", id_number=bad_checksum(WANG)),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_or_gb18030_gives_the_same_result_as_xlsx(
        world, encoding):
    staff, community = world.users["staff_a"], world.community_a
    from_xlsx = check(staff, community, xlsx(ROWS))

    from_csv = check(staff, community, csv_bytes(ROWS, encoding=encoding), "居民.csv")

    assert (from_csv.status, from_csv.total_rows, from_csv.valid_rows) == (
        ImportStatus.INVALID, 3, 2)
    assert from_csv.errors == from_xlsx.errors
    with transaction.atomic():
        xlsx_result = confirm_and_run(staff, from_xlsx, only_clean_rows=True).summary
        xlsx_people = imported_names(world)
        transaction.set_rollback(True)
    csv_result = confirm_and_run(staff, from_csv, only_clean_rows=True).summary
    assert csv_result == xlsx_result
    assert csv_result["people_created"] == 2
    assert imported_names(world) == xlsx_people


@pytest.mark.parametrize(("file_name", "content", "code"), [
    ("居民.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "file_type"),
    ("居民.txt", b"hello", "file_type"),
    ("居民.xlsx", b"not a zip", "file_type"),
    ("居民.csv", b"", "validation_failed"),
    ("居民.xlsx", b"PK\x03\x04" + b"0" * reading.MAX_FILE_BYTES, "file_too_large"),
])
def test_files_of_other_types_or_too_big_are_refused_before_anything_is_stored(
        world, file_name, content, code):
    with pytest.raises(ValidationFailed) as refused:
        import_services.import_run_start(actor=world.users["staff_a"], community=world.community_a,
                                         file_name=file_name, content=content)

    assert refused.value.code == code
    assert ImportRun.objects.count() == 1  # the world's own run


def test_a_damaged_workbook_or_one_without_the_residents_sheet_is_reported(world):
    staff, community = world.users["staff_a"], world.community_a
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    buffer = io.BytesIO()
    workbook.save(buffer)

    damaged = check(staff, community, b"PK\x03\x04 broken zip")
    no_sheet = check(staff, community, buffer.getvalue())

    assert [(e["problem"], e["fix"]) for e in damaged.errors] == [
        ("无法读取该文件", "请用 Excel 或 WPS 打开后“另存为”.xlsx，再重新上传")]
    assert [(e["sheet"], e["problem"]) for e in no_sheet.errors] == [
        ("居民", "缺少“居民”工作表")]
    assert damaged.status == no_sheet.status == ImportStatus.INVALID


def test_the_upload_is_kept_encrypted_with_its_digest(world):
    content = clean_file()

    run = import_services.import_run_start(actor=world.users["staff_a"],
                                           community=world.community_a,
                                           file_name="居民.xlsx", content=content)

    assert run.status == ImportStatus.CHECKING
    assert run.content_digest == hashlib.sha256(content).hexdigest()
    assert base64.b64decode(crypto.decrypt(run.content_encrypted)) == content
    assert base64.b64encode(content).decode()[:40] not in run.content_encrypted


def test_progress_moves_while_a_file_is_checked(world, monkeypatch):
    staff, community = world.users["staff_a"], world.community_a
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    seen = []
    tick = jobs._Progress.tick

    def watching(self):
        tick(self)
        seen.append(ImportRun.objects.get(pk=self.run_pk).processed_rows)

    monkeypatch.setattr(jobs._Progress, "tick", watching)
    rows = [person_row("甲楼一号", "1", f"{n}01", n, "60", name=f"居民{n}",
                       id_number=make_id(datetime.date(1980, 1, n), n)) for n in range(1, 7)]

    run = check(staff, community, xlsx(rows))

    assert seen == sorted(seen) and 0 < max(seen) <= 6
    assert (run.processed_rows, run.total_rows, run.progress_percent) == (6, 6, 100)


# ---- permissions and privacy --------------------------------------------------------------------

@pytest.mark.parametrize(("user", "error"), [
    ("anonymous", NotFound), ("staff_b", NotFound), ("other_district_admin", NotFound),
    ("resident_a", PermissionDenied), ("grid_a1", PermissionDenied),
    ("street_admin", PermissionDenied), ("district_admin", PermissionDenied),
])
def test_only_the_communitys_staff_may_import(world, user, error):
    actor = world.users[user] or AnonymousUser()
    before = counts()

    with pytest.raises(error):
        import_services.import_run_start(actor=actor, community=world.community_a,
                                         file_name="居民.xlsx", content=clean_file())

    assert counts() == before
    assert ImportRun.objects.count() == 1  # the world's own run


@pytest.mark.parametrize("user", ["staff_a", "secretary_a"])
def test_the_communitys_staff_and_secretary_may_import(world, user):
    run = check(world.users[user], world.community_a, clean_file())

    assert run.status == ImportStatus.READY


def test_no_plain_id_number_or_phone_is_stored_after_an_import(world):
    staff, community = world.users["staff_a"], world.community_a
    run = check(staff, community, xlsx(ROWS))
    confirm_and_run(staff, run, only_clean_rows=True)
    secrets = [ZHANG, LI, WANG[:17], bad_checksum(WANG), "13800000001"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_person")
        person_rows = cursor.fetchall()
        cursor.execute("SELECT errors, summary, content_encrypted FROM people_importrun")
        run_rows = cursor.fetchall()
        cursor.execute("SELECT changes, target_repr FROM audit_auditentry")
        audit_rows = cursor.fetchall()

    assert len(person_rows) == 5  # the world's three and the two imported
    stored = " ".join(str(value) for row in person_rows + run_rows + audit_rows for value in row)
    assert [secret for secret in secrets if secret in stored] == []


# ---- properties ---------------------------------------------------------------------------------

CORRUPTIONS = {
    # kind: (column the report must name, applies to owner rows too)
    "checksum": "身份证号", "empty_name": "姓名", "empty_building": "楼栋",
    "unknown_building": "楼栋", "empty_unit": "单元", "empty_room": "房号",
    "empty_floor": "楼层", "floor_text": "楼层", "floor_too_high": "楼层",
    "empty_area": "专有部分面积(平方米)",
    "area_text": "专有部分面积(平方米)", "future_birth": "出生日期", "future_move_in": "入住日期",
    "bad_phone": "联系电话", "empty_relation": "与户主关系", "bad_sex": "性别",
}
NO_FLAT = {"empty_building", "unknown_building", "empty_unit", "empty_room"}


def corrupt(row: dict, kind: str) -> dict:
    row = dict(row)
    match kind:
        case "checksum":
            row["id_number"] = bad_checksum(row["id_number"])
        case "empty_name":
            row["name"] = ""
        case "empty_building":
            row["building"] = None
        case "unknown_building":
            row["building"] = "不存在的楼"
        case "empty_unit":
            row["unit"] = ""
        case "empty_room":
            row["room"] = None
        case "empty_floor":
            row["floor"] = None
        case "floor_text":
            row["floor"] = "三楼半"
        case "floor_too_high":
            row["floor"] = 8
        case "empty_area":
            row["floor_area"] = ""
        case "area_text":
            row["floor_area"] = "约六十"
        case "future_birth":
            row["birth_date"] = "2999-01-01"
        case "future_move_in":
            row["moved_in_on"] = "2999-01-01"
        case "bad_phone":
            row["phone"] = "12345"
        case "empty_relation":
            row["relation"] = ""
        case "bad_sex":
            row["sex"] = "未知"
    return row


@st.composite
def households(draw):
    """Rows for 1–6 new flats of 甲楼一号 (7 floors), 1–3 people each; the head owns the flat."""
    flats = draw(st.integers(min_value=1, max_value=6))
    rows, serial = [], 0
    for flat in range(flats):
        floor = flat % 7 + 1
        room = f"{floor}{flat + 10}"
        for member in range(draw(st.integers(min_value=1, max_value=3))):
            serial += 1
            birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=serial * 37)
            relation = ["户主", "配偶", "子女"][member]
            row = person_row("甲楼一号", "1", room, floor, "70.5", name=f"居民{serial}",
                             id_number=make_id(birth, serial), relation=relation,
                             phone=f"1390000{serial:04d}", moved_in_on="2015-06-01")
            if member == 0:
                row.update(is_owner="是", share_percent=100)
            rows.append(row)
    corrupted = draw(st.dictionaries(
        st.integers(min_value=0, max_value=len(rows) - 1),
        st.sampled_from(sorted(CORRUPTIONS)), max_size=len(rows)))
    # An owner with an empty relation is an owner who lives elsewhere: not a mistake.
    corrupted = {i: kind for i, kind in corrupted.items()
                 if not (kind == "empty_relation" and rows[i].get("is_owner") == "是")}
    return rows, corrupted


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=households(), as_csv=st.booleans())
def test_the_report_names_exactly_the_corrupted_rows_and_only_clean_rows_are_written(
        world, case, as_csv):
    rows, corrupted = case
    staff, community = world.users["staff_a"], world.community_a
    content_rows = [corrupt(row, corrupted[i]) if i in corrupted else row
                    for i, row in enumerate(rows)]
    content = csv_bytes(content_rows) if as_csv else xlsx(content_rows)
    expected_bad = {(i + 2, CORRUPTIONS[kind]) for i, kind in corrupted.items()}
    tainted_flats = {rows[i]["room"] for i, kind in corrupted.items() if kind not in NO_FLAT}
    expected_people = sorted(row["name"] for i, row in enumerate(rows)
                             if i not in corrupted and row["room"] not in tainted_flats)

    with transaction.atomic():
        before = counts()
        run = check(staff, community, content, "居民.csv" if as_csv else "居民.xlsx")
        reported = {(e["row"], e["column"]) for e in run.errors if e["level"] == "error"}

        assert reported == expected_bad
        assert run.status == (ImportStatus.INVALID if corrupted else ImportStatus.READY)
        assert run.valid_rows == len(expected_people)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.IMPORTING)
        jobs.import_run_execute(import_id=run.pk, actor_id=staff.pk)
        run.refresh_from_db()
        if corrupted:
            assert run.status == ImportStatus.INVALID
            assert counts() == before
            ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.IMPORTING,
                                                       only_clean_rows=True)
            jobs.import_run_execute(import_id=run.pk, actor_id=staff.pk)
            run.refresh_from_db()
        assert run.status == ImportStatus.DONE
        assert imported_names(world) == expected_people
        assert run.summary["rows_skipped"] == len(rows) - len(expected_people)
        transaction.set_rollback(True)



# ---- the samples in docs/samples ----------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


@pytest.fixture
def demo(db):
    """The demo's places and residents, as `make demo` loads them."""
    from gongzhi.accounts.models import User
    from gongzhi.demo.accounts import seed_accounts
    from gongzhi.demo.people import seed_people
    from gongzhi.demo.places import seed_places

    places = seed_places()
    seed_accounts(places)
    seed_people(places["yongtai"])
    return places["yongtai"], User.objects.get(username="yongtai_staff")


def test_the_samples_import_into_the_demo_as_documented(demo):
    community, staff = demo
    before = counts()

    with_errors = check(staff, community,
                        (SAMPLES / "永泰社区-居民导入样例-有错误.xlsx").read_bytes())
    clean = check(staff, community, (SAMPLES / "永泰社区-居民导入样例.xlsx").read_bytes())

    assert [(e["row"], e["column"], e["problem"]) for e in with_errors.errors] == [
        (4, "身份证号", "身份证号校验位不正确"),
        (6, "出生日期", "出生日期晚于今天"),
        (13, "楼栋", "楼栋“永泰东街99号”未登记"),
        (15, "身份证号", "与第 2 行是同一人，同一人只能有一处现住址"),
        (17, "楼层", "楼层高于楼栋层数（7 层）"),
        (19, "产权份额(%)", "同一房屋的产权份额合计 110%，超过 100%"),
        (20, "产权份额(%)", "同一房屋的产权份额合计 110%，超过 100%"),
        (30, "姓名", "缺少必填项“姓名”"),
    ]
    assert (with_errors.total_rows, with_errors.valid_rows) == (31, 15)
    assert counts() == before
    assert (clean.status, clean.errors, clean.total_rows) == (ImportStatus.READY, [], 31)

    clean = confirm_and_run(staff, clean)

    assert clean.summary == {"buildings_created": 1, "buildings_updated": 0,
                             "flats_created": 5, "people_created": 30, "people_updated": 0,
                             "people_unchanged": 0, "residences_created": 29,
                             "ownerships_created": 7, "rows_skipped": 0}


# ---- the job registry -----------------------------------------------------------------------

def test_jobs_queued_under_the_old_module_path_are_still_found(monkeypatch):
    """Job rows keep the module that declared their job; rows queued before the importer became
    a package name "gongzhi.people.importing"."""
    # given: a worker that has imported nothing of the importer yet
    names = ["people.import_run_check", "people.import_run_execute", "people.import_runs_expire"]
    for name in names:
        monkeypatch.delitem(engine.REGISTRY, name)
    for module in [m for m in sys.modules if m.startswith("gongzhi.people.importing")]:
        monkeypatch.delitem(sys.modules, module)

    # when: it looks each job up by its stored name and module
    found = [engine.definition_of(name, "gongzhi.people.importing") for name in names]

    # then: the same names, declared in the package's jobs module
    assert [d.name for d in found] == names
    assert {d.module for d in found} == {"gongzhi.people.importing.jobs"}
