"""Write the import samples in docs/samples/ and check them against the demo data.

- 永泰社区-居民导入样例.xlsx: 30 fictional people in the demo's 永泰东街1号 and 永泰东街3号 and in
  a building the file itself adds on its 楼栋 sheet, 永泰东街21号（演示）. It imports into the
  demo's 永泰社区 without a single error.
- 永泰社区-居民导入样例-有错误.xlsx: the same file with the mistakes registries typically hold; the
  check names exactly those rows.

Everything in the files is invented. ID numbers use the district code 440104 with the serial
digits 990–999 (positions 15–17), which the demo residents (800–899) and the tests (900–989)
do not use; phones are 138 00xx xxxx and 139 00xx xxxx. The people in the demo's existing
buildings come as tenant households (no ownership), so they fit whatever residents the demo
already has; the owners live in the new building.

Usage: python scripts/make_import_samples.py [--check-only]
"""

import argparse
import datetime
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "docs" / "samples"
CLEAN = SAMPLES / "永泰社区-居民导入样例.xlsx"
WITH_ERRORS = SAMPLES / "永泰社区-居民导入样例-有错误.xlsx"
NEW_BUILDING = "永泰东街21号（演示）"


def sample_id(birth: datetime.date, sex: str, used: set[str]) -> str:
    from gongzhi.people.identity import id_check_digit

    for serial in range(990, 1000):
        if (serial % 2 == 1) != (sex == "男"):
            continue
        first17 = f"440104{birth:%Y%m%d}{serial}"
        if first17 not in used:
            used.add(first17)
            return first17 + id_check_digit(first17)
    raise ValueError(f"no free sample ID number on {birth}")


# (flat, members); a flat is (building, unit, room) — floors and areas come from the demo.
# member: (name, sex, birth, relation, extra cells)
HOUSEHOLDS = [
    (("永泰东街1号", "1", "101"), [
        ("陈某一", "男", "1948-03-12", "户主", {"is_living_alone": "是", "flags": "残疾",
                                              "notes": "听力不好，上门请敲门"}),
    ]),
    (("永泰东街1号", "1", "202"), [
        ("林某二", "男", "1983-07-21", "户主", {"moved_in_on": "2019-09-01"}),
        ("林某三", "女", "1985-11-02", "配偶", {"moved_in_on": "2019-09-01"}),
        ("林某四", "女", "2014-05-16", "子女", {"moved_in_on": "2019-09-01"}),
        ("林某五", "男", "2024-02-03", "子女", {"no_id": True}),
    ]),
    (("永泰东街1号", "1", "301"), [
        ("黄某六", "女", "1996-04-09", "户主", {"hukou_type": "非本市户籍",
                                              "moved_in_on": "2023-03-01"}),
        ("何某七", "女", "1997-12-30", "租户", {"hukou_type": "非本市户籍",
                                              "moved_in_on": "2023-03-01"}),
    ]),
    (("永泰东街1号", "1", "402"), [
        ("梁某未", "男", "1968-09-23", "户主", {}),
        ("梁某申", "女", "1970-01-17", "配偶", {}),
        ("梁某酉", "男", "1995-05-25", "子女", {"notes": "在外地工作，节假日回家"}),
    ]),
    (("永泰东街3号", "1", "102"), [
        ("罗某八", "男", "1961-01-25", "户主", {"flags": "党员", "moved_in_on": "2016-10-10"}),
        ("罗某九", "女", "1963-06-06", "配偶", {"moved_in_on": "2016-10-10"}),
    ]),
    (("永泰东街3号", "1", "201"), [
        ("郭某十", "男", "1979-08-18", "户主", {"flags": "低保、困难群众"}),
        ("郭某甲", "男", "2008-10-01", "子女", {}),
        ("吴某乙", "女", "1952-02-14", "父母", {}),
    ]),
    (("永泰东街3号", "1", "302"), [
        ("周某丙", "男", "1990-09-09", "户主", {"hukou_type": "港澳台居民"}),
    ]),
    ((NEW_BUILDING, "1", "101"), [
        ("谢某丁", "女", "1940-12-08", "户主", {"is_owner": "是", "share_percent": 100,
                                              "is_living_alone": "是", "flags": "党员"}),
    ]),
    ((NEW_BUILDING, "1", "302"), [
        ("郑某戊", "男", "1975-05-05", "户主", {"is_owner": "是", "share_percent": 50,
                                              "moved_in_on": "2002-01-15"}),
        ("冯某己", "女", "1976-03-03", "配偶", {"is_owner": "是", "share_percent": 50,
                                              "moved_in_on": "2002-01-15"}),
        ("郑某庚", "女", "2005-07-07", "子女", {}),
    ]),
    ((NEW_BUILDING, "1", "501"), [
        ("邓某辛", "男", "1958-10-20", "户主", {"is_owner": "是", "share_percent": 50,
                                              "flags": "党员"}),
        ("曾某壬", "女", "1960-04-04", "配偶", {}),
        # the other half belongs to a son who lives elsewhere: an owner, no residence
        ("邓某癸", "男", "1986-01-11", "", {"is_owner": "是", "share_percent": 50}),
    ]),
    ((NEW_BUILDING, "2", "402"), [
        ("彭某子", "男", "1988-02-28", "户主", {"is_owner": "是", "share_percent": 100}),
        ("彭某丑", "女", "1990-08-08", "配偶", {}),
        ("彭某寅", "男", "2016-12-12", "子女", {}),
        ("叶某卯", "女", "1962-06-30", "父母", {"flags": "残疾"}),
    ]),
    ((NEW_BUILDING, "2", "801"), [
        ("蔡某辰", "女", "1970-10-10", "户主", {"is_owner": "是", "share_percent": 100,
                                              "hukou_type": "外籍人员"}),
        ("许某巳", "女", "1999-09-19", "租户", {"hukou_type": "非本市户籍"}),
        ("苏某午", "男", "1998-01-01", "租户", {"hukou_type": "非本市户籍",
                                              "notes": "合租"}),
    ]),
]
NEW_BUILDING_ROW = {"name": NEW_BUILDING, "address": "广州市越秀区永泰东街21号（虚构地址）",
                    "floors": 9, "units": 2, "year_built": 2001, "has_elevator": "有",
                    "has_property_management": "无"}
