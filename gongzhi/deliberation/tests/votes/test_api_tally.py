"""The running tally in the API: the staff who may see a vote read it from its opening, an
owner reads the result only once it is published (rule deliberation.view_tally_vote)."""

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.deliberation.tests.factories import owned_flats
from gongzhi.deliberation.votes import rules, services
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets

pytestmark = pytest.mark.django_db
BASE = "/api/v1/deliberation"


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.fixture
def open_vote(world):
    ensure_rule_sets()
    owned_flats(world, count=4)
    staff = world.users["staff_a"]
    vote = services.vote_create(actor=staff, building=world.building_a1, unit=world.unit_a1,
                                title="屋面防水", item_number=5, closes_on="2030-01-01",
                                cost_total="1000")
    vote = services.vote_open(actor=staff, vote=vote)
    owner_elector = vote.electors.get(floor=4)
    services.ballot_cast_online(actor=world.users["resident_a"], vote=vote,
                                elector=owner_elector, choice="yes")
    return vote


def test_staff_read_the_running_tally_before_publication(client, world, open_vote):
    # given an open vote with one online ballot
    # when the staff who run it read its detail
    body = client.get(f"{BASE}/votes/{open_vote.pk}",
                      headers=headers(world.users["staff_a"])).json()
    # then the running tally counts the ballot, though nothing is published
    assert body["result"] == {}
    assert body["tally"]["voted_owners"] == 1
    assert body["tally"]["total_owners"] == 4


def test_a_draft_has_no_tally(client, world):
    # given a draft vote
    ensure_rule_sets()
    owned_flats(world, count=4)
    staff = world.users["staff_a"]
    draft = services.vote_create(actor=staff, building=world.building_a1, unit=world.unit_a1,
                                 title="草稿", item_number=5, closes_on="2030-01-01")
    # when staff read it, then there is no tally yet
    body = client.get(f"{BASE}/votes/{draft.pk}", headers=headers(staff)).json()
    assert body["tally"] is None


def test_an_owner_sees_no_tally_until_the_result_is_published(client, world, open_vote):
    # given an open vote in which resident_a owns a flat
    owner, staff = world.users["resident_a"], world.users["staff_a"]
    # when the owner asks for the vote's detail, then it does not exist for them
    assert client.get(f"{BASE}/votes/{open_vote.pk}", headers=headers(owner)).status_code == 404
    # and their own list carries no result, with their flat's cost share
    [mine] = client.get(f"{BASE}/my-votes", headers=headers(owner)).json()
    assert mine["result"] == {} and "tally" not in mine
    assert [flat["share"] for flat in mine["flats"]] == ["250.00"]
    assert not owner.has_perm(rules.VIEW_TALLY, open_vote)
    # when the vote is closed and published, then the owner reads the published result
    vote = services.vote_close(actor=staff, vote=open_vote, confirm_early=True)
    services.vote_publish(actor=staff, vote=vote)
    [mine] = client.get(f"{BASE}/my-votes", headers=headers(owner)).json()
    assert mine["result"]["voted_owners"] == 1


def test_staff_of_another_community_are_not_shown_the_vote(client, world, open_vote):
    # given an open vote of community A; when staff of B ask for it, then 404
    answer = client.get(f"{BASE}/votes/{open_vote.pk}", headers=headers(world.users["staff_b"]))
    assert answer.status_code == 404
    assert not world.users["staff_b"].has_perm(rules.VIEW_TALLY, open_vote)
