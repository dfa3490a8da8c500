"""Topic pages and API: what each person sees and may press, query budgets, case → topic."""

import re

import pytest
from django.urls import reverse

from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.deliberation.tests.topics.factories import meeting_of, partner_unit, topic_of_a
from gongzhi.deliberation.topics.choices import TopicKind, TopicStatus
from gongzhi.deliberation.topics.models import Topic

S = TopicStatus


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_resident_proposes_on_the_form_and_sees_their_topic(client, world):
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("deliberation:topic_create"), {
        "community": world.community_a.pk, "title": "巷口加装休息座椅",
        "description": "老人买菜回来走累了没地方坐", "kind": "ordinary"})
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert (topic.proposer, topic.status) == (world.users["resident_a"], S.PROPOSED)
    page = client.get(reverse("deliberation:topic_detail", kwargs={"pk": topic.pk}))
    assert "巷口加装休息座椅" in page.content.decode()
    assert f'action="/deliberation/topics/{topic.pk}/accept/"' not in page.content.decode()


def test_staff_see_the_buttons_of_the_table_and_the_outcome_before_it_is_public(client, world):
    topic = topic_of_a(world, status=S.DECIDED)
    client.force_login(world.users["staff_a"])
    content = client.get(reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
                         ).content.decode()
    assert reverse("deliberation:topic_action", kwargs={"pk": topic.pk,
                                                        "action": "publish"}) in content
    assert reverse("deliberation:topic_action", kwargs={"pk": topic.pk,
                                                        "action": "accept"}) not in content
    assert "担心施工噪音" in content
    # residents see the topic (it was notified) but not the outcome until it is published
    client.force_login(world.users["resident_a"])
    content = client.get(reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
                         ).content.decode()
    assert "担心施工噪音" not in content
    assert "publish" not in content


def test_a_button_pressed_without_the_right_changes_nothing(client, world):
    topic = topic_of_a(world, status=S.NOTIFIED)
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("deliberation:topic_action",
                                   kwargs={"pk": topic.pk, "action": "deliberate"}))
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == S.NOTIFIED


def test_an_invitee_signs_in_on_the_meeting_page(client, world):
    from gongzhi.deliberation.topics import services

    topic = topic_of_a(world, status=S.ACCEPTED)
    meeting = meeting_of(world, topic)
    services.meeting_notify(actor=world.users["staff_a"], meeting=meeting)
    client.force_login(world.users["resident_a"])
    url = reverse("deliberation:meeting_detail", kwargs={"pk": meeting.pk})
    assert 'data-testid="sign-in"' in client.get(url).content.decode()
    client.post(reverse("deliberation:meeting_action", kwargs={"pk": meeting.pk,
                                                                "action": "sign-in"}))
    client.post(reverse("deliberation:meeting_action", kwargs={"pk": meeting.pk,
                                                                "action": "sign-in"}))
    assert meeting.sign_ins.count() == 1
    assert 'data-testid="signed-in"' in client.get(url).content.decode()


def test_a_request_becomes_a_topic_from_its_page(client, world):
    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="楼道灯坏了，电话13800138001找我")
    client.force_login(world.users["staff_a"])
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    assert 'data-testid="convert-to-topic"' in client.get(case_url).content.decode()
    response = client.post(reverse("deliberation:topic_from_case", kwargs={"case_pk": case.pk}))
    topic = Topic.objects.get(source_case=case)
    assert response["Location"] == reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
    content = client.get(response["Location"]).content.decode()
    assert case_url in content
    # the topic will be public: the reporter's phone is not copied into it
    assert "13800138001" not in topic.description and "138****8001" in topic.description
    # and the request's page links to its topic, with no second button
    page = client.get(case_url).content.decode()
    assert reverse("deliberation:topic_detail", kwargs={"pk": topic.pk}) in page
    assert 'data-testid="convert-to-topic"' not in page


