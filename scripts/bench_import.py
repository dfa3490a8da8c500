"""Benchmark of the registry import: check and import of a 10,000-row file on the demo data.

Builds workbooks in memory (fictional people over the demo's 永泰社区 buildings, valid ID
numbers from the district code 110101, which neither the demo nor the samples use), then runs
the check and the import exactly as the upload page does. Prints rows per second, the number of
database queries (which must not grow with the rows), and the ratio of the 10,000-row import
time to a 1,000-row import measured in the same run (about 10 means linear).

Usage: python scripts/bench_import.py [--rows 10000]   (a throw-away SQLite file unless
DATABASE_URL is set, in which case it uses that database's test copy)
"""

import argparse
import datetime
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RELATIONS = ["户主", "配偶", "子女", "父母", "子女", "租户", "其他", "兄弟姐妹"]


def build_rows(flats, count: int, *, region: str, tag: str) -> list[dict]:
    """`count` people in families over `flats`; every fifth family in a new flat it owns.

    The first pass over the flats brings a household with its head to each; later passes bring
    tenants, so that no flat gets two new heads from one file."""
    from gongzhi.people.identity import id_check_digit

    rows, number, family, round_ = [], 0, 0, 0
    while len(rows) < count:
        for building, unit, room, floor, area in flats:
            family += 1
            owns = family % 5 == 0
            if owns:
                room = f"{room}{tag}{round_}"  # a flat the demo does not have
            for member in range(1 + family % 4):
                if len(rows) == count:
                    return rows
                birth = datetime.date(1935, 1, 1) + datetime.timedelta(days=number // 400 * 3)
                first17 = f"{region}{birth:%Y%m%d}{number % 400:03d}"
                number += 1
                relation = RELATIONS[member] if round_ == 0 or owns else "租户"
                row = {"building": building, "unit": unit, "room": room, "floor": floor,
                       "floor_area": area, "name": f"测{number % 97}号{member}",
                       "id_number": first17 + id_check_digit(first17),
                       "phone": f"1390{number:07d}", "relation": relation,
                       "moved_in_on": "2020-01-01" if birth.year < 2019 else None,
                       "flags": "党员" if number % 23 == 0 else None}
                if owns and member == 0:
                    row.update(is_owner="是", share_percent=100)
                rows.append(row)
        round_ += 1
    return rows


def workbook(rows: list[dict]) -> bytes:
    import openpyxl

    from gongzhi.people.importing.columns import RESIDENT_COLUMNS, RESIDENT_SHEET
    from gongzhi.people.importing.template import fill_header

    book = openpyxl.Workbook(write_only=False)
    sheet = book.active
    sheet.title = RESIDENT_SHEET
    fill_header(sheet, RESIDENT_COLUMNS)
    for row in rows:
        sheet.append([row.get(column.key) for column in RESIDENT_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class QueryCounter:
    """Counts statements without the cost of the debug cursor's logging."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(staff, community, content: bytes, name: str) -> dict:
    from django.db import connection

    from gongzhi.people.choices import ImportStatus
    from gongzhi.people.importing import services as importing

    # The provisional job engine runs each job when the transaction commits, as on the site.
    check_queries, import_queries = QueryCounter(), QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(check_queries):
        run = importing.import_run_start(actor=staff, community=community, file_name=name,
                                         content=content)
    check_seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == ImportStatus.READY, run.errors[:5]
    started = time.perf_counter()
    with connection.execute_wrapper(import_queries):
        importing.import_run_confirm(actor=staff, run=run, only_clean_rows=False)
    import_seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.summary
    return {"rows": run.total_rows, "check": check_seconds, "import": import_seconds,
            "check_queries": check_queries.count, "import_queries": import_queries.count,
            "summary": run.summary}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="gongzhi-bench-import-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.base")
    os.environ["DEBUG"] = "true"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.settings_dict["NAME"]
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        run(args)
    finally:
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(database, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


def run(args):
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seed_seconds = time.perf_counter() - started

    from django.conf import settings

    settings.DEBUG = False  # DEBUG was needed for the development keys; not for the timings
    from gongzhi.accounts.models import User
    from gongzhi.people.models import Person
    from gongzhi.places.models import Community, Flat

    community = Community.objects.get(name="永泰社区")
    staff = User.objects.get(username="yongtai_staff")
    flats = [(f.building.name, f.unit.number, f.room_number, f.floor, f.floor_area)
             for f in Flat.objects.filter(community=community, building__use="residential")
             .select_related("building", "unit").order_by("building__name", "unit__number",
                                                          "floor", "room_number")]
    residents = Person.objects.filter(community=community).count()

    started = time.perf_counter()
    small = workbook(build_rows(flats, args.rows // 10, region="110102", tag="S"))
    large = workbook(build_rows(flats, args.rows, region="110101", tag="L"))
    build_seconds = time.perf_counter() - started

    first = measure(staff, community, small, "bench-small.xlsx")
    second = measure(staff, community, large, "bench-large.xlsx")

    print(f"database: {connection.vendor}; demo seed {seed_seconds:.1f} s "
          f"({residents} residents, {len(flats)} flats); files built in {build_seconds:.1f} s "
          f"({len(small) // 1024} KB and {len(large) // 1024} KB)")
    print(f"{'rows':>7} {'check s':>8} {'rows/s':>8} {'queries':>8} "
          f"{'import s':>9} {'rows/s':>8} {'queries':>8}")
    for result in (first, second):
        print(f"{result['rows']:>7} {result['check']:>8.2f} "
              f"{result['rows'] / result['check']:>8.0f} {result['check_queries']:>8} "
              f"{result['import']:>9.2f} {result['rows'] / result['import']:>8.0f} "
              f"{result['import_queries']:>8}")
    print(f"import time {second['rows']} rows / {first['rows']} rows: "
          f"{second['import'] / first['import']:.1f}×; "
          f"check time: {second['check'] / first['check']:.1f}×")
    print(f"summary of the large import: {second['summary']}")


if __name__ == "__main__":
    main()
