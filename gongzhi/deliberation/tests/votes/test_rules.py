"""One rule per action on an owners' vote: every action against every status and every role
(the adhocracy+ way), the services refusing as the rules say, and the vote's page showing
exactly the buttons the API lists."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.deliberation.balloting.states import StateRefused
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import rules, services
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import Ballot, Objection, Vote

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
MANAGERS = {"staff_a", "secretary_a", "superuser"}
OWNER = {"resident_a"}  # owns the top flat of the vote (factories.owned_flats)

# rule -> (the statuses it is open in, the roles it is open to), written out here rather than
# read from votes/states.py, so that a change of the table shows up as a failing test
EXPECTED = {
    "deliberation.edit_vote": ({"draft"}, MANAGERS),
    "deliberation.add_document_vote": ({"draft"}, MANAGERS),
    "deliberation.open_vote": ({"draft"}, MANAGERS),
    "deliberation.enter_paper_vote": ({"open"}, MANAGERS),
    "deliberation.authorise_proxy_vote": ({"open"}, MANAGERS),
    "deliberation.enter_proxy_vote": ({"open"}, MANAGERS),
    "deliberation.revoke_proxy_vote": ({"open"}, MANAGERS),
    "deliberation.check_paper_vote": ({"open"}, MANAGERS),
    "deliberation.correct_vote": ({"open", "closed"}, MANAGERS),
    "deliberation.correct_elector_vote": ({"open", "closed"}, MANAGERS),
    "deliberation.close_vote": ({"open"}, MANAGERS),
    "deliberation.publish_vote": ({"closed"}, MANAGERS),
    "deliberation.add_photo_vote": ({"published"}, MANAGERS),
    "deliberation.record_objection_vote": ({"published"}, MANAGERS),
    "deliberation.answer_objection_vote": ({"published"}, MANAGERS),
    "deliberation.cast_vote": ({"open"}, OWNER),
    "deliberation.object_vote": ({"published"}, OWNER),
}


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def set_status(vote, status) -> Vote:
    Vote.objects.filter(pk=vote.pk).update(status=status)
    return Vote.objects.get(pk=vote.pk)


def test_the_rules_are_the_actions_of_a_vote():
    assert set(rules.VOTE_ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_status_and_role(world, rule):
    # given an open vote of four flats, the top one owned by resident_a
    owned_flats(world, count=4)
    vote = open_vote(world)
    statuses, roles = EXPECTED[rule]
    answers, expected = {}, {}
    for status in VoteStatus.values:
        # when the vote is in `status`
        vote = set_status(vote, status)
        for role in ROLES:
            user = user_of(world, role)
            # then the template's question and the API's list agree on the answer
            allowed = user.has_perm(rule, vote)
            assert allowed == (rule in open_actions(user, vote, [rule])), (status, role)
            answers[status, role] = allowed
            expected[status, role] = status in statuses and role in roles
    assert {key for key, value in answers.items() if value} == {
        key for key, value in expected.items() if value}


def test_a_refused_state_is_a_409_with_the_actions_own_code(world):
    # given a vote already open
    owned_flats(world, count=4)
    vote = open_vote(world)
    # when staff open it again
    with pytest.raises(StateRefused) as error:
        services.vote_open(actor=world.users["staff_a"], vote=vote)
    # then the state refuses, with the code the page and the API have always given
    assert (error.value.status, error.value.code) == (409, "not_draft")
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN


def test_the_running_tally_is_the_staffs_from_the_opening(world):
    # given a vote of four flats, the top one owned by resident_a, in each status
    owned_flats(world, count=4)
    vote = open_vote(world)
    staff = {"staff_a", "secretary_a", "grid_a1", "street_admin", "district_admin",
             "superuser"}
    for status in VoteStatus.values:
        vote = set_status(vote, status)
        # when each role asks for the tally, then the staff in scope may read it once the
        # vote has opened (its rule set is frozen), never an owner or an outsider
        readers = {role for role in ROLES
                   if user_of(world, role).has_perm(rules.VIEW_TALLY, vote)}
        assert readers == staff, status
    draft = services.vote_create(actor=world.users["staff_a"], building=world.building_a1,
                                 unit=None, title="草稿", item_number=5,
                                 closes_on="2030-01-01")
    assert not world.users["staff_a"].has_perm(rules.VIEW_TALLY, draft)


@pytest.mark.parametrize(("role", "refusal"), [("staff_b", NotFound),
                                               ("street_admin", PermissionDenied),
                                               ("resident_a", PermissionDenied)])
def test_who_may_not_act_is_refused_before_the_state(world, role, refusal):
    # given an open vote; staff_b cannot see it, the street sees it, resident_a owns a flat
    owned_flats(world, count=4)
    vote = open_vote(world)
    # when they try to close it, then: not found, or forbidden, whatever its state
    with pytest.raises(refusal):
        services.vote_close(actor=world.users[role], vote=vote, confirm_early=True)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN


def test_an_owner_objects_only_while_published_and_staff_record_on_their_behalf(world):
    # given an open vote, then closed and published
    owned_flats(world, count=4)
    vote = open_vote(world)
    owner, staff = world.users["resident_a"], world.users["staff_a"]
    # when the owner objects while it is open, then the state refuses
    with pytest.raises(DomainError) as error:
        services.objection_create(actor=owner, vote=vote, text="太早了")
    assert error.value.code == "not_published"
    vote = services.vote_publish(actor=staff, vote=services.vote_close(
        actor=staff, vote=vote, confirm_early=True))
    # when the owner and staff object once it is published, then both are recorded
    services.objection_create(actor=owner, vote=vote, text="面积有误")
    services.objection_create(actor=staff, vote=vote, text="代业主登记")
    assert sorted(Objection.objects.filter(vote=vote).values_list("text", flat=True)) == [
        "代业主登记", "面积有误"]
    # and someone who is neither cannot tell the vote exists
    with pytest.raises(NotFound):
        services.objection_create(actor=world.users["staff_b"], vote=vote, text="外人")


# ---- the page and the API offer the same actions --------------------------------------------

def page_actions(client, vote) -> set[str]:
    """The actions whose forms the vote's page shows."""
    html = client.get(reverse("deliberation:vote_detail", args=[vote.pk])).content.decode()
    pattern = re.escape(reverse("deliberation:vote_action", args=[vote.pk, "ACTION"])).replace(
        "ACTION", r"(\w+)")
    shown = {rules.VOTE_ACTION_RULES[action] for action in re.findall(pattern, html)}
    if reverse("deliberation:publicity_photo_add", args=[vote.pk]) in html:
        shown.add(rules.VOTE_ACTION_RULES["photo"])
    return shown