NEW_FLAT_AREAS = {"101": "58.6", "302": "76.25", "501": "88", "402": "92.4", "801": "64.3"}


def sample_rows(flats) -> list[dict]:
    """The 居民 rows; `flats` maps (building, unit, room) to the demo flat (floor, area, source)."""
    used, rows, phone = set(), [], 0
    for (building, unit, room), members in HOUSEHOLDS:
        if building == NEW_BUILDING:
            floor, area, source = int(room[:-2]), NEW_FLAT_AREAS[room], "不动产登记"
        else:
            floor, area, source = flats[(building, unit, room)]
        for name, sex, birth, relation, extra in members:
            extra = dict(extra)
            birth_date = datetime.date.fromisoformat(birth)
            id_number = "" if extra.pop("no_id", False) else sample_id(birth_date, sex, used)
            adult = (datetime.date(2025, 1, 1) - birth_date).days > 16 * 365
            phone += 1
            rows.append({
                "building": building, "unit": unit, "room": room, "floor": floor,
                "floor_area": area, "area_source": source, "name": name, "sex": sex,
                "birth_date": birth_date, "id_number": id_number,
                "phone": (f"1{38 + phone % 2}00{phone:02d}{(phone * 7919) % 10000:04d}"
                          if adult else ""),
                "hukou_type": extra.pop("hukou_type", "本市户籍"), "relation": relation,
                "is_owner": extra.pop("is_owner", "否"), **extra,
            })
    return rows


def with_mistakes(rows: list[dict], building_floors: dict) -> tuple[list[dict], dict]:
    """The same rows with typical mistakes; returns them and {row number: column}."""
    rows = [dict(row) for row in rows]
    by_name = {row["name"]: index for index, row in enumerate(rows)}
    expected = {}

    def mistake(who, column, **cells):
        index = by_name[who]
        rows[index].update(cells)
        expected[index + 2] = column

    typed = rows[by_name["林某三"]]["id_number"]
    mistake("林某三", "身份证号",
            id_number=typed[:17] + ("0" if typed[-1] != "0" else "1"))  # a digit typed wrong
    mistake("罗某九", "楼栋", building="永泰东街99号")                    # no such building
    twin = rows[by_name["陈某一"]]                                     # the same person twice
    mistake("郭某甲", "身份证号", **{k: twin[k] for k in (
        "name", "sex", "birth_date", "id_number", "phone", "hukou_type")})
    mistake("林某五", "出生日期", birth_date=datetime.date(2031, 2, 3))  # a year in the future
    mistake("周某丙", "楼层", floor=building_floors["永泰东街3号"] + 2)    # above the building
    mistake("许某巳", "姓名", name="")                                  # the name left out
    mistake("冯某己", "产权份额(%)", share_percent=60)                    # 50 + 60 > 100
    expected[by_name["郑某戊"] + 2] = "产权份额(%)"  # both owners of that flat are named
    return rows, expected


