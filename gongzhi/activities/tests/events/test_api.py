"""The activities API: a mini-program's calendar, sign-up and check-in by token; staff's
organising and attendance through the same rules and services."""

import pytest
import time_machine

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.events import checkin
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.tests.events.factories import activity_of, signup_of
from gongzhi.activities.tests.factories import at

pytestmark = pytest.mark.django_db

TODAY = at("2026-03-05", 10)
J = "application/json"


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def test_a_mini_program_lists_signs_up_and_checks_in(client, world, clock):
    # given
    activity = activity_of(world, starts_at=at("2026-03-05", 10, 30))
    resident = headers(world.users["resident_a"])
    # when
    listed = client.get("/api/v1/activities/activities?month=2026-03", headers=resident).json()
    detail = client.get(f"/api/v1/activities/activities/{activity.pk}", headers=resident).json()
    joined = client.post(f"/api/v1/activities/activities/{activity.pk}/signups",
                         headers=resident)
    token = checkin.token_for(activity, now=TODAY)
    checked = client.post("/api/v1/activities/checkin", data={"token": token}, content_type=J,
                          headers=resident)
    # then
    assert [a["title"] for a in listed["items"]] == ["甲社区义诊"]
    assert detail["actions"] == ["activities.join_activity"]
    assert detail["own_signup"] is None and detail["not_eligible"] is None
    assert joined.status_code == 201 and joined.json()["status"] == "confirmed"
    assert checked.status_code == 200
    assert checked.json()["checked_in_at"].startswith("2026-03-05T")
    assert SignUp.objects.get().checked_in_at == TODAY


def test_a_forged_token_is_a_problem_and_changes_nothing(client, world, clock):
    activity = activity_of(world)
    signup_of(activity, world.person_resident_a)
    response = client.post("/api/v1/activities/checkin", data={"token": "1.abc.x:forged"},
                           content_type=J, headers=headers(world.users["resident_a"]))
    assert (response.status_code, response.json()["code"]) == (400, "checkin_code_invalid")
    assert SignUp.objects.get().checked_in_at is None


def test_staff_create_publish_and_see_the_actions(client, world, clock):
    staff = headers(world.users["staff_a"])
    created = client.post("/api/v1/activities/activities", headers=staff, content_type=J, data={
        "community_id": world.community_a.pk, "title": "防诈骗讲座", "kind": "talk",
        "place": "社区活动室", "starts_at": "2026-03-12T09:00:00+08:00",
        "ends_at": "2026-03-12T10:30:00+08:00", "capacity": 40})
    assert created.status_code == 201
    pk = created.json()["id"]
    published = client.post(f"/api/v1/activities/activities/{pk}/publish", headers=staff)
    assert published.json()["status"] == "published"
    detail = client.get(f"/api/v1/activities/activities/{pk}", headers=staff).json()
    assert detail["actions"] == [
        "activities.edit_activity", "activities.close_activity",
        "activities.complete_activity", "activities.rotate_code_activity",
        "activities.sign_up_resident_activity", "activities.cancel_activity"]
    patched = client.patch(f"/api/v1/activities/activities/{pk}", headers=staff,
                           content_type=J, data={"capacity": 50})
    assert patched.json()["capacity"] == 50


def test_staff_of_another_community_get_not_found_and_nothing_changes(client, world, clock):
    activity = activity_of(world, status=ActivityStatus.DRAFT)
    other = headers(world.users["staff_b"])
    assert client.get(f"/api/v1/activities/activities/{activity.pk}",
                      headers=other).status_code == 404
    assert client.post(f"/api/v1/activities/activities/{activity.pk}/publish",
                       headers=other).status_code == 404
    assert Activity.objects.get().status == ActivityStatus.DRAFT


def test_staff_sign_up_a_resident_check_in_and_out(client, world, clock):
    activity = activity_of(world)
    staff = headers(world.users["staff_a"])
    made = client.post(f"/api/v1/activities/activities/{activity.pk}/signups/resident",
                       headers=staff, content_type=J,
                       data={"person_id": world.person_a.pk})
    assert made.status_code == 201
    signup_id = made.json()["id"]
    assert made.json()["actions"] == ["activities.cancel_signup",
                                      "activities.check_in_signup"]
    client.post(f"/api/v1/activities/signups/{signup_id}/check-in", headers=staff)
    out = client.post(f"/api/v1/activities/signups/{signup_id}/check-out", headers=staff)
    assert out.json()["checked_out_at"] is not None
    names = client.get(f"/api/v1/activities/activities/{activity.pk}/signups",
                       headers=staff).json()
    assert [row["name"] for row in names] == ["甲居民"]
    assert client.get(f"/api/v1/activities/activities/{activity.pk}/signups",
                      headers=headers(world.users["resident_a"])).status_code == 404


def test_a_resident_answers_an_offer(client, world, clock):
    activity = activity_of(world, capacity=1)
    signup = signup_of(activity, world.person_resident_a, status=SignUpStatus.OFFERED,
                       offer_expires_at=at("2026-03-06", 10))
    mine = client.get("/api/v1/activities/my-signups?queue=offers",
                      headers=headers(world.users["resident_a"])).json()
    assert [row["id"] for row in mine] == [signup.pk]
    accepted = client.post(f"/api/v1/activities/signups/{signup.pk}/accept",
                           headers=headers(world.users["resident_a"]))
    assert accepted.json()["status"] == "confirmed"
