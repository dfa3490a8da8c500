"""Buildings, units and flats are listed in natural order (仁安巷2号 before 仁安巷11号), from a
sort key stored on each row, on every list that offers them."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from gongzhi.core.text import natural_sort_key
from gongzhi.places import selectors
from gongzhi.places.models import Building, Flat, Unit
from gongzhi.places.tests.factories import BuildingFactory, FlatFactory, UnitFactory

pytestmark = pytest.mark.django_db

# created in text order, the order a plain ORDER BY name would give
NAMES = ["仁安巷10号", "仁安巷11号", "仁安巷1号", "仁安巷2号", "仁安巷3号之一", "仁安巷3号"]
NATURAL = ["仁安巷1号", "仁安巷2号", "仁安巷3号", "仁安巷3号之一", "仁安巷10号", "仁安巷11号"]


def lane(world):
    grid = world.grid_a1
    return [BuildingFactory(community=world.community_a, grid=grid, name=name) for name in NAMES]


def test_natural_sort_key_orders_numbers_as_numbers():
    # given / when
    ordered = sorted(NAMES, key=natural_sort_key)
    # then
    assert ordered == NATURAL
    assert natural_sort_key("仁安巷11号") == "仁安巷0000000011号"
    assert natural_sort_key(" 2 ") == "0000000002"


def test_building_list_is_in_natural_order_in_one_query(world, django_assert_num_queries):
    # given
    lane(world)
    staff = world.users["staff_a"]
    staff.scope_grants()  # the roles are read once per request, not per list
    # when
    with django_assert_num_queries(1):
        names = [b.name for b in selectors.building_list(staff,
                                                         community_id=world.community_a.pk)
                 if b.name.startswith("仁安巷")]
    # then
    assert names == NATURAL


def test_units_and_flats_are_in_natural_order(world):
    # given a building with units 10, 2, 1 and, on one floor, rooms 10 and 9
    building = BuildingFactory(community=world.community_a, grid=world.grid_a1, name="仁安巷5号")
    units = {number: UnitFactory(building=building, number=number) for number in ["10", "2", "1"]}
    for room in ["10", "9"]:
        FlatFactory(unit=units["1"], room_number=room, floor=1)
    staff = world.users["staff_a"]
    # when
    unit_numbers = [u.number for u in selectors.unit_list(staff, building_id=building.pk)]
    rooms = [f.room_number for f in selectors.flat_list(staff, unit_id=units["1"].pk)]
    # then
    assert unit_numbers == ["1", "2", "10"]
    assert rooms == ["9", "10"]
    assert [u.number for u in building.units.all()] == ["1", "2", "10"]


def test_renaming_keeps_the_sort_key_even_with_update_fields(world):
    # given
    building = BuildingFactory(community=world.community_a, grid=world.grid_a1, name="仁安巷9号")
    # when
    building.name = "仁安巷12号"
    building.save(update_fields=["name"])
    # then
    assert Building.objects.get(pk=building.pk).sort_key == "仁安巷0000000012号"


def test_bulk_created_units_get_their_sort_key(world):
    # given / when (the import writes units with bulk_create)
    building = BuildingFactory(community=world.community_a, grid=world.grid_a1, name="仁安巷7号")
    Unit.objects.bulk_create([Unit(community=world.community_a, building=building, number="3")])
    # then
    assert Unit.objects.get(building=building).sort_key == "0000000003"


def test_migration_fills_the_keys_of_existing_rows(world):
    # given rows from before the key existed
    lane(world)
    Building.objects.update(sort_key="")
    Unit.objects.update(sort_key="")
    Flat.objects.update(sort_key="")
    migration = importlib.import_module("gongzhi.places.migrations.0002_natural_sort_key")
    # when
    migration.fill_sort_keys(apps, None)
    # then
    assert Building.objects.get(name="仁安巷11号").sort_key == "仁安巷0000000011号"
    assert Unit.objects.get(pk=world.unit_a1.pk).sort_key == "0000000001"
    assert Flat.objects.get(pk=world.flat_a1.pk).sort_key == "0000000101"


def test_report_form_offers_buildings_in_natural_order(client, world):
    # given
    lane(world)
    client.force_login(world.users["staff_a"])
    # when
    html = client.get(reverse("casework:case_create")).content.decode()
    # then
    positions = [html.index(f">{name}<") for name in NATURAL]
    assert positions == sorted(positions)