def write_workbook(path: Path, rows: list[dict]) -> None:
    import openpyxl

    from gongzhi.people.importing import columns, template

    workbook = openpyxl.Workbook()
    residents = workbook.active
    residents.title = columns.RESIDENT_SHEET
    template.fill_header(residents, columns.RESIDENT_COLUMNS)
    for row in rows:
        residents.append([row.get(column.key) for column in columns.RESIDENT_COLUMNS])
    template.format_columns(residents, columns.RESIDENT_COLUMNS, rows=len(rows))
    buildings = workbook.create_sheet(columns.BUILDING_SHEET)
    template.fill_header(buildings, columns.BUILDING_COLUMNS)
    buildings.append([NEW_BUILDING_ROW.get(column.key) for column in columns.BUILDING_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


def demo_flats(community) -> tuple[dict, dict]:
    from gongzhi.people.importing.cells import chinese_label
    from gongzhi.places.choices import AreaSource
    from gongzhi.places.models import Building, Flat

    flats = {(f.building.name, f.unit.number, f.room_number): (
        f.floor, f.floor_area, chinese_label(AreaSource, f.area_source))
        for f in Flat.objects.filter(community=community).select_related("building", "unit")}
    floors = dict(Building.objects.filter(community=community).values_list("name", "floors"))
    return flats, floors


def check_against_demo(staff, community, expected_bad: dict) -> None:
    from gongzhi.people.choices import ImportStatus
    from gongzhi.people.importing import jobs
    from gongzhi.people.importing import services as import_services

    for path, bad in ((WITH_ERRORS, expected_bad), (CLEAN, {})):
        run = import_services.import_run_start(actor=staff, community=community,
                                               file_name=path.name, content=path.read_bytes())
        jobs.import_run_check(import_id=run.pk)
        run.refresh_from_db()
        found = {e["row"]: e["column"] for e in run.errors if e["level"] == "error"}
        warnings = [e for e in run.errors if e["level"] != "error"]
        print(f"{path.name}: {run.get_status_display()}, {run.total_rows} rows, "
              f"{run.valid_rows} importable, {len(found)} rows with errors, "
              f"{len(warnings)} warnings")
        for entry in run.errors:
            print(f"  {entry['sheet']} 第 {entry['row']} 行 {entry['column']}: "
                  f"{entry['problem']} → {entry['fix']}")
        if found != bad or warnings:
            raise SystemExit(f"unexpected report for {path.name}: {found} != {bad}")
        if not bad:
            assert run.status == ImportStatus.READY
            import_services.import_run_confirm(actor=staff, run=run, only_clean_rows=False)
            jobs.import_run_execute(import_id=run.pk, actor_id=staff.pk)
            run.refresh_from_db()
            print(f"  imported: {run.summary}")
            assert run.status == ImportStatus.DONE, run.summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check-only", action="store_true",
                        help="check the existing files without writing them again")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="gongzhi-samples-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/samples.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.base")
    os.environ["DEBUG"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        write_and_check(write=not args.check_only)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def write_and_check(*, write: bool) -> None:
    from gongzhi.accounts.models import User
    from gongzhi.places.models import Community

    community = Community.objects.get(name="永泰社区")
    staff = User.objects.get(username="yongtai_staff")
    flats, floors = demo_flats(community)
    rows = sample_rows(flats)
    bad_rows, expected = with_mistakes(rows, floors)
    if write:
        SAMPLES.mkdir(parents=True, exist_ok=True)
        write_workbook(CLEAN, rows)
        write_workbook(WITH_ERRORS, bad_rows)
        print(f"wrote {CLEAN.relative_to(ROOT)} ({len(rows)} people) and "
              f"{WITH_ERRORS.relative_to(ROOT)}")
    check_against_demo(staff, community, expected)


if __name__ == "__main__":
    main()
