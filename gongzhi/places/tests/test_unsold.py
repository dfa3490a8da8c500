"""Marking a flat the developer's unsold stock (places.mark_flat_unsold): the page and the API
call the same service under the same rule; a reader who sees the flat but may not change it
is refused (403), one who cannot see it is told nothing (404)."""

import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import ValidationFailed
from gongzhi.places import rules, services

pytestmark = pytest.mark.django_db


def test_the_rule_table_names_the_marking_for_a_flat():
    # given the flat's actions, then marking unsold is one of them, after editing
    assert rules.FLAT_ACTIONS == (rules.EDIT_FLAT, rules.MARK_FLAT_UNSOLD)


def test_staff_mark_and_unmark_with_a_reason(world):
    # given staff of the flat's community
    staff, flat = world.users["staff_a"], world.flat_a1
    assert rules.MARK_FLAT_UNSOLD in open_actions(staff, flat, rules.FLAT_ACTIONS)
    # when they mark it, then take the marking off, each with a reason
    services.flat_mark_unsold(actor=staff, flat=flat, unsold=True, evidence="未售清单")
    services.flat_mark_unsold(actor=staff, flat=flat, unsold=False, evidence="已查到买受人")
    flat.refresh_from_db()
    # then the flat is no longer unsold and the last reason is kept
    assert not flat.is_unsold and flat.unsold_evidence == "已查到买受人"
    # and a change without a reason is refused
    with pytest.raises(ValidationFailed):
        services.flat_mark_unsold(actor=staff, flat=flat, unsold=True, evidence="")


@pytest.mark.parametrize(("username", "status"), [
    ("staff_a", 200),
    ("staff_b", 404),        # another community: cannot see the flat
    ("street_admin", 403),   # sees the flat, may not change it
])
def test_the_api_answers_by_scope(client, world, username, status):
    # given a reader of the given scope, with a token
    token = api_token_create(user=world.users[username]).token
    # when they mark community A's flat unsold through the API
    response = client.post(f"/api/v1/places/flats/{world.flat_a1.pk}/unsold",
                           {"unsold": True, "evidence": "开发商证明"},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    # then they are let in, refused, or told nothing, by scope
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("username", "status"), [
    ("staff_a", 302), ("staff_b", 404), ("street_admin", 403)])
def test_the_page_answers_by_scope(client, world, username, status):
    # given a reader of the given scope
    client.force_login(world.users[username])
    # when they post the page's form
    response = client.post(reverse("places:flat_unsold", args=[world.flat_a1.pk]),
                           {"unsold": "on", "evidence": "开发商证明"})
    # then the page answers as the API does
    assert response.status_code == status
