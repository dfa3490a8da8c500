from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.places.models import Flat
from gongzhi.places.tests.factories import BuildingFactory, FlatFactory, UnitFactory


def test_building_page_lists_its_flats(client, world):
    client.force_login(world.users["staff_a"])
    page = client.get(f"/places/buildings/{world.building_a1.pk}/").content.decode()
    assert "甲楼一号" in page and "101" in page and "65.50" in page


def test_htmx_flat_edit_returns_the_form_row_then_the_saved_row(client, world):
    client.force_login(world.users["staff_a"])
    url = f"/places/flats/{world.flat_a1.pk}/edit/"
    form_row = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form_row.lstrip().startswith("<tr") and 'name="floor_area"' in form_row
    assert "<html" not in form_row
    saved = client.post(url, {"room_number": "101", "floor": "1", "floor_area": "72.35",
                              "area_source": "survey"}, headers={"HX-Request": "true"})
    body = saved.content.decode()
    assert saved.status_code == 200
    assert "72.35" in body and "gz-just-saved" in body
    assert Flat.objects.get(pk=world.flat_a1.pk).floor_area == Decimal("72.35")


def test_htmx_flat_edit_with_bad_input_shows_the_error_and_changes_nothing(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/places/flats/{world.flat_a1.pk}/edit/",
                           {"room_number": "101", "floor": "12", "floor_area": "72",
                            "area_source": "survey"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "楼层不能高于楼栋层数" in body
    assert Flat.objects.get(pk=world.flat_a1.pk).floor == 1


def test_flat_edit_without_htmx_redirects_to_the_building(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/places/flats/{world.flat_a1.pk}/edit/",
                           {"room_number": "101", "floor": "1", "floor_area": "80",
                            "area_source": "register"})
    assert response["Location"] == f"/places/buildings/{world.building_a1.pk}/"


def test_community_search_partial(client, world):
    client.force_login(world.users["street_admin"])
    response = client.get("/places/", {"q": "乙"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "乙社区" in body and "甲社区" not in body and "<html" not in body


def test_community_profile_edit_page(client, world):
    client.force_login(world.users["secretary_a"])
    response = client.post(f"/places/communities/{world.community_a.pk}/edit/", {
        "area_km2": "0.20", "resident_population": "4400", "elderly_population": "912",
        "buildings_without_management": "40", "facilities": "长者饭堂\n党群服务中心",
        "description": ""})
    assert response.status_code == 302
    world.community_a.refresh_from_db()
    assert world.community_a.facility_list() == ["长者饭堂", "党群服务中心"]


def test_community_profile_edit_with_bad_numbers_shows_errors(client, world):
    client.force_login(world.users["secretary_a"])
    response = client.post(f"/places/communities/{world.community_a.pk}/edit/", {
        "resident_population": "100", "elderly_population": "200"})
    assert response.status_code == 200
    assert "60岁以上人口不能多于常住人口" in response.content.decode()
    world.community_a.refresh_from_db()
    assert world.community_a.resident_population == 3000


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["building", "community", "community_list", "home", "audit"])
def test_query_count_does_not_grow_with_the_data(client, world, page):
    client.force_login(world.users["street_admin" if page in {"community_list", "audit"}
                                   else "staff_a"])
    urls = {
        "building": f"/places/buildings/{world.building_a1.pk}/",
        "community": f"/places/communities/{world.community_a.pk}/",
        "community_list": "/places/",
        "home": "/",
        "audit": "/audit/",
    }
    if page == "audit":
        client.force_login(world.users["street_admin"])
    before = count_queries(client, urls[page])
    # grow the data tenfold
    for index in range(10):
        building = BuildingFactory(community=world.community_a, grid=world.grid_a1)
        unit = UnitFactory(building=building)
        FlatFactory(unit=unit)
        for floor in range(1, 6):
            FlatFactory(unit=world.unit_a1, room_number=f"{floor}{index:02d}x", floor=floor)
    after = count_queries(client, urls[page])
    assert after == before
    # the workbench asks one aggregate per section (activities, volunteering and duty added 3;
    # care's section 4: its counts, and whether staff help a household themselves)
    assert before <= 30


def test_community_buildings_in_natural_order_and_filtered_by_grid(client, world):
    for name in ["甲楼11号", "甲楼3号"]:
        BuildingFactory(community=world.community_a, grid=world.grid_a1, name=name)
    client.force_login(world.users["staff_a"])
    url = f"/places/communities/{world.community_a.pk}/"
    page = client.get(url).content.decode()
    assert page.index("甲楼3号") < page.index("甲楼11号")
    partial = client.get(url, {"grid": world.grid_a2.pk},
                         headers={"HX-Request": "true", "HX-Target": "buildings"})
    body = partial.content.decode()
    assert "<html" not in body
    assert "甲楼二号" in body and "甲楼一号" not in body and "甲楼3号" not in body


def test_building_flats_filtered_by_unit(client, world):
    second_unit = UnitFactory(building=world.building_a1, number="2")
    FlatFactory(unit=second_unit, room_number="502", floor=5)
    client.force_login(world.users["staff_a"])
    url = f"/places/buildings/{world.building_a1.pk}/"
    assert "502" in client.get(url).content.decode()
    body = client.get(url, {"unit": world.unit_a1.pk},
                      headers={"HX-Request": "true", "HX-Target": "flats"}).content.decode()
    assert "<html" not in body and "101" in body and "502" not in body


def test_the_flat_page_refuses_a_contract_area_over_a_registered_one(client, world):
    # given a flat whose exclusive area comes from the property register
    Flat.objects.filter(pk=world.flat_a1.pk).update(area_source="register")
    client.force_login(world.users["staff_a"])
    # when staff enter another area from the sale contract on its page
    response = client.post(f"/places/flats/{world.flat_a1.pk}/edit/",
                           {"room_number": "101", "floor": "1", "floor_area": "72",
                            "area_source": "contract"}, headers={"HX-Request": "true"})
    # then the form says why and the registered area stays; the page names the column
    body = response.content.decode()
    assert "不能用“买卖合同”的面积替换" in body
    assert Flat.objects.get(pk=world.flat_a1.pk).floor_area == Decimal("65.50")
    page = client.get(f"/places/buildings/{world.building_a1.pk}/").content.decode()
    assert "专有部分面积（平方米）" in page and "建筑面积" not in page
