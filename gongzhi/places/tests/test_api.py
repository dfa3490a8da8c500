import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.places.models import Flat


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
