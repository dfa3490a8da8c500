"""Export of the registry: permission, audit, content, and a round trip through the import."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser

from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.people import exporting, services
from gongzhi.people.importing import columns
from gongzhi.people.tests.test_importing import (
    LI,
    ZHANG,
    ZHAO,
    clean_file,
    counts,
    import_file,
)

HEADERS = [c.header for c in columns.RESIDENT_COLUMNS]


def rows_of(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["居民"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    keys = [c.key for c in columns.RESIDENT_COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(("user", "error"), [
    ("anonymous", NotFound), ("staff_b", NotFound), ("other_district_admin", NotFound),
    ("resident_a", PermissionDenied), ("grid_a1", PermissionDenied),
    ("staff_a", PermissionDenied), ("street_admin", PermissionDenied),
    ("district_admin", PermissionDenied),
])
def test_exporting_needs_the_export_permission_on_the_community(world, user, error):
    actor = world.users[user] or AnonymousUser()

    with pytest.raises(error):
        exporting.export_people_xlsx(actor=actor, community=world.community_a)

    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_secretary_exports_residents_and_owners_with_full_values_and_it_is_audited(world):
    import_file(world.users["staff_a"], world.community_a, clean_file())
    secretary = world.users["secretary_a"]

    content = exporting.export_people_xlsx(actor=secretary, community=world.community_a)

    rows = rows_of(content)
    assert [(r["building"], r["room"], r["name"], r["relation"], r["is_owner"],
             r["share_percent"]) for r in rows] == [
        ("甲楼一号", "101", "张一", "户主", "是", 100),
        ("甲楼一号", "101", "甲居民", "户主", "否", None),
        ("甲楼一号", "101", "李二", "配偶", "否", None),
        ("甲楼一号", "101", "张三", "子女", "否", None),
        ("甲楼三号", "502", "王四", "户主", "是", 50),
        ("甲楼三号", "502", "赵五", None, "是", 50),
        ("甲楼二号", "201", "甲住户", "户主", "否", None),
        ("甲楼二号", "201", "钱六", "租户", "否", None),
    ]
    zhang = rows[0]
    assert zhang == {
        "building": "甲楼一号", "unit": "1", "room": "101", "floor": 1, "floor_area": 65.5,
        "area_source": "未核实", "name": "张一", "sex": "男",
        "birth_date": datetime.datetime(1970, 5, 1), "id_number": ZHANG,
        "phone": "13800000001", "hukou_type": "本市户籍", "relation": "户主",
        "moved_in_on": datetime.datetime(2010, 5, 1), "is_owner": "是", "share_percent": 100,
        "is_living_alone": "否", "flags": "党员", "notes": None}
    assert rows[2]["id_number"] == LI and rows[5]["id_number"] == ZHAO
    assert rows[1]["flags"] == "低保" and rows[1]["is_living_alone"] == "是"
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor, entry.target_type, entry.target_id, entry.community_id) == (
        secretary, "places.community", str(world.community_a.pk), world.community_a.pk)
    assert entry.changes["after"]["rows"] == 8
    assert entry.changes["after"]["fields"] == ["id_number", "phone", "flags"]


def test_people_who_moved_out_and_own_nothing_are_not_exported(world):
    services.residence_move_out(actor=world.users["staff_a"], person=world.person_resident_a,
                                moved_out_on=datetime.date(2024, 1, 1))

    rows = rows_of(exporting.export_people_xlsx(actor=world.users["secretary_a"],
                                                community=world.community_a))

    assert [r["name"] for r in rows] == ["甲居民"]


def test_reimporting_an_export_into_the_same_community_changes_nothing(world):
    staff = world.users["staff_a"]
    import_file(staff, world.community_a, clean_file())
    services.person_update(actor=staff, person=world.person_a, data={"notes": "=1+1 不是公式"})
    content = exporting.export_people_xlsx(actor=world.users["secretary_a"],
                                           community=world.community_a)
    before = counts()

    run = import_file(staff, world.community_a, content, "甲社区-居民登记.xlsx")

    assert run.errors == []
    assert run.summary == {"buildings_created": 0, "buildings_updated": 0, "flats_created": 0,
                           "people_created": 0, "people_updated": 0, "people_unchanged": 8,
                           "residences_created": 0, "ownerships_created": 0,
                           "rows_skipped": 0}
    assert counts() == before


def test_text_that_looks_like_a_formula_is_exported_as_text(world):
    services.person_update(actor=world.users["staff_a"], person=world.person_a,
                           data={"notes": "=HYPERLINK(\"http://example.com\")"})

    content = exporting.export_people_xlsx(actor=world.users["secretary_a"],
                                           community=world.community_a)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert rows_of(content)[0]["notes"] == "=HYPERLINK(\"http://example.com\")"
