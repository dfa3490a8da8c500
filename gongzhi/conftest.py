"""Fixtures shared by every app's tests: a small world of two districts and four communities."""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, connections

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import UserFactory, user_with_role
from gongzhi.core.errors import DomainError
from gongzhi.places.tests.factories import (
    BuildingFactory,
    CommunityFactory,
    DistrictFactory,
    FlatFactory,
    GridFactory,
    HonourFactory,
    StreetFactory,
    UnitFactory,
)


@dataclass
class World:
    """Our community A (two grids) and B in the same street; community C in another district."""

    district: object
    street: object
    community_a: object
    grid_a1: object
    grid_a2: object
    building_a1: object
    building_a2: object
    unit_a1: object
    flat_a1: object
    flat_a2: object
    honour_a: object
    community_b: object
    building_b: object
    flat_b: object
    honour_b: object
    other_district: object
    community_c: object
    flat_c: object
    users: dict
    person_a: object = None          # lives in flat_a1: 甲居民, with an ID number and a phone
    person_resident_a: object = None  # resident_a's own record, in flat_a2
    person_b: object = None
    correction_a: object = None
    import_run_a: object = None


def build_world() -> World:
    district = DistrictFactory(name="甲区")
    street = StreetFactory(district=district, name="甲街")
    community_a = CommunityFactory(street=street, name="甲社区")
    grid_a1 = GridFactory(community=community_a, number=1, name="甲一网格")
    grid_a2 = GridFactory(community=community_a, number=2, name="甲二网格")
    building_a1 = BuildingFactory(community=community_a, grid=grid_a1, name="甲楼一号")
    building_a2 = BuildingFactory(community=community_a, grid=grid_a2, name="甲楼二号")
    unit_a1 = UnitFactory(building=building_a1, number="1")
    unit_a2 = UnitFactory(building=building_a2, number="1")
    flat_a1 = FlatFactory(unit=unit_a1, room_number="101", floor=1)
    flat_a2 = FlatFactory(unit=unit_a2, room_number="201", floor=2)
    honour_a = HonourFactory(community=community_a, title="甲荣誉", year=2015)

    community_b = CommunityFactory(street=street, name="乙社区")
    building_b = BuildingFactory(community=community_b, name="乙楼一号")
    flat_b = FlatFactory(unit=UnitFactory(building=building_b, number="1"),
                         room_number="301", floor=3)
    honour_b = HonourFactory(community=community_b, title="乙荣誉", year=2016)

    other_district = DistrictFactory(name="丙区")
    community_c = CommunityFactory(street=StreetFactory(district=other_district, name="丙街"),
                                   name="丙社区")
    building_c = BuildingFactory(community=community_c, name="丙楼一号")
    flat_c = FlatFactory(unit=UnitFactory(building=building_c, number="1"),
                         room_number="401", floor=4)

    users = {
        "anonymous": None,
        "resident_a": user_with_role(Role.RESIDENT, community_a, username="resident_a"),
        "staff_b": user_with_role(Role.COMMUNITY_STAFF, community_b, username="staff_b"),
        "staff_a": user_with_role(Role.COMMUNITY_STAFF, community_a, username="staff_a"),
        "secretary_a": user_with_role(Role.COMMUNITY_SECRETARY, community_a,
                                      username="secretary_a"),
        "grid_a1": user_with_role(Role.GRID_WORKER, grid_a1, username="grid_a1"),
        "street_admin": user_with_role(Role.STREET_ADMIN, street, username="street_admin"),
        "district_admin": user_with_role(Role.DISTRICT_ADMIN, district,
                                         username="district_admin"),
        "other_district_admin": user_with_role(Role.DISTRICT_ADMIN, other_district,
                                               username="other_district_admin"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    world = World(district, street, community_a, grid_a1, grid_a2, building_a1, building_a2,
                  unit_a1, flat_a1, flat_a2, honour_a, community_b, building_b, flat_b, honour_b,
                  other_district, community_c, flat_c, users)
    add_people(world)
    return world


# Valid ID numbers (GB 11643 checksums) of fictional people used across the tests.
ID_A = "440104195601020014"        # 甲居民, born 1956-01-02, male
ID_RESIDENT_A = "440104198803150025"  # resident_a's own record, born 1988-03-15, female
ID_B = "440104197005060036"        # 乙居民


def fix_checksum(first17: str) -> str:
    from gongzhi.people.identity import id_check_digit

    return first17 + id_check_digit(first17)


def add_people(world: World) -> None:
    from gongzhi.people import services
    from gongzhi.people.models import CorrectionRequest, ImportRun

    root = world.users["superuser"]
    world.person_a = services.person_create(
        actor=root, community=world.community_a, name="甲居民", id_number=fix_checksum(ID_A[:17]),
        phone="13800138001", flags={"low_income"}, is_living_alone=True)
    services.residence_move_in(actor=root, person=world.person_a, flat=world.flat_a1,
                               relation="head")
    world.person_resident_a = services.person_create(
        actor=root, community=world.community_a, name="甲住户",
        id_number=fix_checksum(ID_RESIDENT_A[:17]), phone="13900139002")
    services.residence_move_in(actor=root, person=world.person_resident_a, flat=world.flat_a2,
                               relation="head")
    world.person_resident_a.user = world.users["resident_a"]
    world.person_resident_a.save(update_fields=["user"])
    world.person_b = services.person_create(
        actor=root, community=world.community_b, name="乙居民", id_number=fix_checksum(ID_B[:17]),
        phone="13700137003")
    services.residence_move_in(actor=root, person=world.person_b, flat=world.flat_b,
                               relation="head")
    world.correction_a = CorrectionRequest.objects.create(
        person=world.person_a, community=world.community_a, requested_by=root,
        text="甲居民的出生日期有误")
    world.import_run_a = ImportRun.objects.create(
        community=world.community_a, uploaded_by=root, file_name="甲社区名册.xlsx",
        status="invalid", total_rows=3, valid_rows=2,
        errors=[{"sheet": "居民", "row": 3, "column": "身份证号", "value": "4401**********0000",
                 "problem": "身份证号校验位不正确", "fix": "请核对"}])


@pytest.fixture
def world(db) -> World:
    return build_world()


# ---- Browser tests: Playwright drives Debian's chromium (never a downloaded browser) ----------

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with sync Playwright
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-packages` (Debian's chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot(request):
    """Save a named screenshot of a page under test-artifacts/<test name>/."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=folder / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the demo data loaded, as a person would find it after `make demo`."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    return live_server


# ---- Concurrency on PostgreSQL (SQLite serialises writes: these tests skip there) ------------

def at_once(calls) -> list[str]:
    """Run `calls` in threads released together; each one's outcome: "ok" (or the count a call
    returns, for jobs that say how many they did) or the code of the DomainError it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            result = call()
            outcomes.append(result if isinstance(result, int) else "ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def pg_world():
    """The shared world, committed (transactional tests), on PostgreSQL only."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    return build_world()
