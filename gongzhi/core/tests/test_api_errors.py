"""Bad input answers the API's JSON problem with a 4xx, never a server error (issue 12, item 10).

Run on SQLite and on PostgreSQL (DATABASE_URL): the two refuse different things at the database.
"""

import json

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.api import api
from gongzhi.places.models import Community

HUGE = "99999999999999999999"  # past 2**63


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.fixture
def staff(world):
    return bearer(world.users["staff_a"])


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code


@pytest.mark.parametrize("url", [
    "/api/v1/party/summary?year=0",
    "/api/v1/party/summary?year=" + HUGE,
    "/api/v1/people/persons?offset=" + HUGE,
    "/api/v1/people/persons?limit=" + HUGE,
    "/api/v1/people/persons?community_id=" + HUGE,
    "/api/v1/people/persons?community_id=-1",
    "/api/v1/people/persons/" + HUGE,
    "/api/v1/places/communities/" + HUGE,
    "/api/v1/people/persons?search=%E7%94%B2%00",
])
def test_out_of_range_or_nul_query_is_a_validation_problem(client, staff, url):
    # when
    response = client.get(url, headers=staff)

    # then
    assert_problem(response, 422, "validation_failed")


def test_patch_community_with_null_facilities_is_refused_and_nothing_changes(client, world,
                                                                          staff):
    # given
    community = world.community_a
    Community.objects.filter(pk=community.pk).update(facilities="活动室", description="老小区")

    # when
    response = client.patch(f"/api/v1/places/communities/{community.pk}",
                            data=json.dumps({"facilities": None, "description": "改了"}),
                            content_type="application/json", headers=staff)

    # then
    assert_problem(response, 422, "validation_failed")
    community.refresh_from_db()
    assert (community.facilities, community.description) == ("活动室", "老小区")


def test_nul_character_in_a_json_body_is_refused(client, world, staff):
    # when
    response = client.patch(f"/api/v1/places/communities/{world.community_a.pk}",
                            data=json.dumps({"description": "老\x00小区"}),
                            content_type="application/json", headers=staff)

    # then
    assert_problem(response, 422, "validation_failed")
    assert response.json()["detail"]["errors"][0]["loc"] == ["body", "description"]
    world.community_a.refresh_from_db()
    assert world.community_a.description == ""


@pytest.mark.parametrize("payload", [
    {"quiet_start": "22:00:00+08:00", "quiet_end": "07:00:00+08:00"},
    {"quiet_start": "25:00", "quiet_end": "07:00"},
    {"modes": [{"kind": "community_notice", "channel": "email", "mode": 5}]},
    {"email": ["a@example.org"]},
    {"mobile": 13800138000},
])
def test_odd_notification_preferences_are_refused(client, world, payload):
    # given
    headers = bearer(world.users["resident_a"])

    # when
    response = client.put("/api/v1/notifications/preferences", data=json.dumps(payload),
                          content_type="application/json", headers=headers)

    # then
    assert_problem(response, 422, "validation_failed")


def test_an_unforeseen_error_is_a_logged_json_problem_not_an_html_page(client, world, staff,
                                                                      monkeypatch, caplog):
    # given
    from gongzhi.people import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "person_list", broken)

    # when
    response = client.get("/api/v1/people/persons", headers=staff)

    # then
    assert_problem(response, 500, "server_error")
    assert "boom" not in response.content.decode()
    assert any(record.exc_info and "boom" in str(record.exc_info[1])
               for record in caplog.records)


def test_every_operation_documents_its_error_statuses():
    # when
    schema = api.get_openapi_schema()

    # then
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            statuses = {int(status) for status in operation["responses"]}
            expected = {400, 403, 404, 422} | ({401} if operation.get("security") else set()) \
                | ({409} if method != "get" else set())
            assert expected <= statuses, (method, path, statuses)
    assert schema["components"]["schemas"]["Problem"]["required"] == ["code", "message",
                                                                      "detail"]


def test_no_two_api_schemas_share_a_component_name():
    # A second class of the same name silently replaces the first in the OpenAPI components,
    # so responses were checked against the wrong schema (the account's /auth/me against the
    # resident's record).
    from ninja import Schema

    import gongzhi.api  # noqa: F401 - loads every router

    seen = {}

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("gongzhi.") and ".api" in sub.__module__:
                seen.setdefault(sub.__name__, set()).add(sub.__module__)
            walk(sub)

    walk(Schema)
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