def api_actions(client, user, vote) -> set[str]:
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    response = client.get(f"/api/v1/deliberation/votes/{vote.pk}", headers=headers)
    assert response.status_code == 200
    return set(response.json()["actions"])


def vote_with_rows(world, status):
    """A vote with a row for every button: a pending paper ballot, an unused proxy, a counted
    online ballot and, once published, an unanswered objection."""
    owned_flats(world, count=4)
    vote = open_vote(world)
    staff, owner = world.users["staff_a"], world.users["resident_a"]
    electors = {elector.floor: elector for elector in vote.electors.all()}
    services.ballot_cast_online(actor=owner, vote=vote, elector=electors[4], choice="yes")
    services.proxy_authorise(actor=staff, elector=electors[2], owner_name="业主2",
                             proxy_name="业主2之子", document=scan())
    services.ballot_enter_paper(actor=staff, vote=vote, elector=electors[1], choice="no",
                                voter_name="业主1", scan=scan())
    if status == "draft":
        Ballot.objects.filter(vote=vote).delete()
    if status == "published":
        Objection.objects.create(vote=vote, raised_by=owner, raised_by_name="甲**", text="异议")
    return set_status(vote, status)


SCENARIOS = [
    ("draft", {"deliberation.edit_vote", "deliberation.add_document_vote",
               "deliberation.open_vote"}),
    ("open", {"deliberation.enter_paper_vote", "deliberation.authorise_proxy_vote",
              "deliberation.enter_proxy_vote", "deliberation.revoke_proxy_vote",
              "deliberation.check_paper_vote", "deliberation.correct_vote",
              "deliberation.correct_elector_vote", "deliberation.close_vote"}),
    ("closed", {"deliberation.correct_vote", "deliberation.correct_elector_vote",
                "deliberation.publish_vote"}),
    ("published", {"deliberation.add_photo_vote", "deliberation.record_objection_vote",
                   "deliberation.answer_objection_vote"}),
]


@pytest.mark.parametrize(("status", "expected"), SCENARIOS)
def test_the_page_shows_exactly_the_buttons_the_api_lists(client, world, settings, tmp_path,
                                                          status, expected):
    settings.MEDIA_ROOT = tmp_path
    # given a vote in `status` with a row for every button, and the secretary (who did not
    # enter the paper ballot, so may check it)
    vote = vote_with_rows(world, status)
    user = world.users["secretary_a"]
    # when the secretary opens its page and asks the API about it
    client.force_login(user)
    shown = page_actions(client, vote)
    listed = api_actions(client, user, vote)
    # then both offer the same actions, and exactly those the rules open
    assert shown == listed == expected


@pytest.mark.parametrize(("status", "expected"), [
    ("open", {"deliberation.cast_vote"}),
    ("published", {"deliberation.object_vote"}),
    ("closed", set()),
])
def test_the_owners_page_shows_what_their_api_lists(client, world, status, expected):
    # given an owner of a flat of the vote, without a ballot yet
    owned_flats(world, count=4)
    vote, staff = open_vote(world), world.users["staff_a"]
    if status in ("closed", "published"):
        vote = services.vote_close(actor=staff, vote=vote, confirm_early=True)
    if status == "published":
        vote = services.vote_publish(actor=staff, vote=vote)
    owner = world.users["resident_a"]
    # when they open their page and their API list
    client.force_login(owner)
    html = client.get(reverse("deliberation:my_votes")).content.decode()
    pattern = re.escape(reverse("deliberation:my_ballot", args=[vote.pk, "ACTION"])).replace(
        "ACTION", r"(\w+)")
    shown = {rules.OWN_VOTE_ACTION_RULES[action] for action in re.findall(pattern, html)}
    headers = {"Authorization": f"Bearer {api_token_create(user=owner).token}"}
    mine = client.get("/api/v1/deliberation/my-votes", headers=headers).json()
    listed = {action for row in mine if row["id"] == vote.pk for action in row["actions"]}
    # then both offer the same, and exactly what the rules open
    assert shown == listed == expected
