"""Issue 14's last test: a whole elevator vote driven through the API alone (three channels, a
correction, a veto, close, publish, an objection) gives the same record as the same vote through
the pages. One scenario, two drivers, two units of community A; the records are compared with
what names the unit (room numbers, ids, times) left out."""

import re

import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.deliberation.tests.factories import owned_flats, scan
from gongzhi.deliberation.votes.models import Ballot, Objection, ProxyAuthorisation, Vote
from gongzhi.deliberation.votes.printing import vote_record_html
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets

pytestmark = pytest.mark.django_db
BASE = "/api/v1/deliberation"
FLOORS = 5  # floor 1 is affected by the shaft; resident_a owns floor 5 and votes online


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class ApiDriver:
    """Each step as the API's operation, with the actor's Bearer token."""

    def __init__(self, client):
        self.client = client

    def _headers(self, user):
        return {"Authorization": f"Bearer {api_token_create(user=user).token}"}

    def _json(self, user, path, body=None, status=200):
        response = self.client.post(f"{BASE}{path}", body or {},
                                    content_type="application/json",
                                    headers=self._headers(user))
        assert response.status_code == status, (path, response.content)
        return response.json()

    def _form(self, user, path, data):
        response = self.client.post(f"{BASE}{path}", data, headers=self._headers(user))
        assert response.status_code == 201, (path, response.content)
        return response.json()

    def create(self, user, building, unit):
        return self._json(user, "/votes", {
            "building_id": building.pk, "unit_id": unit.pk, "title": "加装电梯",
            "kind": "elevator", "closes_on": "2030-01-01"}, status=201)["id"]

    def open(self, user, vote_id, affected_flat_ids):
        self._json(user, f"/votes/{vote_id}/open", {"affected_flat_ids": affected_flat_ids})

    def paper(self, user, vote_id, elector_id, voter_name, choice):
        return self._form(user, f"/votes/{vote_id}/paper-ballots", {
            "elector_id": elector_id, "voter_name": voter_name, "choice": choice,
            "scan": scan()})["id"]

    def check(self, user, vote_id, ballot_id):
        self._json(user, f"/vote-ballots/{ballot_id}/check", {"approve": True})

    def proxy(self, user, vote_id, elector_id, owner_name, proxy_name):
        return self._form(user, f"/vote-electors/{elector_id}/proxies", {
            "owner_name": owner_name, "proxy_name": proxy_name, "document": scan()})["id"]

    def proxy_ballot(self, user, vote_id, proxy_id, choice):
        self._json(user, f"/vote-proxies/{proxy_id}/ballots", {"choice": choice}, status=201)

    def proxy_revoke(self, user, vote_id, proxy_id, reason):
        self._json(user, f"/vote-proxies/{proxy_id}/revoke", {"reason": reason})

    def correct(self, user, vote_id, ballot_id, choice, reason):
        self._json(user, f"/vote-ballots/{ballot_id}/correct",
                   {"choice": choice, "reason": reason}, status=201)

    def own_ballot(self, user, vote_id, elector_id, choice):
        self._json(user, f"/my-votes/{vote_id}/ballots",
                   {"elector_id": elector_id, "choice": choice}, status=201)

    def close(self, user, vote_id):
        self._json(user, f"/votes/{vote_id}/close", {"confirm_early": True})

    def publish(self, user, vote_id):
        self._json(user, f"/votes/{vote_id}/publish")

    def own_objection(self, user, vote_id, text):
        self._json(user, f"/my-votes/{vote_id}/objections", {"text": text}, status=201)

    def objection(self, user, vote_id, text):
        return self._json(user, f"/votes/{vote_id}/objections", {"text": text}, status=201)["id"]

    def answer(self, user, vote_id, objection_id, answer):
        self._json(user, f"/vote-objections/{objection_id}/answer", {"answer": answer},
                   status=201)


