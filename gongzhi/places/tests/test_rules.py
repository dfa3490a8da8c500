"""One rule per action on a place, against every role (the adhocracy+ way); places have no
state, so a rule is the role permission in the row's scope, and the page and the API agree."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.places import rules

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
COMMUNITY_EDITORS = {"staff_a", "secretary_a", "superuser"}

# rule -> (the world's row it is asked on, the roles it is open to), written out here rather
# than read from accounts.roles, so that a change of the role table shows up as a failing test.
# grid_a1 works in grid a1 (building a1, its unit and flat), not in grid a2.
EXPECTED = {
    "places.edit_community": ("community_a", COMMUNITY_EDITORS),
    "places.create_building": ("community_a", COMMUNITY_EDITORS),
    "places.create_honour": ("community_a", COMMUNITY_EDITORS),
    "places.delete_honour": ("honour_a", COMMUNITY_EDITORS),
    "places.edit_building": ("building_a1", {*COMMUNITY_EDITORS, "grid_a1"}),
    "places.create_flat": ("unit_a1", {*COMMUNITY_EDITORS, "grid_a1"}),
    "places.edit_flat": ("flat_a1", {*COMMUNITY_EDITORS, "grid_a1"}),
    "places.mark_flat_unsold": ("flat_a1", {*COMMUNITY_EDITORS, "grid_a1"}),
}


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def test_every_action_of_places_has_its_rule():
    assert set(rules._RULES) == set(EXPECTED)
    assert set(rules.COMMUNITY_ACTIONS + rules.BUILDING_ACTIONS + rules.UNIT_ACTIONS
               + rules.FLAT_ACTIONS) == set(EXPECTED) - {"places.delete_honour"}


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_role(world, rule):
    # given the row the rule is about
    row_name, roles = EXPECTED[rule]
    row = getattr(world, row_name)
    for role in ROLES:
        user = user_of(world, role)
        # when the template and the API ask, then they agree, and only the expected roles may
        allowed = user.has_perm(rule, row)
        assert allowed == (rule in open_actions(user, row, [rule])), role
        assert allowed == (role in roles), role


def test_a_grid_worker_edits_only_the_flats_of_their_grid(world):
    # given grid_a1's worker and the flats of grids a1 and a2
    worker = world.users["grid_a1"]
    # then the flat of a1 is theirs to edit, the flat of a2 and building a2 are not
    assert worker.has_perm("places.edit_flat", world.flat_a1)
    assert not worker.has_perm("places.edit_flat", world.flat_a2)
    assert not worker.has_perm("places.edit_building", world.building_a2)


def api_actions(client, user, path) -> list[str]:
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.json()["actions"]


@pytest.mark.parametrize(("role", "expected"), [
    ("staff_a", ["places.edit_community", "places.create_building", "places.create_honour"]),
    ("grid_a1", []),
    ("street_admin", []),
])
def test_the_community_page_shows_the_buttons_the_api_lists(client, world, role, expected):
    # given a user who may see community A
    user = world.users[role]
    # when they open its page and ask the API
    client.force_login(user)
    html = client.get(reverse("places:community_detail", args=[world.community_a.pk])).content
    listed = api_actions(client, user, f"/api/v1/places/communities/{world.community_a.pk}")
    # then the API lists exactly the actions whose links and forms the page shows
    assert listed == expected
    links = {"places.edit_community": reverse("places:community_edit",
                                              args=[world.community_a.pk]),
             "places.create_building": reverse("places:building_create",
                                               args=[world.community_a.pk]),
             "places.create_honour": reverse("places:honour_create",
                                             args=[world.community_a.pk])}
    assert {rule for rule, link in links.items() if link.encode() in html} == set(expected)


@pytest.mark.parametrize(("role", "building", "expected"), [
    ("grid_a1", "building_a1", ["places.edit_building"]),
    ("street_admin", "building_a1", []),
    ("staff_a", "building_a2", ["places.edit_building"]),
])
def test_the_building_page_shows_the_buttons_the_api_lists(client, world, role, building,
                                                           expected):
    # given a building the user may see
    user, row = world.users[role], getattr(world, building)
    client.force_login(user)
    # when they open its page and ask the API
    html = client.get(reverse("places:building_detail", args=[row.pk])).content
    listed = api_actions(client, user, f"/api/v1/places/buildings/{row.pk}")
    # then both agree on the edit button
    assert listed == expected
    assert (reverse("places:building_edit", args=[row.pk]).encode() in html) == bool(expected)
