"""The API twins of the vote page's actions: the same access functions, services and rules,
from the draft to the answered objection."""

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.deliberation.tests.factories import owned_flats, scan
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import Ballot, Objection, Vote
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets

pytestmark = pytest.mark.django_db
BASE = "/api/v1/deliberation"


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def post_json(client, user, path, body=None):
    return client.post(f"{BASE}{path}", body or {}, content_type="application/json",
                       headers=headers(user))


def test_staff_and_an_owner_run_a_vote_through_the_api_as_on_the_pages(client, world):
    # given four flats of 甲楼一号 unit 1, the top one owned by resident_a
    ensure_rule_sets()
    owned_flats(world, count=4)
    staff, secretary, owner = (world.users["staff_a"], world.users["secretary_a"],
                               world.users["resident_a"])
    # when staff create a vote of the unit, then it is a draft they may open
    created = post_json(client, staff, "/votes", {
        "building_id": world.building_a1.pk, "unit_id": world.unit_a1.pk, "title": "屋面防水",
        "item_number": 7, "closes_on": "2030-01-01"})
    assert created.status_code == 201, created.content
    vote_id = created.json()["id"]
    assert created.json()["actions"] == ["deliberation.edit_vote",
                                         "deliberation.add_document_vote",
                                         "deliberation.open_vote"]
    opened = post_json(client, staff, f"/votes/{vote_id}/open", {"affected_flat_ids": []})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    electors = {e.floor: e for e in Vote.objects.get(pk=vote_id).electors.all()}
    # when staff enter a paper ballot, the secretary checks it
    paper = client.post(f"{BASE}/votes/{vote_id}/paper-ballots", {
        "elector_id": electors[1].pk, "voter_name": "业主1", "choice": "yes", "scan": scan()},
        headers=headers(staff))
    assert paper.status_code == 201, paper.content
    checked = post_json(client, secretary, f"/vote-ballots/{paper.json()['id']}/check",
                        {"approve": True})
    assert checked.status_code == 200 and checked.json()["state"] == "counted"
    # when a proxy is recorded and casts, and another is recorded and revoked
    proxy = client.post(f"{BASE}/vote-electors/{electors[2].pk}/proxies", {
        "owner_name": "业主2", "proxy_name": "业主2之子", "document": scan()},
        headers=headers(staff))
    assert proxy.status_code == 201, proxy.content
    by_proxy = post_json(client, staff, f"/vote-proxies/{proxy.json()['id']}/ballots",
                         {"choice": "no"})
    assert by_proxy.status_code == 201 and by_proxy.json()["channel"] == "proxy"
    other = client.post(f"{BASE}/vote-electors/{electors[3].pk}/proxies", {
        "owner_name": "业主3", "proxy_name": "业主3之妻", "document": scan()},
        headers=headers(staff))
    revoked = post_json(client, staff, f"/vote-proxies/{other.json()['id']}/revoke",
                        {"reason": "业主亲自投票"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    # when staff correct the counted paper ballot, the old row stays superseded
    corrected = post_json(client, staff, f"/vote-ballots/{paper.json()['id']}/correct",
                          {"choice": "abstain", "reason": "业主书面更正"})
    assert corrected.status_code == 201 and corrected.json()["supersedes_id"] == \
        paper.json()["id"]
    # when the vote is published before it closes, the state refuses (409)
    early = post_json(client, staff, f"/votes/{vote_id}/publish")
    assert (early.status_code, early.json()["code"]) == (409, "not_closed")
    post_json(client, staff, f"/votes/{vote_id}/close", {"confirm_early": True})
    published = post_json(client, staff, f"/votes/{vote_id}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    # then the owner objects from their own list, staff record another and answer it
    mine = post_json(client, owner, f"/my-votes/{vote_id}/objections", {"text": "面积有误"})
    assert mine.status_code == 201 and mine.json()["raised_by_name"].endswith("*")
    recorded = post_json(client, staff, f"/votes/{vote_id}/objections",
                         {"text": "代业主1登记"})
    assert recorded.status_code == 201
    answered = post_json(client, staff, f"/vote-objections/{recorded.json()['id']}/answer",
                         {"answer": "已复核"})
    assert answered.status_code == 201 and answered.json()["answer"] == "已复核"
    assert Objection.objects.filter(vote_id=vote_id).count() == 2
    assert Vote.objects.get(pk=vote_id).status == VoteStatus.PUBLISHED


def test_the_vote_twins_refuse_outsiders_and_change_nothing(client, world):
    # given an open vote of community A
    ensure_rule_sets()
    owned_flats(world, count=4)
    staff = world.users["staff_a"]
    created = post_json(client, staff, "/votes", {
        "building_id": world.building_a1.pk, "title": "屋面防水", "item_number": 7,
        "closes_on": "2030-01-01"})
    vote_id = created.json()["id"]
    post_json(client, staff, f"/votes/{vote_id}/open")
    elector = Vote.objects.get(pk=vote_id).electors.first()
    outsider = world.users["staff_b"]
    # when staff of another community create, publish, enter a ballot or a proxy in A
    answers = [
        post_json(client, outsider, "/votes", {"building_id": world.building_a1.pk,
                                               "title": "外人", "item_number": 7,
                                               "closes_on": "2030-01-01"}).status_code,
        post_json(client, outsider, f"/votes/{vote_id}/publish").status_code,
        client.post(f"{BASE}/votes/{vote_id}/paper-ballots", {
            "elector_id": elector.pk, "choice": "yes", "voter_name": "外人", "scan": scan()},
            headers=headers(outsider)).status_code,
        client.post(f"{BASE}/vote-electors/{elector.pk}/proxies", {
            "owner_name": "外人", "proxy_name": "外人", "document": scan()},
            headers=headers(outsider)).status_code,
    ]
    # then each is told nothing exists, and nothing was written
    assert answers == [404, 404, 404, 404]
    assert Vote.objects.count() == 1 and not Ballot.objects.exists()
