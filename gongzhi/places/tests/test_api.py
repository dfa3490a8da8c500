import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.places.models import Building, Flat, Unit


@pytest.fixture
def staff_headers(world):
    return {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}


def test_token_login_then_list_buildings(client, world):
    response = client.post("/api/v1/auth/token", {"username": "staff_a",
                                                  "password": "Test-pass-123"},
                           content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/v1/places/buildings",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert sorted(item["name"] for item in body["items"]) == ["甲楼一号", "甲楼二号"]


def test_wrong_password_is_a_json_problem(client, world):
    response = client.post("/api/v1/auth/token", {"username": "staff_a", "password": "x"},
                           content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"] == "用户名或密码不正确。"


def test_token_login_locks_out_like_the_web_login(client, world):
    for _ in range(5):
        response = client.post("/api/v1/auth/token", {"username": "staff_a", "password": "x"},
                               content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_me_lists_roles(client, world, staff_headers):
    body = client.get("/api/v1/auth/me", headers=staff_headers).json()
    assert body["username"] == "staff_a"
    assert body["roles"] == [{"role": "community_staff", "role_label": "社区工作人员",
                              "level": "community", "place_id": world.community_a.pk,
                              "place_name": "甲社区"}]


def test_patch_flat(client, world, staff_headers):
    response = client.patch(f"/api/v1/places/flats/{world.flat_a1.pk}",
                            {"floor_area": "72.35"}, content_type="application/json",
                            headers=staff_headers)
    assert response.status_code == 200
    assert response.json()["floor_area"] == "72.35"


def test_patch_flat_with_invalid_value_is_422_and_changes_nothing(client, world, staff_headers):
    response = client.patch(f"/api/v1/places/flats/{world.flat_a1.pk}", {"floor": 30},
                            content_type="application/json", headers=staff_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert "floor" in body["detail"]
    assert Flat.objects.get(pk=world.flat_a1.pk).floor == 1


def test_malformed_json_is_a_json_problem(client, world, staff_headers):
    response = client.patch(f"/api/v1/places/flats/{world.flat_a1.pk}",
                            {"floor_area": "not a number"}, content_type="application/json",
                            headers=staff_headers)
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "detail"}


def test_street_admin_may_read_but_not_edit(client, world):
    token = api_token_create(user=world.users['street_admin']).token
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/places/flats/{world.flat_a1.pk}",
                      headers=headers).status_code == 200
    response = client.patch(f"/api/v1/places/flats/{world.flat_a1.pk}", {"floor_area": "1"},
                            content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_honour_create_and_delete(client, world):
    headers = {"Authorization":
               f"Bearer {api_token_create(user=world.users['secretary_a']).token}"}
    response = client.post(f"/api/v1/places/communities/{world.community_a.pk}/honours",
                           {"title": "广州市幸福社区", "year": 2015, "awarding_body": "广州市"},
                           content_type="application/json", headers=headers)
    assert response.status_code == 201
    honour_id = response.json()["id"]
    assert client.delete(f"/api/v1/places/honours/{honour_id}",
                         headers=headers).status_code == 204


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "swagger-ui-bundle.js" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


def test_user_who_must_change_password_gets_no_token_and_no_access(client, world):
    user = world.users["staff_a"]
    token = api_token_create(user=user).token
    user.must_change_password = True
    user.save()
    response = client.post("/api/v1/auth/token", {"username": "staff_a",
                                                  "password": "Test-pass-123"},
                           content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    response = client.get("/api/v1/places/buildings", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"


# ---- creating buildings and flats: the twins of the pages' "添加楼栋" and of flat_create ------

def headers_of(world, username: str) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=world.users[username]).token}"}


def place_counts() -> tuple[int, int, int, int]:
    return (Building.objects.count(), Unit.objects.count(), Flat.objects.count(),
            AuditEntry.objects.count())


NEW_BUILDING = {"name": "甲楼三号", "address": "甲街3号", "floors": 6, "year_built": 1995,
                "has_elevator": True, "units": 3}


def test_staff_add_a_building_with_its_units(client, world):
    # given the community's staff
    headers = headers_of(world, "staff_a")

    # when they add a building of three units in grid 1
    response = client.post(f"/api/v1/places/communities/{world.community_a.pk}/buildings",
                           {**NEW_BUILDING, "grid_id": world.grid_a1.pk},
                           content_type="application/json", headers=headers)

    # then it exists in their community with units 1..3, and the trail records all four rows
    assert response.status_code == 201
    building = Building.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": building.pk, "community_id": world.community_a.pk, "grid_id": world.grid_a1.pk,
        "name": "甲楼三号", "address": "甲街3号", "use": "residential", "floors": 6,
        "year_built": 1995, "has_elevator": True, "has_property_management": False,
        "actions": ["places.edit_building"]}
    assert list(building.units.values_list("number", flat=True)) == ["1", "2", "3"]
    created = AuditEntry.objects.filter(action="create", actor_username="staff_a")
    assert sorted(created.values_list("target_type", flat=True)) == [
        "places.building", "places.unit", "places.unit", "places.unit"]


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404),           # staff of another community
    ("other_district_admin", 404),
    ("grid_a1", 403),           # sees the community, may not add buildings to it
    ("street_admin", 403),
    ("resident_a", 403),
])
def test_adding_a_building_is_refused_outside_the_community_staff(client, world, username,
                                                                   status):
    # given someone who is not the community's staff
    headers = headers_of(world, username)
    before = place_counts()

    # when they try to add a building to it
    response = client.post(f"/api/v1/places/communities/{world.community_a.pk}/buildings",
                           NEW_BUILDING, content_type="application/json", headers=headers)

    # then they are refused as the pages refuse them, and nothing changed
    assert response.status_code == status
    assert response.json()["code"] == {404: "not_found", 403: "permission_denied"}[status]
    assert place_counts() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "输入有误，请按提示修改。"),
    ("en", "Some entries are invalid. Please correct them as indicated."),
])
def test_a_building_name_already_taken_is_422_and_adds_nothing(client, world, language,
                                                               message):
    # given a building of that name in the community
    headers = headers_of(world, "staff_a")
    before = place_counts()
    client.cookies["django_language"] = language

    # when staff add another of the same name
    response = client.post(f"/api/v1/places/communities/{world.community_a.pk}/buildings",
                           {**NEW_BUILDING, "name": "甲楼一号"},
                           content_type="application/json", headers=headers)

    # then the problem names the field, in the reader's language, and nothing was added
    assert response.status_code == 422
    assert response.json()["message"] == message
    assert "__all__" in response.json()["detail"] or "name" in response.json()["detail"]
    assert place_counts() == before


