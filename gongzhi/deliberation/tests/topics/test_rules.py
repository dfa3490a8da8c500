"""One rule per action on a topic, a meeting and a task: every action against every status and
every role, and the topic's and meeting's pages showing exactly the buttons the API lists."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import Conflict, DomainError
from gongzhi.deliberation.tests.topics.factories import meeting_of, topic_of_a
from gongzhi.deliberation.topics import rules, services
from gongzhi.deliberation.topics.choices import MeetingStatus, TaskStatus, TopicStatus
from gongzhi.deliberation.topics.models import Meeting, Topic, TopicTask

pytestmark = pytest.mark.django_db

S = TopicStatus
ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
SCREENERS = {"staff_a", "secretary_a", "superuser"}

# rule -> (the statuses it is open in, the roles it is open to), written out here rather than
# read from topics/states.py, so that a change of the table shows up as a failing test. The
# topic is an ordinary matter (no owners' vote) whose outcome was adopted.
EXPECTED = {
    "deliberation.accept_topic": ({S.PROPOSED}, SCREENERS),
    "deliberation.decline_topic": ({S.PROPOSED}, SCREENERS),
    "deliberation.notify_topic": ({S.ACCEPTED}, SCREENERS),
    "deliberation.deliberate_topic": ({S.NOTIFIED}, SCREENERS),
    "deliberation.record_topic_outcome": ({S.DELIBERATING}, SCREENERS),
    "deliberation.publish_topic": ({S.DECIDED}, SCREENERS),
    "deliberation.carry_out_topic": ({S.PUBLISHED}, SCREENERS),
    "deliberation.report_topic_progress": ({S.CARRYING_OUT}, SCREENERS),
    "deliberation.publish_topic_feedback": ({S.CARRYING_OUT}, SCREENERS),
    "deliberation.close_topic": ({S.FEEDBACK}, SCREENERS),
    "deliberation.escalate_topic": ({S.ACCEPTED, S.NOTIFIED, S.DELIBERATING, S.DECIDED},
                                    SCREENERS),
    "deliberation.review_topic": ({S.ESCALATED}, {"street_admin", "superuser"}),
    "deliberation.start_topic_vote": (set(), set()),  # an ordinary matter needs no vote
    "deliberation.add_topic_task": ({S.PUBLISHED, S.CARRYING_OUT}, SCREENERS),
    "deliberation.create_topic_project": ({S.PUBLISHED, S.CARRYING_OUT}, SCREENERS),
    "deliberation.schedule_meeting": ({S.ACCEPTED, S.NOTIFIED, S.DELIBERATING}, SCREENERS),
    # residents rate the delivered result (the superuser may do anything)
    "deliberation.rate_topic": ({S.FEEDBACK, S.CLOSED}, {"resident_a", "superuser"}),
}
M = MeetingStatus
# resident_a is invited (meeting_of); the topic is under deliberation
MEETING_EXPECTED = {
    "deliberation.invite_to_meeting": ({M.PLANNED, M.NOTIFIED}, SCREENERS),
    "deliberation.notify_meeting": ({M.PLANNED}, SCREENERS),
    "deliberation.sign_in_to_meeting": ({M.NOTIFIED}, {"resident_a"}),
    "deliberation.record_meeting_sign_in": ({M.NOTIFIED, M.HELD}, SCREENERS),
    "deliberation.record_meeting_minutes": ({M.NOTIFIED}, SCREENERS),
}


def in_two_weeks() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=14)


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def set_status(topic, status, **fields) -> Topic:
    Topic.objects.filter(pk=topic.pk).update(status=status, **fields)
    return Topic.objects.get(pk=topic.pk)


def answers_of(world, rule, obj_of_status, statuses):
    """(status, role) -> the rule's answer, checking that template and API agree."""
    answers = {}
    for status in statuses:
        obj = obj_of_status(status)
        for role in ROLES:
            user = user_of(world, role)
            allowed = user.has_perm(rule, obj)
            assert allowed == (rule in open_actions(user, obj, [rule])), (status, role)
            answers[status, role] = allowed
    return {key for key, value in answers.items() if value}


