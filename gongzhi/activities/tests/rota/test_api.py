"""The rota in the JSON API: publishing a post with a rota, taking a shift from a phone,
checking in and out, the organiser's confirmation, my shifts, and who sees whom."""

import datetime

import pytest
import time_machine

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.rota import services
from gongzhi.activities.rota.models import Post, ShiftSignUp
from gongzhi.activities.tests.factories import at, volunteer_of
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.audit.models import AuditEntry
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def party_world(world):
    return party_of_a(world)


def headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def test_staff_preview_and_publish_a_rota_through_the_api(client, party_world):
    w = party_world
    rota = {"first_day": "2026-03-01", "days": 2, "starts": ["00:00", "08:00", "16:00"],
            "hours": 8, "slots": 2}
    preview = client.post("/api/v1/activities/posts/preview", rota,
                          content_type="application/json", headers=headers(w.users["staff_a"]))
    created = client.post("/api/v1/activities/posts", {
        "community_id": w.community_a.pk, "title": "小区卡点", "kind": "checkpoint",
        "open_to": "volunteers", "place": "东门", "rota": rota},
        content_type="application/json", headers=headers(w.users["staff_a"]))
    assert preview.status_code == 200 and len(preview.json()) == 6
    assert moment(preview.json()[0]["starts_at"]) == at("2026-03-01", 0)
    assert created.status_code == 201
    body = created.json()
    assert (body["kind"], body["rota"]["days"], len(body["shifts"])) == ("checkpoint", 2, 6)
    assert moment(body["shifts"][5]["ends_at"]) == at("2026-03-03", 0)
    assert "activities.add_shifts" in body["actions"]


def test_who_may_not_publish_gets_nothing_and_nothing_is_made(client, party_world):
    w = party_world
    for username, status in (("party_a", 404), ("staff_b", 404)):
        response = client.post("/api/v1/activities/posts", {
            "community_id": w.community_a.pk, "title": "外人发布",
            "shift": {"date": "2026-03-01", "slots": 1}},
            content_type="application/json", headers=headers(w.users[username]))
        assert response.status_code == status
    assert not Post.objects.filter(title="外人发布").exists()


def test_a_volunteer_takes_checks_in_and_out_and_staff_confirm_from_the_api(client, world):
    # given a resident volunteer and a post open to volunteers, 08:00–12:00
    volunteer = volunteer_of(world.person_resident_a)
    post = services.post_create(actor=world.users["staff_a"], community=world.community_a,
                                title="周末巡查", kind="patrol", open_to="volunteers",
                                shift=services.one_shift(date=datetime.date(2026, 5, 9),
                                                         start_time=datetime.time(8),
                                                         end_time=datetime.time(12), slots=1))
    shift = post.shifts.get()
    mine = headers(world.users["resident_a"])
    # when they take it twice, check in at 07:55 and out at 11:40
    taken = client.post(f"/api/v1/activities/shifts/{shift.pk}/signups", headers=mine)
    again = client.post(f"/api/v1/activities/shifts/{shift.pk}/signups", headers=mine)
    signup_id = taken.json()["id"]
    with time_machine.travel(at("2026-05-09", 7, 55), tick=False):
        checked_in = client.post(f"/api/v1/activities/shift-signups/{signup_id}/check-in",
                                 headers=mine)
        upcoming = client.get("/api/v1/activities/me/shifts", headers=mine).json()
    with time_machine.travel(at("2026-05-09", 11, 40), tick=False):
        checked_out = client.post(f"/api/v1/activities/shift-signups/{signup_id}/check-out",
                                  headers=mine)
    # ... and staff confirm 3.7 hours
    confirmed = client.post(f"/api/v1/activities/shift-signups/{signup_id}/confirm",
                            {"work_done": "巡查楼道", "hours": 3.7},
                            content_type="application/json",
                            headers=headers(world.users["staff_a"]))
    # then each step answered as it should, and the ledger holds the confirmed hours
    assert (taken.status_code, again.status_code, again.json()["code"]) == (
        201, 400, "already_taken")
    assert checked_in.json()["actions"] == ["activities.check_out_shift"]
    assert [s["id"] for s in upcoming["upcoming"]] == [signup_id]
    assert moment(checked_out.json()["checked_out_at"]) == at("2026-05-09", 11, 40)
    assert (confirmed.status_code, confirmed.json()["status"], confirmed.json()["actions"]) == (
        200, "confirmed", [])
    entry = HoursEntry.objects.get(shift_signup_id=signup_id)
    assert (entry.volunteer, str(entry.hours), entry.served_on) == (
        volunteer, "3.7", datetime.date(2026, 5, 9))


def test_the_signups_of_a_members_post_are_for_the_roll_keepers_only(client, party_world):
    # given A's members' post, its shift taken by party_a
    w = party_world
    name = w.in_service_a.person.name
    # when the grid worker (who publishes posts) and the secretary read who took it
    grid = client.get(f"/api/v1/activities/posts/{w.post_a.pk}/signups",
                      headers=headers(w.users["grid_a1"]))
    grid_list = client.get("/api/v1/activities/shift-signups", headers=headers(w.users["grid_a1"]))
    secretary = client.get(f"/api/v1/activities/posts/{w.post_a.pk}/signups",
                           headers=headers(w.users["secretary_a"]))
    # then the grid worker is forbidden and lists nobody; the secretary sees the member
    assert (grid.status_code, grid_list.json()["count"]) == (403, 0)
    assert name not in grid.content.decode() + grid_list.content.decode()
    assert [s["volunteer_name"] for s in secretary.json()] == [name]


