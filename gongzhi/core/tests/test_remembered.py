"""core.actions.remembered / user_can_on: a permission answer asked once per loaded row and
user, or once per user and scope, and asked again when either is new."""

import pytest

from gongzhi.accounts.choices import Role
from gongzhi.accounts.services import role_assign
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.core.actions import remembered, user_can_on
from gongzhi.places.models import Community
from gongzhi.places.tests.factories import CommunityFactory, FlatFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHANGE_COMMUNITY = "places.change_community"
VIEW_PLACE = "places.view_place"


def staff_of(community):
    """A community staff member whose roles are loaded already (as after their first check)."""
    user = user_with_role(Role.COMMUNITY_STAFF, community)
    user.scope_grants()
    return user


def test_asked_twice_on_one_row_queries_once(django_assert_num_queries):
    # given a community and its staff member
    community = CommunityFactory()
    staff = staff_of(community)
    # when two rules of the page ask the same permission of the same row
    with django_assert_num_queries(1):
        first = user_can_on(staff, CHANGE_COMMUNITY, community)
        second = user_can_on(staff, CHANGE_COMMUNITY, community)
    # then the database answered once, and both asks got its answer
    assert (first, second) == (True, True)


def test_a_fresh_row_asks_again(django_assert_num_queries):
    # given a staff member's answer remembered on the page's copy of the community
    community = CommunityFactory()
    staff = staff_of(community)
    assert user_can_on(staff, CHANGE_COMMUNITY, community) is True
    # when a service fetches its own copy of the row (as it does, locking it)
    fresh = Community.objects.get(pk=community.pk)
    with django_assert_num_queries(1):
        answer = user_can_on(staff, CHANGE_COMMUNITY, fresh)
    # then it asks the database again
    assert answer is True


def test_another_user_asks_again_and_gets_their_own_answer(django_assert_num_queries):
    # given the answer of this community's staff member remembered on the row
    community = CommunityFactory()
    staff = staff_of(community)
    assert user_can_on(staff, CHANGE_COMMUNITY, community) is True
    # when the staff member of another community asks of the same row
    outsider = staff_of(CommunityFactory())
    with django_assert_num_queries(1):
        answer = user_can_on(outsider, CHANGE_COMMUNITY, community)
    # then the database is asked again, and the first user's answer is not theirs
    assert answer is False


def test_remembered_keeps_any_answer_per_row_user_and_key():
    # given a row and a computation that counts its calls
    community = CommunityFactory()
    staff = staff_of(community)
    calls = []

    def compute():
        calls.append(1)
        return "seen"

    # when it is asked twice under one key and once under another
    answers = [remembered(community, staff, "is_visible", compute),
               remembered(community, staff, "is_visible", compute),
               remembered(community, staff, "can_rate", compute)]
    # then it was computed once per key
    assert answers == ["seen", "seen", "seen"]
    assert len(calls) == 2


def test_a_scope_key_answers_every_row_of_the_scope_with_one_query(django_assert_num_queries):
    # given two flats of one community and a staff member of it
    community = CommunityFactory()
    unit = UnitFactory(building__community=community)
    flats = [FlatFactory(unit=unit), FlatFactory(unit=unit)]
    staff = staff_of(community)
    # when one rule is asked of each flat, with the community as the scope key
    with django_assert_num_queries(1):
        answers = [user_can_on(staff, VIEW_PLACE, flat, scope_key=("community", community.pk))
                   for flat in flats]
    # then the database answered once for both
    assert answers == [True, True]


def test_a_scope_answer_is_forgotten_when_the_users_roles_change(django_assert_num_queries):
    # given a flat, and a staff member of another community told they may not see it
    community = CommunityFactory()
    flat = FlatFactory(unit__building__community=community)
    staff = staff_of(CommunityFactory())
    scope = ("community", community.pk)
    assert user_can_on(staff, VIEW_PLACE, flat, scope_key=scope) is False
    # when they are given a role in the flat's community (the service drops their roles' cache)
    role_assign(actor=None, user=staff, role=Role.COMMUNITY_STAFF, place=community)
    # then the next ask loads their roles and asks again, and the answer is the new one
    with django_assert_num_queries(2):
        assert user_can_on(staff, VIEW_PLACE, flat, scope_key=scope) is True
