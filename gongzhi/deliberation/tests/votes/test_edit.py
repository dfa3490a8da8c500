"""Editing a draft vote: one rule (deliberation.edit_vote), one service (services.vote_edit),
the page's edit form and the API's PATCH /votes/{id}."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.errors import PermissionDenied
from gongzhi.deliberation.tests.factories import owned_flats
from gongzhi.deliberation.votes import rules, services
from gongzhi.deliberation.votes.choices import VoteKind
from gongzhi.deliberation.votes.models import Vote
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets

pytestmark = pytest.mark.django_db
BASE = "/api/v1/deliberation"


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def patch(client, user, vote, body):
    return client.patch(f"{BASE}/votes/{vote.pk}", body, content_type="application/json",
                        headers=headers(user))


@pytest.fixture
def draft(world):
    ensure_rule_sets()
    owned_flats(world, count=4)
    return services.vote_create(actor=world.users["staff_a"], building=world.building_a1,
                                unit=world.unit_a1, title="屋面防水", item_number=5,
                                closes_on=datetime.date(2030, 1, 1))


@pytest.mark.parametrize(("status", "user", "allowed"), [
    ("draft", "staff_a", True),
    ("draft", "resident_a", False),
    ("draft", "staff_b", False),
    ("draft", "street_admin", False),
    ("open", "staff_a", False),
])
def test_the_edit_rule(world, draft, status, user, allowed):
    # given a draft, or the same vote opened
    vote = draft if status == "draft" else services.vote_open(actor=world.users["staff_a"],
                                                              vote=draft)
    # when the rule is asked, then only the staff who run it may edit, and only a draft
    assert world.users[user].has_perm(rules.VOTE_ACTION_RULES["edit"], vote) is allowed


def test_staff_edit_a_draft_through_the_api_and_the_item_sets_the_kind(client, world, draft):
    # given a draft of item 5 (more than half)
    # when staff change its title, item and cost through the API
    answer = patch(client, world.users["staff_a"], draft, {
        "title": " 外墙翻新 ", "item_number": 6, "cost_total": "1200", "cost_scheme": "area"})
    # then only the sent fields change, and item 6 makes it a special vote (3/4)
    assert answer.status_code == 200, answer.content
    vote = Vote.objects.get(pk=draft.pk)
    assert (vote.title, vote.item_number, vote.kind, vote.cost_total, vote.closes_on) == (
        "外墙翻新", 6, VoteKind.SPECIAL, Decimal("1200.00"), datetime.date(2030, 1, 1))
    assert "deliberation.edit_vote" in answer.json()["actions"]


def test_the_edit_refuses_a_bad_item_and_an_opened_vote(client, world, draft):
    staff = world.users["staff_a"]
    # when the item is out of the article's nine, then a validation error, nothing changed
    bad = patch(client, staff, draft, {"item_number": 10})
    assert bad.status_code in (400, 422), bad.content
    assert Vote.objects.get(pk=draft.pk).item_number == 5
    # given the vote opened; when staff edit it, then the state refuses (409 not_draft)
    services.vote_open(actor=staff, vote=draft)
    late = patch(client, staff, draft, {"title": "改名"})
    assert (late.status_code, late.json()["code"]) == (409, "not_draft")
    assert Vote.objects.get(pk=draft.pk).title == "屋面防水"


def test_the_edit_is_refused_404_to_outsiders_and_403_to_viewers(client, world, draft):
    # when staff of another community edit it, then it does not exist for them
    assert patch(client, world.users["staff_b"], draft, {"title": "外人"}).status_code == 404
    # when an owner in the registry (no staff role) edits it, then 404 as well
    assert patch(client, world.users["resident_a"], draft, {"title": "业主"}).status_code == 404
    # when the street's admin, who sees the vote but does not run it, edits it: the page's
    # access (manage_vote in scope) answers 404, as for every write of the vote page and API
    assert patch(client, world.users["street_admin"], draft, {"title": "街道"}).status_code == 404
    # and the service's rule, asked directly, says forbidden (403): they can see the vote
    with pytest.raises(PermissionDenied):
        services.vote_edit(actor=world.users["street_admin"], vote=draft, title="街道")
    assert Vote.objects.get(pk=draft.pk).title == "屋面防水"


def test_the_page_edits_the_draft_through_the_same_service(client, world, draft):
    # given staff on the draft's page, which offers the edit form filled with its values
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("deliberation:vote_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="edit-form"' in page and 'value="屋面防水"' in page
    # when they post the form
    client.post(reverse("deliberation:vote_action", args=[draft.pk, "edit"]), {
        "title": "屋面防水（修订）", "item_number": "5", "closes_on": "2030-02-01",
        "description": "补充说明", "cost_total": "800", "cost_scheme": "area",
        "cost_parameters": ""})
    # then the draft carries the new values
    vote = Vote.objects.get(pk=draft.pk)
    assert (vote.title, vote.closes_on, vote.description, vote.cost_total) == (
        "屋面防水（修订）", datetime.date(2030, 2, 1), "补充说明", Decimal("800.00"))
    # and once open, the page no longer offers the form
    services.vote_open(actor=world.users["staff_a"], vote=vote)
    page = client.get(reverse("deliberation:vote_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="edit-form"' not in page