class PageDriver:
    """Each step as the page's form post, logged in as the actor; the row it made is read back
    (a page answers with a redirect, not the row)."""

    def __init__(self, client):
        self.client = client

    def _post(self, user, url, data):
        self.client.force_login(user)
        response = self.client.post(url, data, follow=True)
        assert response.status_code == 200, (url, response.content)
        errors = [m.message for m in response.context["messages"] if m.level_tag == "error"]
        assert errors == [], (url, errors)
        return response

    def _action(self, user, vote_id, action, data):
        return self._post(user, reverse("deliberation:vote_action", args=[vote_id, action]),
                          data)

    def create(self, user, building, unit):
        self._post(user, reverse("deliberation:vote_create"), {
            "building": building.pk, "unit": unit.pk, "title": "加装电梯", "item_number": "",
            "elevator": "on", "closes_on": "2030-01-01", "description": "", "cost_total": "0",
            "cost_scheme": "area", "cost_parameters": ""})
        return Vote.objects.get(unit=unit).pk

    def open(self, user, vote_id, affected_flat_ids):
        self._action(user, vote_id, "open", {"affected": affected_flat_ids})

    def paper(self, user, vote_id, elector_id, voter_name, choice):
        self._action(user, vote_id, "paper", {"elector": elector_id, "voter_name": voter_name,
                                              "choice": choice, "scan": scan()})
        return Ballot.objects.filter(vote_id=vote_id).latest("pk").pk

    def check(self, user, vote_id, ballot_id):
        self._action(user, vote_id, "check", {"ballot": ballot_id, "approve": "1"})

    def proxy(self, user, vote_id, elector_id, owner_name, proxy_name):
        self._action(user, vote_id, "proxy", {"elector": elector_id, "owner_name": owner_name,
                                              "proxy_name": proxy_name, "document": scan()})
        return ProxyAuthorisation.objects.filter(elector__vote_id=vote_id).latest("pk").pk

    def proxy_ballot(self, user, vote_id, proxy_id, choice):
        self._action(user, vote_id, "proxy_ballot", {"proxy": proxy_id, "choice": choice})

    def proxy_revoke(self, user, vote_id, proxy_id, reason):
        self._action(user, vote_id, "proxy_revoke", {"proxy": proxy_id, "reason": reason})

    def correct(self, user, vote_id, ballot_id, choice, reason):
        self._action(user, vote_id, "correct", {"ballot": ballot_id, "choice": choice,
                                                "reason": reason})

    def own_ballot(self, user, vote_id, elector_id, choice):
        self._post(user, reverse("deliberation:my_ballot", args=[vote_id, "ballot"]),
                   {"elector": elector_id, "choice": choice})

    def close(self, user, vote_id):
        self._action(user, vote_id, "close", {"confirm_early": "on"})

    def publish(self, user, vote_id):
        self._action(user, vote_id, "publish", {})

    def own_objection(self, user, vote_id, text):
        self._post(user, reverse("deliberation:my_ballot", args=[vote_id, "objection"]),
                   {"text": text})

    def objection(self, user, vote_id, text):
        self._action(user, vote_id, "objection", {"text": text})
        return Objection.objects.filter(vote_id=vote_id).latest("pk").pk

    def answer(self, user, vote_id, objection_id, answer):
        self._action(user, vote_id, "answer", {"objection": objection_id, "answer": answer})


def run_elevator_vote(driver, world, building, unit) -> Vote:
    """The whole vote: floor 1 (affected) on paper, checked, then corrected to no (the veto);
    floor 2 by proxy; floor 3's proxy revoked and a paper ballot instead; floor 4 on paper;
    floor 5 online by its owner; closed early, published, objected to and answered."""
    flats, _owners = owned_flats(world, count=FLOORS, unit=unit)
    staff, secretary, owner = (world.users["staff_a"], world.users["secretary_a"],
                               world.users["resident_a"])
    vote_id = driver.create(staff, building, unit)
    driver.open(staff, vote_id, [flats[0].pk])
    electors = {e.floor: e.pk for e in Vote.objects.get(pk=vote_id).electors.all()}
    first = driver.paper(staff, vote_id, electors[1], "业主1", "yes")
    driver.check(secretary, vote_id, first)
    proxy = driver.proxy(staff, vote_id, electors[2], "业主2", "业主2之子")
    driver.proxy_ballot(staff, vote_id, proxy, "yes")
    revoked = driver.proxy(staff, vote_id, electors[3], "业主3", "业主3之妻")
    driver.proxy_revoke(staff, vote_id, revoked, "业主亲自投票")
    third = driver.paper(staff, vote_id, electors[3], "业主3", "yes")
    driver.check(secretary, vote_id, third)
    fourth = driver.paper(staff, vote_id, electors[4], "业主4", "yes")
    driver.check(secretary, vote_id, fourth)
    driver.own_ballot(owner, vote_id, electors[5], "yes")
    driver.correct(staff, vote_id, first, "no", "业主书面更正：不同意")
    driver.close(staff, vote_id)
    driver.publish(staff, vote_id)
    driver.own_objection(owner, vote_id, "受影响业主的更正应当公示原件")
    recorded = driver.objection(staff, vote_id, "代业主1登记")
    driver.answer(staff, vote_id, recorded, "已复核")
    return Vote.objects.get(pk=vote_id)


