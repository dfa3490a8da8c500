"""GET /api/v1/workbench: the same sections, counts and links as the page."""

import pytest
import time_machine

from gongzhi.accounts.services import api_token_create
from gongzhi.workbench.tests.factories import NOW, cases_of_a

pytestmark = pytest.mark.django_db


def get(client, user):
    token = api_token_create(user=user).token
    return client.get("/api/v1/workbench", headers={"Authorization": f"Bearer {token}"})


def test_staff_get_their_sections_with_counts_and_links(client, world):
    # given
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        # when
        response = get(client, world.users["staff_a"])
    # then
    assert response.status_code == 200
    data = response.json()
    assert [section["key"] for section in data["sections"]] == [
        "cases", "deliberation", "cobuilding", "activities", "volunteering", "care"]
    items = {item["key"]: item for item in data["sections"][0]["items"]}
    assert items["cases.overdue"] == {
        "key": "cases.overdue", "label": "已超期", "url": "/casework/?queue=overdue",
        "count": 1, "value": "", "hint": "", "tone": "danger"}
    assert [rate["key"] for rate in data["sections"][0]["rates"]] == [
        "response", "resolution", "satisfaction"]
    assert {"url": "/casework/new/", "label": "反映诉求",
            "hint": "楼道灯坏、屋面漏水、下水道堵塞……"} in data["shortcuts"]


def test_the_street_admin_gets_the_table_of_communities(client, world):
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        data = get(client, world.users["street_admin"]).json()
    (section,) = data["sections"]
    assert section["key"] == "street"
    row = next(row for row in section["rows"] if row["community_id"] == world.community_a.pk)
    cells = {cell["key"]: cell for cell in row["cells"]}
    assert (cells["open"]["count"], cells["overdue"]["count"]) == (6, 1)
    assert cells["overdue"]["url"] == f"/casework/?queue=overdue&community={world.community_a.pk}"
    assert {row["community"] for row in section["rows"]} == {"甲社区", "乙社区"}


def test_anonymous_gets_401(client, world):
    response = client.get("/api/v1/workbench")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_cases_api_lists_the_rows_of_a_workbench_queue(client, world):
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        token = api_token_create(user=world.users["staff_a"]).token
        response = client.get("/api/v1/casework/cases?queue=dispatch",
                              headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [row["status"] for row in response.json()["items"]] == ["returned", "new"]