def test_a_unit_count_out_of_range_is_422_and_adds_nothing(client, world):
    headers = headers_of(world, "staff_a")
    before = place_counts()

    response = client.post(f"/api/v1/places/communities/{world.community_a.pk}/buildings",
                           {**NEW_BUILDING, "units": 21}, content_type="application/json",
                           headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert place_counts() == before


NEW_FLAT = {"room_number": "102", "floor": 1, "floor_area": "58.20",
            "area_source": "register"}


def test_staff_add_a_flat_to_a_unit(client, world):
    # given the community's staff and a unit of their building
    headers = headers_of(world, "staff_a")

    # when they add flat 102
    response = client.post(f"/api/v1/places/units/{world.unit_a1.pk}/flats", NEW_FLAT,
                           content_type="application/json", headers=headers)

    # then it is in that unit and building, and audited
    assert response.status_code == 201
    flat = Flat.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": flat.pk, "community_id": world.community_a.pk,
        "building_id": world.building_a1.pk, "unit_id": world.unit_a1.pk,
        "room_number": "102", "floor": 1, "floor_area": "58.20",
        "area_source": "register", "is_unsold": False, "unsold_evidence": "",
        "unsold_marked_at": None, "actions": ["places.edit_flat", "places.mark_flat_unsold"]}
    assert AuditEntry.objects.filter(action="create", target_type="places.flat",
                                     target_id=str(flat.pk), actor_username="staff_a").exists()


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404), ("other_district_admin", 404), ("resident_a", 404),
    ("street_admin", 403),      # sees the unit, may not change places
    ("district_admin", 403),
])
def test_adding_a_flat_is_refused_to_all_but_the_communitys_editors(client, world, username,
                                                                    status):
    headers = headers_of(world, username)
    before = place_counts()

    response = client.post(f"/api/v1/places/units/{world.unit_a1.pk}/flats", NEW_FLAT,
                           content_type="application/json", headers=headers)

    assert response.status_code == status
    assert place_counts() == before


@pytest.mark.parametrize(("language", "room_message"), [
    ("zh-hans", "本单元已有该房号。"),
    ("en", "This unit already has a flat with that number."),
])
def test_a_room_number_already_taken_is_422_and_adds_nothing(client, world, language,
                                                             room_message):
    # given flat 101 in the unit
    headers = headers_of(world, "staff_a")
    before = place_counts()
    client.cookies["django_language"] = language

    # when staff add another 101
    response = client.post(f"/api/v1/places/units/{world.unit_a1.pk}/flats",
                           {**NEW_FLAT, "room_number": "101"}, content_type="application/json",
                           headers=headers)

    # then the problem says so in the reader's language, and nothing was added
    assert response.status_code == 422
    assert response.json()["detail"] == {"room_number": [room_message]}
    assert place_counts() == before


def test_patch_flat_refuses_a_survey_area_over_a_registered_one(client, world, staff_headers):
    # given a flat whose exclusive area comes from the property register
    Flat.objects.filter(pk=world.flat_a1.pk).update(area_source="register")
    # when a client patches in another area from a survey
    response = client.patch(f"/api/v1/places/flats/{world.flat_a1.pk}",
                            {"floor_area": "72.35", "area_source": "survey"},
                            content_type="application/json", headers=staff_headers)
    # then it is refused as the page refuses it, and the registered area stays
    assert response.status_code == 422
    assert "floor_area" in response.json()["detail"]
    assert Flat.objects.get(pk=world.flat_a1.pk).floor_area.to_eng_string() == "65.50"
