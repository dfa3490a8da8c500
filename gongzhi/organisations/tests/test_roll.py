"""The party roll's writes (organisations.roll): who may add an organisation where, checked in
the scope the new row lands in."""

import pytest

from gongzhi.core.errors import NotFound
from gongzhi.organisations import roll
from gongzhi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def street_committee(world):
    return roll.organisation_create(actor=world.users["street_admin"], kind="street_committee",
                                    name="甲街党工委", street=world.street)


def test_a_community_secretary_adds_their_committee_under_the_streets(world):
    # given the street's working committee, set up by the street's admin
    parent = street_committee(world)
    # when A's secretary adds A's party committee under it
    committee = roll.organisation_create(actor=world.users["secretary_a"],
                                         kind="community_committee", name="甲社区党委",
                                         parent=parent, community=world.community_a)
    # then it is A's, under the street's committee
    assert (committee.parent_id, committee.community_id, committee.street_id) == (
        parent.pk, world.community_a.pk, world.street.pk)


@pytest.mark.parametrize("username", ["staff_b", "other_district_admin"])
def test_no_one_adds_a_committee_for_a_community_not_theirs(world, username):
    # given the street's working committee
    parent = street_committee(world)
    before = Organisation.objects.count()
    # when B's staff or another district's admin add A's committee
    with pytest.raises(NotFound):
        roll.organisation_create(actor=world.users[username], kind="community_committee",
                                 name="外人党委", parent=parent, community=world.community_a)
    # then nothing was added
    assert Organisation.objects.count() == before


def test_community_staff_cannot_set_up_the_streets_committee(world):
    # given A's secretary
    # when they set up the street's working committee
    with pytest.raises(NotFound):
        roll.organisation_create(actor=world.users["secretary_a"], kind="street_committee",
                                 name="甲街党工委", street=world.street)
    # then there is none
    assert not Organisation.objects.filter(kind="street_committee").exists()
