"""Care's visits in the JSON API: the same rules, selectors and services as the pages."""


import json

import pytest
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.models import HoursEntry
from gongzhi.audit.models import AuditEntry
from gongzhi.care.supplies.models import Stock
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits.models import Visit
from gongzhi.casework.tests.factories import category, png

API = "/api/v1/care"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None, **extra):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method == "multipart":
            return client.post(f"{API}{path}", data or {}, headers=headers)
        if method == "post":
            return client.post(f"{API}{path}", data or {}, content_type="application/json",
                               headers=headers)
        return client.get(f"{API}{path}", headers=headers)
    return send


@pytest.mark.django_db
def test_my_households_lists_the_helpers_own_with_the_log_action(call, world):
    care = care_of_a(world)
    rows = call(world.users["resident_a"], "get", "/mine").json()
    assert [(r["household_id"], r["actions"]) for r in rows] == [
        (care.household.pk, ["care.log_visit"])]
    assert rows[0]["name"] == "甲居民"


@pytest.mark.django_db
def test_staff_log_a_visit_with_goods_by_json(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "post",
                    f"/households/{care.household.pk}/visits",
                    {"visited_on": timezone.localdate().isoformat(), "found": "独自在家",
                     "hours": "1.0", "store_id": care.store.pk,
                     "goods": [{"item_id": care.rice.pk, "quantity": 3}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["given"], body["found"]) == ("大米3袋", "独自在家")
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 17


@pytest.mark.django_db
def test_a_helper_logs_a_visit_by_json_but_gives_nothing_from_the_store(call, world):
    care = care_of_a(world)
    path = f"/households/{care.household.pk}/visits"
    day = timezone.localdate().isoformat()
    response = call(world.users["resident_a"], "post", path,
                    {"visited_on": day, "found": "独自在家", "hours": "1.0"})
    assert response.status_code == 201, response.content
    assert response.json()["actions"] == []
    refused = call(world.users["resident_a"], "post", path,
                   {"visited_on": day, "store_id": care.store.pk,
                    "goods": [{"item_id": care.rice.pk, "quantity": 20}]})
    assert refused.status_code == 422 and "goods" in refused.json()["detail"]
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 20


@pytest.mark.django_db
def test_short_stock_is_a_clear_problem_and_nothing_is_saved(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "post", f"/households/{care.household.pk}/visits",
                    {"visited_on": timezone.localdate().isoformat(), "store_id": care.store.pk,
                     "goods": [{"item_id": care.masks.pk, "quantity": 11}]})
    assert response.status_code in (409, 422)
    assert response.json()["message"]
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_visit_with_a_photo_by_multipart(call, world):
    care = care_of_a(world)
    response = call(world.users["resident_a"], "multipart",
                    f"/households/{care.household.pk}/visits/multipart",
                    {"visited_on": timezone.localdate().isoformat(), "found": "精神好",
                     "photo": png()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["has_photo"] and body["photo_url"].endswith(f"/visits/{body['id']}/photo")
    photo = call(world.users["resident_a"], "get", f"/visits/{body['id']}/photo")
    assert photo.status_code == 200
    assert call(world.users["staff_b"], "get", f"/visits/{body['id']}/photo").status_code == 404


@pytest.mark.django_db
def test_reading_a_visit_is_audited_and_outsiders_get_not_found(call, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, found="血压偏高")
    before = AuditEntry.objects.filter(action="read_sensitive", target_type="care.visit").count()
    body = call(world.users["resident_a"], "get", f"/visits/{visit.pk}").json()
    assert body["found"] == "血压偏高"
    assert AuditEntry.objects.filter(action="read_sensitive",
                                     target_type="care.visit").count() == before + 1
    for outsider in ("grid_a1", "staff_b", "street_admin"):
        assert call(world.users[outsider], "get", f"/visits/{visit.pk}").status_code == 404


@pytest.mark.django_db
def test_staff_see_the_actions_and_convert_a_follow_up(call, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, follow_up="门锁坏了", hours=2)
    staff = world.users["staff_a"]
    body = call(staff, "get", f"/visits/{visit.pk}").json()
    assert body["actions"] == ["care.follow_up_case", "care.follow_up_need",
                               "care.follow_up_done", "care.confirm_visit_hours"]
    body = call(staff, "post", f"/visits/{visit.pk}/follow-up/case",
                {"category_id": category(world.community_a).pk}).json()
    assert body["follow_up_status"] == "case" and body["case_id"]
    assert body["actions"] == ["care.confirm_visit_hours"]
    body = call(staff, "post", f"/visits/{visit.pk}/hours").json()
    assert body["hours_entry_id"] == HoursEntry.objects.get(
        source=f"care.visit:{visit.pk}").pk
    assert call(staff, "post", f"/visits/{visit.pk}/hours").status_code == 409


@pytest.mark.django_db
def test_the_overdue_list_and_queues_are_the_staffs(call, world):
    care = care_of_a(world)
    visit_of(world, care.household, follow_up="门锁坏了", hours=2)
    staff = world.users["staff_a"]
    assert {r["household_id"] for r in call(staff, "get", "/overdue").json()} >= {
        care.unpaired.pk}
    assert call(staff, "get", "/visits?queue=follow_ups").json()["count"] == 1
    assert call(staff, "get", "/visits?queue=hours").json()["count"] == 1
    assert call(world.users["resident_a"], "get", "/visits?queue=hours").status_code == 403
    assert call(world.users["resident_a"], "get", "/overdue").json() == []


@pytest.mark.django_db
def test_too_many_goods_lines_by_multipart_is_a_clear_problem(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "multipart",
                    f"/households/{care.household.pk}/visits/multipart",
                    {"visited_on": timezone.localdate().isoformat(), "store_id": care.store.pk,
                     "goods": json.dumps([{"item_id": care.rice.pk, "quantity": 1}] * 21)})
    assert response.status_code == 422 and "goods" in response.json()["detail"]
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_refused_read_of_a_visit_is_audited_as_refused(call, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, found="血压偏高")
    assert call(world.users["staff_b"], "get", f"/visits/{visit.pk}").status_code == 404
    entry = AuditEntry.objects.filter(action="read_sensitive", target_type="care.visit").get()
    assert (entry.outcome, entry.target_id, entry.actor_id) == (
        "failure", str(visit.pk), world.users["staff_b"].pk)
