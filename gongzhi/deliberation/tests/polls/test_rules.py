"""One rule per action on a residents' poll: every action against every status and every role,
the page showing exactly the buttons the API lists, and the API operations that are the twins
of the page's (create, open, paper ballot, check, publish) going through the same rules."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.deliberation.polls import rules, services
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import Poll, PollBallot, PollObjection
from gongzhi.people import services as people_services
from gongzhi.people.models import Person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
MANAGERS = {"staff_a", "secretary_a", "superuser"}
ELECTOR = {"resident_a"}  # lives in 甲楼二号, the poll's building

# rule -> (the statuses it is open in, the roles it is open to), written out here rather than
# read from polls/states.py, so that a change of the table shows up as a failing test
EXPECTED = {
    "deliberation.open_poll": ({"draft"}, MANAGERS),
    "deliberation.enter_paper_poll": ({"open"}, MANAGERS),
    "deliberation.check_paper_poll": ({"open"}, MANAGERS),
    "deliberation.correct_poll": ({"open", "closed"}, MANAGERS),
    "deliberation.close_poll": ({"open"}, MANAGERS),
    "deliberation.publish_poll": ({"closed"}, MANAGERS),
    "deliberation.record_objection_poll": ({"published"}, MANAGERS),
    "deliberation.answer_objection_poll": ({"published"}, MANAGERS),
    "deliberation.cast_poll": ({"open"}, ELECTOR),
    "deliberation.object_poll": ({"published"}, ELECTOR),
}


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def scan():
    return SimpleUploadedFile("scan.pdf", b"%PDF-1.4 poll ballot", "application/pdf")


def draft_poll(world) -> Poll:
    return services.poll_create(actor=world.users["staff_a"], community=world.community_a,
                                building=world.building_a2, title="甲楼二号活动室开放时间",
                                closes_on=datetime.date(2030, 1, 1))


def open_poll(world) -> Poll:
    return services.poll_open(actor=world.users["staff_a"], poll=draft_poll(world))


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def set_status(poll, status) -> Poll:
    Poll.objects.filter(pk=poll.pk).update(status=status)
    return Poll.objects.get(pk=poll.pk)


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def test_the_rules_are_the_actions_of_a_poll():
    assert set(rules.POLL_ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_status_and_role(world, rule):
    # given an open poll of 甲楼二号, in whose electorate resident_a stands
    poll = open_poll(world)
    statuses, roles = EXPECTED[rule]
    answers, expected = {}, {}
    for status in PollStatus.values:
        # when the poll is in `status`
        poll = set_status(poll, status)
        for role in ROLES:
            user = user_of(world, role)
            # then the template's question and the API's list agree on the answer
            allowed = user.has_perm(rule, poll)
            assert allowed == (rule in open_actions(user, poll, [rule])), (status, role)
            answers[status, role] = allowed
            expected[status, role] = status in statuses and role in roles
    assert {key for key, value in answers.items() if value} == {
        key for key, value in expected.items() if value}


# ---- the page and the API offer the same actions --------------------------------------------

def page_actions(client, poll) -> set[str]:
    html = client.get(reverse("deliberation:poll_detail", args=[poll.pk])).content.decode()
    pattern = re.escape(reverse("deliberation:poll_action", args=[poll.pk, "ACTION"])).replace(
        "ACTION", r"(\w+)")
    return {rules.POLL_ACTION_RULES[action] for action in re.findall(pattern, html)}


def poll_with_rows(world, status) -> Poll:
    """A poll with a row for every button: a paper ballot counted, another pending, and once
    published an unanswered objection."""
    if status == "draft":
        return draft_poll(world)
    neighbour = Person.objects.create(community=world.community_a, name="乙邻居",
                                      birth_date=datetime.date(1980, 5, 1))
    people_services.residence_move_in(actor=world.users["superuser"], person=neighbour,
                                      flat=world.flat_a2, relation="other")
    poll = open_poll(world)
    staff = world.users["staff_a"]
    first, second = poll.electors.order_by("pk")[:2]
    counted = services.poll_enter_paper(actor=staff, poll=poll, elector=first, choice="yes",
                                        scan=scan())
    services.poll_ballot_check(actor=world.users["secretary_a"], ballot=counted, approve=True)
    services.poll_enter_paper(actor=world.users["secretary_a"], poll=poll, elector=second,
                              choice="no", scan=scan())
    if status == "published":
        PollObjection.objects.create(poll=poll, raised_by=world.users["resident_a"],
                                     raised_by_name="乙**", text="异议")
    return set_status(poll, status)


SCENARIOS = [
    ("draft", {"deliberation.open_poll"}),
    ("open", {"deliberation.enter_paper_poll", "deliberation.check_paper_poll",
              "deliberation.correct_poll", "deliberation.close_poll"}),
    ("closed", {"deliberation.correct_poll", "deliberation.publish_poll"}),
    ("published", {"deliberation.record_objection_poll", "deliberation.answer_objection_poll"}),
]


@pytest.mark.parametrize(("status", "expected"), SCENARIOS)
def test_the_page_shows_exactly_the_buttons_the_api_lists(client, world, status, expected):
    # given a poll in `status` with a row for every button, and staff_a (who did not enter
    # the pending ballot, so may check it)
    poll = poll_with_rows(world, status)
    staff = world.users["staff_a"]
    # when staff open its page and ask the API about it
    client.force_login(staff)
    shown = page_actions(client, poll)
    response = client.get(f"/api/v1/deliberation/polls/{poll.pk}", headers=headers(staff))
    # then both offer the same actions, and exactly those the rules open
    assert shown == set(response.json()["actions"]) == expected


@pytest.mark.parametrize(("status", "expected"), [
    ("open", {"deliberation.cast_poll"}), ("closed", set())])
def test_the_residents_page_shows_what_their_api_lists(client, world, status, expected):
    # given resident_a in the electorate of a poll, without a ballot
    poll = set_status(open_poll(world), status)
    resident = world.users["resident_a"]
    # when they open their page and their API list
    client.force_login(resident)
    html = client.get(reverse("deliberation:my_polls")).content.decode()
    pattern = re.escape(reverse("deliberation:my_poll_ballot", args=[poll.pk, "ACTION"])
                        ).replace("ACTION", r"(\w+)")
    shown = {rules.OWN_POLL_ACTION_RULES[action] for action in re.findall(pattern, html)}
    mine = client.get("/api/v1/deliberation/my-polls", headers=headers(resident)).json()
    listed = {action for row in mine if row["poll"]["id"] == poll.pk
              for action in row["actions"]}
    # then both offer the same, and exactly what the rules open
    assert shown == listed == expected


# ---- the API twins of the page's create, open, paper ballot, check and publish -------------

def test_staff_run_a_poll_through_the_api_as_on_the_page(client, world):
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    # when staff create a poll of 甲楼二号 through the API
    created = client.post("/api/v1/deliberation/polls", {
        "community_id": world.community_a.pk, "building_id": world.building_a2.pk,
        "title": "楼道灯更换", "closes_on": "2030-01-01"}, content_type="application/json",
        headers=headers(staff))
    # then it is a draft, which they may open
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["actions"]) == ("draft", ["deliberation.open_poll"])
    poll_id = body["id"]
    # when they open it, the electorate is frozen
    opened = client.post(f"/api/v1/deliberation/polls/{poll_id}/open", headers=headers(staff))
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    elector = Poll.objects.get(pk=poll_id).electors.order_by("pk").first()
    # when they enter a paper ballot with its scan
    entered = client.post(f"/api/v1/deliberation/polls/{poll_id}/paper-ballots",
                          {"elector_id": elector.pk, "choice": "yes", "scan": scan()},
                          headers=headers(staff))
    assert entered.status_code == 201, entered.content
    ballot_id = entered.json()["id"]
    assert entered.json()["state"] == "pending"
    # then they may not check their own entry; the secretary may
    own_check = client.post(f"/api/v1/deliberation/poll-ballots/{ballot_id}/check",
                            {"approve": True}, content_type="application/json",
                            headers=headers(staff))
    assert (own_check.status_code, own_check.json()["code"]) == (403, "same_person")
    checked = client.post(f"/api/v1/deliberation/poll-ballots/{ballot_id}/check",
                          {"approve": True}, content_type="application/json",
                          headers=headers(secretary))
    assert checked.status_code == 200 and checked.json()["state"] == "counted"
    # when it is published before it closes, the state refuses (409) and nothing changes
    early = client.post(f"/api/v1/deliberation/polls/{poll_id}/publish", headers=headers(staff))
    assert (early.status_code, early.json()["code"]) == (409, "not_closed")
    assert Poll.objects.get(pk=poll_id).status == PollStatus.OPEN
    client.post(f"/api/v1/deliberation/polls/{poll_id}/close", {"confirm_early": True},
                content_type="application/json", headers=headers(staff))
    published = client.post(f"/api/v1/deliberation/polls/{poll_id}/publish",
                            headers=headers(staff))
    # then the result is published with the one counted ballot
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["result"]["voted"]) == (
        "published", 1)
    assert published.json()["actions"] == ["deliberation.record_objection_poll",
                                           "deliberation.answer_objection_poll"]


def test_the_api_twins_refuse_outsiders_and_wrong_states(client, world):
    # given an open poll of community A
    poll = open_poll(world)
    outsider = world.users["staff_b"]
    # when staff of another community create one in A, or open, publish, enter a ballot
    created = client.post("/api/v1/deliberation/polls", {
        "community_id": world.community_a.pk, "title": "外人", "closes_on": "2030-01-01"},
        content_type="application/json", headers=headers(outsider))
    opened = client.post(f"/api/v1/deliberation/polls/{poll.pk}/open", headers=headers(outsider))
    paper = client.post(f"/api/v1/deliberation/polls/{poll.pk}/paper-ballots",
                        {"elector_id": poll.electors.first().pk, "choice": "yes",
                         "scan": scan()}, headers=headers(outsider))
    # then they are told nothing exists, and nothing was written
    assert [created.status_code, opened.status_code, paper.status_code] == [404, 404, 404]
    assert Poll.objects.count() == 1 and not PollBallot.objects.exists()
    # when A's staff open the open poll again, the state refuses with its code
    again = client.post(f"/api/v1/deliberation/polls/{poll.pk}/open",
                        headers=headers(world.users["staff_a"]))
    assert (again.status_code, again.json()["code"]) == (409, "not_draft")
    # and a resident in the electorate may see their poll only on their own list
    hidden = client.get(f"/api/v1/deliberation/polls/{poll.pk}",
                        headers=headers(world.users["resident_a"]))
    assert hidden.status_code == 404