TALLY_FACTS = ("total_area", "total_owners", "voted_area", "voted_owners", "yes_area",
               "yes_owners", "participation_area_passed", "participation_owners_passed",
               "approval_area_passed", "approval_owners_passed", "split_owners", "passed",
               "rule_set", "rule_source")


def record_of(vote) -> dict:
    """What the record says, with what names the unit left out: rooms become floors."""
    rooms = {e.room_number: e.floor for e in vote.electors.all()}
    result = vote.result
    html = vote_record_html(vote)
    # each ballot's number in its table (and in "更正 #n") becomes its rank within the vote
    head, mark, tail = html.partition('class="ballots"')
    table, end, rest = tail.partition("</table>")
    for rank, pk in enumerate(Ballot.objects.filter(vote=vote).order_by("pk")
                              .values_list("pk", flat=True), start=1):
        table = table.replace(f"<tr><td>{pk}</td>", f"<tr><td><ballot {rank}></td>")
        table = table.replace(f"#{pk}：", f"#<ballot {rank}>：")
    html = head + mark + table + end + rest
    # the unit's own words and each run's ids and clock: room numbers, names, dates, times
    for room, floor in sorted(rooms.items(), key=lambda item: -len(item[0])):
        html = re.sub(rf"(?<!\d){re.escape(room)}(?!\d)", f"<floor {floor}>", html)
    for word in (vote.building.name, f"vote-{vote.pk}"):
        html = html.replace(word, "")
    html = re.sub(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}(:\d{2})?", "<t>",
                  html)
    html = re.sub(r"\s+", " ", html)
    assert "<ballot 6>" in html and "<floor 5>" in html  # the normalising did its work
    return {
        "status": vote.status, "kind": vote.kind, "item_number": vote.item_number,
        "tally": {key: result[key] for key in TALLY_FACTS},
        "affected_refusing": [rooms[room] for room in result["affected_refusing"]],
        "flats": [(row["floor"], row["area"], row["choice"], row["is_affected"], row["share"])
                  for row in result["flats"]],
        "ballots": sorted((b.elector.floor, b.channel, b.choice, b.state,
                           b.supersedes_id is not None, b.correction_reason, b.voter_name,
                           b.cast_by.username, b.checked_by.username if b.checked_by else None)
                          for b in Ballot.objects.filter(vote=vote)
                          .select_related("elector", "cast_by", "checked_by")),
        "proxies": sorted((p.elector.floor, p.owner_name, p.proxy_name,
                           p.revoked_at is not None)
                          for p in ProxyAuthorisation.objects.filter(elector__vote=vote)
                          .select_related("elector")),
        "objections": sorted((o.text, bool(o.answer)) for o in Objection.objects.filter(
            vote=vote)),
        "record_html": html,
    }


def test_an_elevator_vote_through_the_api_alone_gives_the_record_of_the_pages(client, world):
    # given two units of community A, each with five owned flats, the top one resident_a's
    ensure_rule_sets()
    other_unit = world.flat_a2.unit
    # when the same elevator vote runs through the pages in one unit and the API in the other
    by_pages = run_elevator_vote(PageDriver(client), world, world.building_a1, world.unit_a1)
    client.logout()
    by_api = run_elevator_vote(ApiDriver(client), world, world.building_a2, other_unit)
    pages, api = record_of(by_pages), record_of(by_api)
    # then the affected flat's no vetoes it although both gates pass, in either run
    assert pages["tally"]["passed"] is False and pages["affected_refusing"] == [1]
    assert pages["tally"]["approval_area_passed"] and pages["tally"]["participation_area_passed"]
    # and the API's record is the pages' record, fact by fact and in the printed record
    for key in pages:
        assert api[key] == pages[key], key