def test_a_member_withdraws_their_shift_by_api_and_others_cannot(client, party_world):
    w = party_world
    staff = client.post(f"/api/v1/activities/shift-signups/{w.shift_signup_a.pk}/withdraw",
                        headers=headers(w.users["staff_a"]))
    outsider = client.post(f"/api/v1/activities/shift-signups/{w.shift_signup_a.pk}/withdraw",
                           headers=headers(w.users["staff_b"]))
    assert (staff.status_code, outsider.status_code) == (404, 404)
    assert ShiftSignUp.objects.filter(pk=w.shift_signup_a.pk).exists()
    response = client.post(f"/api/v1/activities/shift-signups/{w.shift_signup_a.pk}/withdraw",
                           headers=headers(w.users["party_a"]))
    assert response.status_code == 204
    assert not ShiftSignUp.objects.filter(pk=w.shift_signup_a.pk).exists()


def test_staff_close_a_post_through_the_api_and_it_is_audited(client, party_world):
    w = party_world
    response = client.post(f"/api/v1/activities/posts/{w.post_a.pk}/status",
                           {"status": "closed"}, content_type="application/json",
                           headers=headers(w.users["grid_a1"]))
    assert (response.status_code, response.json()["status"]) == (200, "closed")
    w.post_a.refresh_from_db()
    assert w.post_a.status == "closed"
    assert AuditEntry.objects.filter(target_type="activities.post", target_id=str(w.post_a.pk),
                                     action="update", actor=w.users["grid_a1"]).exists()


@pytest.mark.parametrize(("username", "expected"), [("staff_b", 404), ("party_a", 403)])
def test_who_may_not_manage_a_post_cannot_change_its_status(client, party_world, username,
                                                            expected):
    w = party_world
    response = client.post(f"/api/v1/activities/posts/{w.post_a.pk}/status",
                           {"status": "closed"}, content_type="application/json",
                           headers=headers(w.users[username]))
    assert response.status_code == expected
    w.post_a.refresh_from_db()
    assert w.post_a.status == "open"


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "输入有误，请按提示修改。"),
    ("en", "Some entries are invalid. Please correct them as indicated."),
])
def test_an_unknown_post_status_is_422_in_the_readers_language(client, party_world, language,
                                                              message):
    w = party_world
    client.cookies["django_language"] = language
    response = client.post(f"/api/v1/activities/posts/{w.post_a.pk}/status",
                           {"status": "paused"}, content_type="application/json",
                           headers=headers(w.users["staff_a"]))
    assert response.status_code == 422
    assert response.json()["message"] == message
    assert "status" in str(response.json()["detail"])
    w.post_a.refresh_from_db()
    assert w.post_a.status == "open"


def test_staff_add_a_shift_change_its_slots_and_assign_a_volunteer(client, party_world):
    w = party_world
    auth = headers(w.users["staff_a"])
    added = client.post(f"/api/v1/activities/posts/{w.post_a.pk}/shifts",
                        {"date": "2026-03-08", "start_time": "09:00", "end_time": "11:00",
                         "slots": 1}, content_type="application/json", headers=auth)
    shift_id = added.json()["id"]
    slots = client.post(f"/api/v1/activities/shifts/{shift_id}/slots", {"slots": 3},
                        content_type="application/json", headers=auth)
    member = volunteer_of(w.member_a.person)
    assigned = client.post(f"/api/v1/activities/shifts/{shift_id}/assign",
                           {"volunteer_id": member.pk}, content_type="application/json",
                           headers=auth)
    stranger = volunteer_of(w.person_resident_a)  # not on the roll: not for a members' post
    refused = client.post(f"/api/v1/activities/shifts/{shift_id}/assign",
                          {"volunteer_id": stranger.pk}, content_type="application/json",
                          headers=auth)
    assert (added.status_code, slots.json()["slots"], assigned.status_code) == (201, 3, 201)
    assert refused.status_code == 404
    assert list(ShiftSignUp.objects.filter(shift_id=shift_id).values_list(
        "volunteer_id", flat=True)) == [member.pk]


def test_a_stewarding_post_names_an_activity_of_its_community(client, party_world):
    from gongzhi.activities.events.models import Activity

    w = party_world
    fields = {"kind": "clinic", "place": "社区广场", "capacity": 50,
              "starts_at": at("2026-05-09", 9), "ends_at": at("2026-05-09", 12),
              "created_by": w.users["staff_a"]}
    ours = Activity.objects.create(community=w.community_a, title="健康义诊", **fields)
    theirs = Activity.objects.create(community=w.community_b, title="乙社区义诊", **fields)
    auth = headers(w.users["staff_a"])
    data = {"community_id": w.community_a.pk, "title": "义诊秩序", "kind": "stewarding",
            "shift": {"date": "2026-05-09", "slots": 4}}
    made = client.post("/api/v1/activities/posts", {**data, "activity_id": ours.pk},
                       content_type="application/json", headers=auth)
    refused = client.post("/api/v1/activities/posts", {**data, "activity_id": theirs.pk},
                          content_type="application/json", headers=auth)
    assert (made.status_code, made.json()["activity_id"]) == (201, ours.pk)
    assert refused.status_code == 404
    assert Post.objects.filter(title="义诊秩序").count() == 1