def test_the_rules_are_the_actions_of_a_topic_and_a_meeting():
    assert set(rules.TOPIC_ACTIONS) == set(EXPECTED)
    assert set(rules.MEETING_ACTIONS) == set(MEETING_EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_topic_rule_by_status_and_role(world, rule):
    # given an ordinary topic of community A whose outcome was adopted, and every role
    topic = set_status(topic_of_a(world), S.PROPOSED, is_adopted=True)
    statuses, roles = EXPECTED[rule]
    # when it is in each status, then the rule is open exactly in the table's statuses to
    # the table's roles
    open_to = answers_of(world, rule, lambda status: set_status(topic, status), S.values)
    assert open_to == {(status, role) for status in statuses for role in roles}


@pytest.mark.parametrize("rule", list(MEETING_EXPECTED))
def test_each_meeting_rule_by_status_and_role(world, rule):
    # given a meeting of a topic under deliberation, resident_a invited, and every role
    meeting = meeting_of(world, topic_of_a(world, status=S.ACCEPTED))
    Topic.objects.filter(pk=meeting.topic_id).update(status=S.DELIBERATING)
    statuses, roles = MEETING_EXPECTED[rule]

    def meeting_in(status):
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        return Meeting.objects.select_related("topic").get(pk=meeting.pk)

    # when the meeting is in each status, then the rule follows the table
    open_to = answers_of(world, rule, meeting_in, M.values)
    assert open_to == {(status, role) for status in statuses for role in roles}


def test_a_vote_is_started_once_for_an_owners_matter_under_deliberation(world):
    # given an owners' matter (民法典 art. 278) under deliberation
    topic = topic_of_a(world, status=S.DELIBERATING, kind="elevator",
                       building=world.building_a1)
    staff = world.users["staff_a"]
    # when nothing has been put to the vote yet, then staff may start it, nobody else
    assert staff.has_perm(rules.START_VOTE, topic)
    assert not world.users["resident_a"].has_perm(rules.START_VOTE, topic)
    # and when a vote exists, then the rule is closed and the service refuses with the reason
    services.topic_vote_create(actor=staff, topic=topic, closes_on=in_two_weeks())
    topic.refresh_from_db()
    assert topic.vote_id is not None
    assert not staff.has_perm(rules.START_VOTE, topic)
    with pytest.raises(Conflict, match="已发起业主表决"):
        services.topic_vote_create(actor=staff, topic=topic, closes_on=in_two_weeks())


def test_an_outcome_not_adopted_is_closed_not_carried_out(world):
    # given a published outcome that was not adopted
    topic = set_status(topic_of_a(world, status=S.PUBLISHED), S.PUBLISHED, is_adopted=False)
    staff = world.users["staff_a"]
    # then it may be closed, and neither carried out nor given tasks
    assert staff.has_perm(rules.CLOSE, topic)
    assert not staff.has_perm(rules.CARRY_OUT, topic)
    assert not staff.has_perm(rules.ADD_TASK, topic)
    # and the service says why, changing nothing
    with pytest.raises(DomainError) as refused:
        services.topic_carry_out(actor=staff, topic=topic)
    assert refused.value.code == "not_adopted"
    assert Topic.objects.get(pk=topic.pk).status == S.PUBLISHED


def test_a_task_is_completed_once_by_its_owner_or_the_screeners(world):
    # given an open task of a topic being carried out, owned by grid_a1
    topic = topic_of_a(world, status=S.CARRYING_OUT)
    task = services.task_create(actor=world.users["staff_a"], topic=topic, description="修路面",
                                deadline=in_two_weeks(), owner_user=world.users["grid_a1"])
    # then its owner and the screeners may complete it, no one else
    open_to = {role for role in ROLES if user_of(world, role).has_perm(rules.COMPLETE_TASK, task)}
    assert open_to == {"grid_a1", *SCREENERS}
    # and once done, nobody may
    TopicTask.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    task = TopicTask.objects.select_related("topic").get(pk=task.pk)
    assert not any(user_of(world, role).has_perm(rules.COMPLETE_TASK, task) for role in ROLES)


def test_a_request_becomes_a_topic_when_staff_may_and_it_is_not_private(world):
    # given an ordinary request and a dispute of community A
    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="楼道灯坏了")
    dispute = dispute_of_a(world)
    # then the community's staff may hand on the request, not the dispute; nobody else may
    open_to = {role for role in ROLES
               if user_of(world, role).has_perm(rules.CREATE_FROM_CASE, case)}
    assert open_to == SCREENERS
    assert not any(user_of(world, role).has_perm(rules.CREATE_FROM_CASE, dispute)
                   for role in ROLES)