def test_the_case_page_offers_every_topic_kind_from_deliberation(client, world):
    """The kind select on a request's page comes from deliberation's partial and tag."""
    # given a request staff may turn into a topic
    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="小区停车位不够，想商量划线")
    client.force_login(world.users["staff_a"])
    # when staff open its page
    page = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).content.decode()
    # then the select offers exactly the topic kinds, in their order, posting to the hand-off
    start = page.index('id="topic-kind"')
    select = page[start:page.index("</select>", start)]
    assert re.findall(r'<option value="([^"]+)">', select) == list(TopicKind.values)
    assert f'action="{reverse("deliberation:topic_from_case", kwargs={"case_pk": case.pk})}"' \
        in page
    # and the kind chosen there is the topic's kind
    client.post(reverse("deliberation:topic_from_case", kwargs={"case_pk": case.pk}),
                {"kind": TopicKind.ELEVATOR})
    topic = Topic.objects.get(source_case=case)
    assert (topic.kind, topic.item_number) == (TopicKind.ELEVATOR, 8)


def test_a_dispute_never_becomes_a_public_topic(client, world):
    case = dispute_of_a(world)
    client.force_login(world.users["staff_a"])
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    assert 'data-testid="convert-to-topic"' not in client.get(case_url).content.decode()
    response = client.post(reverse("deliberation:topic_from_case", kwargs={"case_pk": case.pk}))
    assert response["Location"] == case_url
    assert not Topic.objects.filter(source_case=case).exists()


def test_the_list_and_outcome_pages_keep_their_query_count(client, world,
                                                           django_assert_max_num_queries):
    # (the outcomes moved to the public portal, issue 17: its page is guarded there)
    client.force_login(world.users["staff_a"])
    topic_of_a(world, status=S.PUBLISHED)
    outcomes = reverse("portal:community_outcomes", args=[world.community_a.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("deliberation:topic_list"))
    with django_assert_max_num_queries(40) as few_outcomes:
        client.get(outcomes)
    for index in range(5):
        topic_of_a(world, status=S.PUBLISHED, title=f"议题{index}号")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("deliberation:topic_list"))
    assert response.content.decode().count("议题4号") == 1
    with django_assert_max_num_queries(len(few_outcomes.captured_queries)):
        response = client.get(outcomes)
    assert "议题4号" in response.content.decode()


