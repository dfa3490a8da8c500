"""The staff's topic operations in the JSON API: meetings, invitations, the notice, the paper
sign-in sheet, minutes, outcome, tasks and the co-building project; the same services and
checks as the pages, errors as JSON problems."""

import pytest

from gongzhi.deliberation.tests.topics.factories import (
    future,
    meeting_of,
    partner_unit,
    topic_of_a,
)
from gongzhi.deliberation.topics.choices import MeetingStatus, TopicStatus
from gongzhi.deliberation.topics.models import Invitee, Meeting, SignIn, TopicTask

S = TopicStatus
BASE = "/api/v1/deliberation"


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _client(client, user):
    from gongzhi.accounts.services import api_token_create

    token = api_token_create(user=user).token

    def post(path, body):
        return client.post(f"{BASE}{path}", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})

    def get(path):
        return client.get(f"{BASE}{path}", headers={"Authorization": f"Bearer {token}"})

    return post, get


def test_staff_run_a_meeting_from_schedule_to_project_through_the_api(client, world):
    # given an accepted topic and a partner unit of the community
    topic = topic_of_a(world, status=S.ACCEPTED)
    unit = partner_unit(world)
    post, get = _client(client, world.users["staff_a"])

    # when staff schedule the meeting, invite, notify, enter the sheet and record the minutes
    response = post(f"/topics/{topic.pk}/meetings", {
        "title": "小巷微改造议事会", "starts_at": future().isoformat(), "place": "社区会议室",
        "agenda": ["介绍方案", "听取意见"]})
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["agenda"], meeting["status"]) == (["介绍方案", "听取意见"], "planned")
    mid = meeting["id"]
    resident = post(f"/meetings/{mid}/invitees", {"kind": "resident_rep",
                                                  "user_id": world.users["resident_a"].pk})
    assert resident.status_code == 201, resident.content
    assert resident.json()["user_id"] == world.users["resident_a"].pk
    bank = post(f"/meetings/{mid}/invitees", {"kind": "partner_unit",
                                              "partner_unit_id": unit.pk})
    assert (bank.status_code, bank.json()["name"]) == (201, unit.name)
    assert post(f"/meetings/{mid}/notice", {"note": "请准时参加"}).json()["status"] == "notified"
    assert post(f"/meetings/{mid}/sign-ins",
                {"invitee_id": resident.json()["id"]}).status_code == 201
    walk_in = post(f"/meetings/{mid}/sign-ins", {"name": "热心居民"})
    assert (walk_in.status_code, walk_in.json()["is_self"]) == (201, False)
    again = post(f"/meetings/{mid}/sign-ins", {"invitee_id": resident.json()["id"]})
    assert (again.status_code, again.json()["code"]) == (409, "already_signed_in")
    sheet = get(f"/meetings/{mid}/sign-ins").json()
    assert [row["name"] for row in sheet][1:] == ["热心居民"] and len(sheet) == 2
    minutes = post(f"/meetings/{mid}/minutes", {"minutes": "与会各方同意分两期施工"})
    assert (minutes.status_code, minutes.json()["status"]) == (201, MeetingStatus.HELD)

    # and record the outcome, publish it, carry it out with a task and a project
    outcome = post(f"/topics/{topic.pk}/outcome", {"outcome": "同意分两期微改造",
                                                   "votes_for": 2, "votes_against": 0,
                                                   "votes_abstain": 0, "meeting_id": mid})
    assert outcome.json()["status"] == "decided", outcome.content
    post(f"/topics/{topic.pk}/steps", {"action": "publish"})
    task = post(f"/topics/{topic.pk}/tasks", {
        "description": "联系施工单位", "deadline": "2030-01-01", "owner_unit_id": unit.pk})
    assert task.status_code == 201, task.content
    assert (task.json()["owner"], task.json()["status"]) == (unit.name, "open")
    project = post(f"/topics/{topic.pk}/project", {"lead_unit_id": unit.pk, "plan": "两期施工"})
    assert project.status_code == 201, project.content

    # then the topic carries the project and moved on
    topic.refresh_from_db()
    assert topic.status == S.CARRYING_OUT
    assert project.json()["project_id"] == topic.project_id is not None
    assert Meeting.objects.get(pk=mid).sign_ins.count() == 2


def test_a_resident_cannot_run_the_meeting_and_nothing_changes(client, world):
    meeting = meeting_of(world, topic_of_a(world, status=S.ACCEPTED))
    post, get = _client(client, world.users["resident_a"])
    before = (Meeting.objects.count(), Invitee.objects.count(), SignIn.objects.count(),
              TopicTask.objects.count())
    for path, body in [
        (f"/topics/{meeting.topic_id}/meetings", {"title": "x", "place": "x", "agenda": ["x"],
                                                  "starts_at": future().isoformat()}),
        (f"/meetings/{meeting.pk}/invitees", {"kind": "stakeholder", "name": "某某"}),
        (f"/meetings/{meeting.pk}/notice", {}),
        (f"/meetings/{meeting.pk}/sign-ins", {"name": "某某"}),
        (f"/meetings/{meeting.pk}/minutes", {"minutes": "自己写的纪要"}),
    ]:
        response = post(path, body)
        assert response.status_code == 403, (path, response.content)
        assert set(response.json()) == {"code", "message", "detail"}
    assert get(f"/meetings/{meeting.pk}/sign-ins").status_code == 403
    assert (Meeting.objects.count(), Invitee.objects.count(), SignIn.objects.count(),
            TopicTask.objects.count()) == before


def test_an_account_of_another_community_is_a_validation_problem(client, world):
    meeting = meeting_of(world, topic_of_a(world, status=S.ACCEPTED))
    post, _get = _client(client, world.users["staff_a"])
    response = post(f"/meetings/{meeting.pk}/invitees", {
        "kind": "resident_rep", "user_id": world.users["staff_b"].pk})
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "validation_failed")
    assert "user_id" in body["detail"]
    assert not Invitee.objects.filter(meeting=meeting, user=world.users["staff_b"]).exists()


def test_a_meeting_in_the_past_is_refused(client, world):
    topic = topic_of_a(world, status=S.ACCEPTED)
    post, _get = _client(client, world.users["staff_a"])
    response = post(f"/topics/{topic.pk}/meetings", {
        "title": "补开的会", "starts_at": "2020-01-01T10:00:00+08:00", "place": "会议室",
        "agenda": ["补记"]})
    assert (response.status_code, list(response.json()["detail"])) == (422, ["starts_at"])
    assert not Meeting.objects.filter(topic=topic).exists()