# ---- the page's buttons are the API's actions --------------------------------------------

PAGE_ACTION_RULE = {
    "accept": rules.ACCEPT, "decline": rules.DECLINE, "notify": rules.NOTIFY,
    "deliberate": rules.DELIBERATE, "outcome": rules.RECORD_OUTCOME, "publish": rules.PUBLISH,
    "carry_out": rules.CARRY_OUT, "progress": rules.PROGRESS, "feedback": rules.FEEDBACK,
    "close": rules.CLOSE, "escalate": rules.ESCALATE, "review": rules.REVIEW,
    "vote": rules.START_VOTE, "task": rules.ADD_TASK, "project": rules.CREATE_PROJECT,
    "rate": rules.RATE,
}


def page_actions(client, topic) -> set[str]:
    """The actions whose forms (or link) the topic's page shows."""
    html = client.get(reverse("deliberation:topic_detail", args=[topic.pk])).content.decode()
    pattern = re.escape(reverse("deliberation:topic_action", args=[topic.pk, "ACTION"])
                        ).replace("ACTION", r"(\w+)") + '"'  # not the meeting form's link
    shown = {PAGE_ACTION_RULE[action] for action in re.findall(pattern, html)}
    if reverse("deliberation:meeting_create", args=[topic.pk]) in html:
        shown.add(rules.SCHEDULE_MEETING)
    return shown


def api_get(client, user, path):
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    response = client.get(f"/api/v1/deliberation{path}", headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


SCENARIOS = [
    ("staff_a", S.PROPOSED, {rules.ACCEPT, rules.DECLINE}),
    ("staff_a", S.DELIBERATING, {rules.RECORD_OUTCOME, rules.ESCALATE,
                                 rules.SCHEDULE_MEETING}),
    ("secretary_a", S.PUBLISHED, {rules.CARRY_OUT, rules.ADD_TASK, rules.CREATE_PROJECT}),
    ("staff_a", S.FEEDBACK, {rules.CLOSE}),
    ("resident_a", S.DELIBERATING, set()),
    ("resident_a", S.FEEDBACK, {rules.RATE}),
    ("street_admin", S.ESCALATED, {rules.REVIEW}),
    ("staff_a", S.CLOSED, set()),
]


@pytest.mark.parametrize(("role", "status", "expected"), SCENARIOS)
def test_the_topic_page_shows_exactly_the_buttons_the_api_lists(client, world, role, status,
                                                                expected):
    # given a topic of community A in `status`, proposed by staff
    topic = topic_of_a(world, status=status)
    user = world.users[role]
    # when the user opens its page and asks the API about it, alone and in the list
    client.force_login(user)
    shown = page_actions(client, topic)
    listed = set(api_get(client, user, f"/topics/{topic.pk}")["actions"])
    in_list = {row["id"]: set(row["actions"])
               for row in api_get(client, user, "/topics")["items"]}
    # then all offer the same actions, and exactly those the rules open
    assert shown == listed == in_list[topic.pk] == expected


def test_the_meeting_page_shows_the_buttons_the_api_lists(client, world):
    # given a notified meeting with resident_a invited
    staff, resident = world.users["staff_a"], world.users["resident_a"]
    meeting = meeting_of(world, topic_of_a(world, status=S.ACCEPTED))
    services.meeting_notify(actor=staff, meeting=meeting)
    url = reverse("deliberation:meeting_detail", args=[meeting.pk])
    # when staff and the invited resident ask the API, then each sees their own actions
    assert set(api_get(client, staff, f"/meetings/{meeting.pk}")["actions"]) == {
        rules.INVITE, rules.RECORD_SIGN_IN, rules.RECORD_MINUTES}
    assert api_get(client, resident, f"/meetings/{meeting.pk}")["actions"] == [rules.SIGN_IN]
    # and the pages show those buttons: staff the sheet and minutes, the resident sign-in
    client.force_login(staff)
    html = client.get(url).content.decode()
    for action in ("invite", "record-sign-in", "minutes"):
        assert reverse("deliberation:meeting_action", args=[meeting.pk, action]) in html
    assert reverse("deliberation:meeting_action", args=[meeting.pk, "notify"]) not in html
    client.force_login(resident)
    html = client.get(url).content.decode()
    assert 'data-testid="sign-in"' in html
    assert reverse("deliberation:meeting_action", args=[meeting.pk, "invite"]) not in html