def test_the_api_topic_lists_keep_their_query_count(client, world,
                                                    django_assert_max_num_queries):
    """Whether the reader may screen or review each topic (which decides the decline reason
    and a not yet public outcome) is part of the list's query, not two queries per topic
    (found by `scripts/bench.py --grow`)."""
    from gongzhi.accounts.services import api_token_create

    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    resident = world.users["resident_a"]  # proposed by someone else than the reader
    topic_of_a(world, status=S.PUBLISHED, proposer=resident)
    urls = ["/api/v1/deliberation/topics", "/api/v1/deliberation/topics/outcomes"]
    budgets = []
    topic_of_a(world, status=S.DECIDED, proposer=resident)  # outcome not public yet
    for url in urls:
        with django_assert_max_num_queries(20) as few:
            assert client.get(url, headers=headers).status_code == 200
        budgets.append(len(few.captured_queries))
    for index in range(3):
        topic_of_a(world, status=S.PUBLISHED, proposer=resident, title=f"议题{index}号")
        topic_of_a(world, status=S.DECIDED, proposer=resident, title=f"决定{index}号")
        topic_of_a(world, status=S.DECLINED, proposer=resident, title=f"不予{index}号")
    for url, budget in zip(urls, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            body = client.get(url, headers=headers).json()
        assert body["count"] >= 4
    topics = client.get(urls[0], headers=headers).json()["items"]
    assert {t["decline_reason"] for t in topics if t["status"] == "declined"} == {
        "不属于社区协商范围"}
    assert all(t["outcome"] for t in topics if t["status"] == "decided")


def test_the_api_hides_an_unpublished_outcome_from_residents(client, world):
    from gongzhi.accounts.services import api_token_create

    topic = topic_of_a(world, status=S.DECIDED)
    token = api_token_create(user=world.users["resident_a"]).token
    body = client.get(f"/api/v1/deliberation/topics/{topic.pk}",
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert (body["status"], body["outcome"], body["dissent"]) == ("decided", "", "")
    staff_token = api_token_create(user=world.users["staff_a"]).token
    body = client.post(f"/api/v1/deliberation/topics/{topic.pk}/steps",
                       {"action": "publish"}, content_type="application/json",
                       headers={"Authorization": f"Bearer {staff_token}"}).json()
    assert (body["status"], body["outcome"]) == ("published", "同意微改造")


def test_residents_see_where_a_topic_came_from_without_a_link_they_cannot_open(client, world):
    from gongzhi.casework import services as case_services
    from gongzhi.casework.tests.factories import category
    from gongzhi.deliberation.topics import services as services_topics

    case = case_services.case_report(
        actor=world.users["staff_a"], category=category(world.community_a),
        building=world.building_a1, description="屋面漏水", reporter=world.person_a)
    topic = services_topics.topic_create_from_case(actor=world.users["staff_a"], case=case)
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    topic_url = reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
    client.force_login(world.users["staff_a"])
    assert case_url in client.get(topic_url).content.decode()
    # the resident of flat_a2 may see the topic once it is public, but not the request
    services_topics.topic_accept(actor=world.users["staff_a"], topic=topic, note="受理")
    services_topics.topic_notify(actor=world.users["staff_a"], topic=topic, note="公布")
    client.force_login(world.users["resident_a"])
    page = client.get(topic_url)
    assert page.status_code == 200
    assert case_url not in page.content.decode()
    assert client.get(case_url).status_code == 404


def test_a_topic_names_its_unit_from_the_list(client, world):
    # given
    client.force_login(world.users["resident_a"])
    data = {"community": world.community_a.pk, "title": "单元门禁维修",
            "description": "单元门禁坏了一个月", "kind": "ordinary",
            "building": world.building_a1.pk}
    # when a unit of another building is posted, then the right one
    refused = client.post(reverse("deliberation:topic_create"),
                          {**data, "unit": world.flat_a2.unit_id})
    count_after_refusal = Topic.objects.count()
    client.post(reverse("deliberation:topic_create"), {**data, "unit": world.unit_a1.pk})
    # then
    assert "所选单元不属于该楼栋。" in refused.content.decode()
    assert count_after_refusal == 0
    assert Topic.objects.get().unit == world.unit_a1


def test_attendance_counts_walk_ins_apart_from_the_invited(client, world):
    # given a meeting with two invitees; one of them and three walk-ins sign in
    from gongzhi.deliberation.topics import services

    staff = world.users["staff_a"]
    meeting = meeting_of(world, topic_of_a(world, status=S.ACCEPTED))
    services.meeting_notify(actor=staff, meeting=meeting)
    invited = meeting.invitees.get(user=world.users["resident_a"])
    services.sign_in_record(actor=staff, meeting=meeting, invitee=invited)
    for name in ("路过的张阿姨", "楼下李伯", "王师傅"):
        services.sign_in_record(actor=staff, meeting=meeting, name=name)
    client.force_login(staff)
    # when
    topic_page = client.get(reverse("deliberation:topic_detail", kwargs={"pk": meeting.topic_id})
                            ).content.decode()
    meeting_page = client.get(reverse("deliberation:meeting_detail", kwargs={"pk": meeting.pk})
                              ).content.decode()
    # then both say how many were invited, how many of them came, and the walk-ins apart
    said = "邀请 2，受邀到会 1，另有 3 人未受邀现场签到"
    assert f'data-testid="attendance-{meeting.pk}">{said}</span>' in topic_page
    assert f'data-testid="attendance">{said}</div>' in meeting_page
    assert "签到表（4 人）" in meeting_page
    assert meeting_page.count('data-testid="walk-in"') == 3


def _press(client, topic, action, data=None):
    return client.post(reverse("deliberation:topic_action",
                               kwargs={"pk": topic.pk, "action": action}), data or {})


def _status(topic):
    topic.refresh_from_db()
    return topic.status


def test_staff_walk_a_topic_through_its_buttons_one_form_each(client, world):
    # given a topic resident_a proposed, a partner unit, and staff on its page
    staff, resident = world.users["staff_a"], world.users["resident_a"]
    topic = topic_of_a(world, proposer=resident)
    unit = partner_unit(world)
    client.force_login(staff)
    # when staff decline without a reason, then the service's refusal is flashed, nothing moves
    response = _press(client, topic, "decline", {"note": "  "})
    assert response.status_code == 302 and _status(topic) == S.PROPOSED
    # when staff accept, hold a meeting from the meeting page and record its outcome
    assert _press(client, topic, "accept", {"note": "同意受理"}).status_code == 302
    assert _status(topic) == S.ACCEPTED
    meeting = meeting_of(world, topic)
    meeting_url = reverse("deliberation:meeting_detail", kwargs={"pk": meeting.pk})

    def press_meeting(action, data=None):
        response = client.post(reverse("deliberation:meeting_action",
                                       kwargs={"pk": meeting.pk, "action": action}), data or {})
        assert response["Location"] == meeting_url
        return response

    press_meeting("invite", {"kind": "stakeholder", "target": f"user-{staff.pk}"})
    assert meeting.invitees.filter(user=staff).exists()
    press_meeting("invite", {"kind": "stakeholder", "target": "user-0", "name": "外人"})
    assert not meeting.invitees.filter(name="外人").exists()  # not a choice: refused
    press_meeting("notify", {"note": "请准时参加"})
    invitee = meeting.invitees.get(user=resident)
    press_meeting("record-sign-in", {"invitee": invitee.pk})
    press_meeting("record-sign-in", {"name": "楼下老陈"})
    press_meeting("minutes", {"minutes": "大家同意分两期施工"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sign_ins.count()) == ("held", 2)
    assert _status(topic) == S.DELIBERATING
    _press(client, topic, "outcome", {"outcome": "同意分两期施工", "votes_for": "2",
                                      "votes_against": "0", "votes_abstain": "0",
                                      "meeting": meeting.pk})
    topic.refresh_from_db()
    assert (topic.status, topic.outcome_meeting_id, topic.votes_for) == (
        S.DECIDED, meeting.pk, 2)
    _press(client, topic, "publish")
    # and give the follow-through a task for the unit and a project it leads
    _press(client, topic, "task", {"description": "联系施工单位", "owner": f"unit-{unit.pk}",
                                   "deadline": "2030-01-01"})
    assert [(t.owner_unit, t.description) for t in topic.tasks.all()] == [(unit, "联系施工单位")]
    assert _status(topic) == S.CARRYING_OUT
    _press(client, topic, "project", {"lead_unit": unit.pk, "plan": "两期施工",
                                      "category": ""})
    topic.refresh_from_db()
    assert topic.project.lead_unit == unit
    # when the task is done and the feedback published, then the resident rates it once
    task = topic.tasks.get()
    client.post(reverse("deliberation:task_complete", kwargs={"pk": task.pk}),
                {"note": "已联系"})
    _press(client, topic, "feedback", {"note": "已完工"})
    assert _status(topic) == S.FEEDBACK
    client.force_login(resident)
    _press(client, topic, "rate", {"score": "4", "comment": "好"})
    _press(client, topic, "rate", {"score": "5"})
    assert list(topic.ratings.values_list("score", flat=True)) == [4]


def test_the_street_hears_an_escalated_topic_with_the_review_form(client, world):
    # given a topic escalated to the street
    topic = topic_of_a(world, status=S.ESCALATED)
    client.force_login(world.users["street_admin"])
    # when the street returns it to the community (the second button)
    _press(client, topic, "review", {"note": "请社区继续协商", "decide": "0"})
    # then it is under deliberation again
    assert _status(topic) == S.DELIBERATING


def test_an_owners_vote_is_started_from_the_page(client, world):
    # given an elevator topic under deliberation, and staff on its page
    topic = topic_of_a(world, status=S.DELIBERATING, kind="elevator",
                       building=world.building_a1)
    client.force_login(world.users["staff_a"])
    # when they press without a closing day, then nothing is created
    response = _press(client, topic, "vote", {"closes_on": ""})
    topic.refresh_from_db()
    assert response["Location"] == reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
    assert topic.vote_id is None
    # when they give one, then the draft vote's page opens
    response = _press(client, topic, "vote", {"closes_on": "2030-01-01"})
    topic.refresh_from_db()
    assert response["Location"] == reverse("deliberation:vote_detail",
                                           kwargs={"pk": topic.vote_id})
