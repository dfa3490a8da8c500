"""The staff's topic operations in the JSON API: meetings, invitations, the notice, the paper
sign-in sheet, minutes, outcome, tasks and the co-building project; the same services and
checks as the pages, errors as JSON problems."""

import base64

import pytest

from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category
from gongzhi.deliberation.tests.topics.factories import (
    future,
    meeting_of,
    partner_unit,
    topic_of_a,
)
from gongzhi.deliberation.topics.choices import MeetingStatus, TopicStatus
from gongzhi.deliberation.topics.models import Invitee, Meeting, SignIn, Topic, TopicTask

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
    assert task.json()["actions"] == ["deliberation.complete_topic_task"]  # staff may
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


def test_proposing_through_the_api_takes_what_the_page_takes(client, world):
    # given a resident of community A, a unit of a building and a PDF
    post, _get = _client(client, world.users["resident_a"])
    content = base64.b64encode(b"%PDF-1.4 topic material").decode()
    # when they propose a topic with the unit and the document, as on the page
    response = post("/topics", {
        "community_id": world.community_a.pk, "title": "单元门禁维修",
        "description": "门禁坏了一个月", "building_id": world.building_a1.pk,
        "unit_id": world.unit_a1.pk, "documents": [{"name": "照片说明.pdf",
                                                    "content": content}]})
    # then the topic has them, and its proposer may do nothing more to it
    assert response.status_code == 201, response.content
    topic = Topic.objects.get(pk=response.json()["id"])
    assert (topic.building, topic.unit) == (world.building_a1, world.unit_a1)
    assert [(d.name, d.content_type) for d in topic.documents.all()] == [
        ("照片说明.pdf", "application/pdf")]
    assert response.json()["actions"] == []


def test_a_document_that_is_not_base64_is_a_validation_problem(client, world):
    post, _get = _client(client, world.users["resident_a"])
    # when the document's content is not base64
    response = post("/topics", {
        "community_id": world.community_a.pk, "title": "单元门禁维修",
        "description": "门禁坏了一个月", "documents": [{"name": "a.pdf", "content": "不是"}]})
    # then it is refused on the field and no topic is made
    assert (response.status_code, list(response.json()["detail"])) == (422, ["documents"])
    assert not Topic.objects.exists()


def test_a_request_becomes_a_topic_through_the_api(client, world):
    # given a request of community A and its reporter
    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="楼道灯坏了，电话13800138001找我")
    path = f"/cases/{case.pk}/topic"
    # when the reporter asks, then they may not (they see the request: forbidden)
    reporter_post, _get = _client(client, world.users["resident_a"])
    assert reporter_post(path, {}).status_code == 403
    # when staff of another community ask, then the request is not found
    outsider_post, _get = _client(client, world.users["staff_b"])
    assert outsider_post(path, {}).status_code == 404
    assert not Topic.objects.exists()
    # when staff of A hand it on as an elevator matter
    post, _get = _client(client, world.users["staff_a"])
    response = post(path, {"kind": "elevator"})
    # then the topic is made by the page's service, linked and masked, with the staff's actions
    assert response.status_code == 201, response.content
    topic = Topic.objects.get(source_case=case)
    body = response.json()
    assert (body["id"], body["kind"], body["item_number"], body["source_case_id"]) == (
        topic.pk, "elevator", 8, case.pk)
    assert "13800138001" not in topic.description
    assert body["actions"] == ["deliberation.accept_topic", "deliberation.decline_topic"]
    # and a second time, it is a conflict
    again = post(path, {})
    assert (again.status_code, again.json()["code"]) == (409, "already_converted")
    assert Topic.objects.filter(source_case=case).count() == 1


def test_staff_start_the_owners_vote_through_the_steps(client, world):
    # given an elevator topic under deliberation
    topic = topic_of_a(world, status=S.DELIBERATING, kind="elevator",
                       building=world.building_a1)
    post, _get = _client(client, world.users["staff_a"])
    # when staff forget the closing day, then it is a validation problem
    assert post(f"/topics/{topic.pk}/steps", {"action": "vote"}).status_code == 422
    # when they give it, then the vote is created as the page creates it
    response = post(f"/topics/{topic.pk}/steps", {"action": "vote",
                                                  "closes_on": "2030-01-01"})
    assert response.status_code == 201, response.content
    topic.refresh_from_db()
    assert response.json()["vote_id"] == topic.vote_id is not None
    assert "deliberation.start_topic_vote" not in response.json()["actions"]
