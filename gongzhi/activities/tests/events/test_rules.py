"""One rule per action, against every role: anonymous, a resident, staff of another
community, staff of this community, the street's and the district's admins. Each rule is asked
in a state that allows it, so that the matrix shows who, not when; the states are asked
after."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongzhi.activities.events import rules
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.tests.events.factories import NOW, activity_of, signup_of
from gongzhi.activities.tests.factories import at
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "resident_a", "staff_b", "staff_a", "street_admin", "district_admin")


def user(world, name):
    return AnonymousUser() if name == "anonymous" else world.users[name]


def allowed(world, rule, obj):
    return {name for name in WHO if user(world, name).has_perm(rule, obj)}


# the state each activity action is allowed from (for the matrix)
STATE_OF = {"edit": ActivityStatus.DRAFT, "publish": ActivityStatus.DRAFT,
            "close": ActivityStatus.PUBLISHED, "done": ActivityStatus.PUBLISHED,
            "report": ActivityStatus.DONE, "photo": ActivityStatus.DONE,
            "rotate_code": ActivityStatus.PUBLISHED, "signup_for": ActivityStatus.PUBLISHED,
            "cancel": ActivityStatus.PUBLISHED}


@pytest.mark.parametrize("action", list(rules.ACTIVITY_ACTION_RULES))
def test_only_the_communitys_staff_organise(world, action):
    activity = activity_of(world, status=STATE_OF[action])
    assert allowed(world, rules.ACTIVITY_ACTION_RULES[action], activity) == {"staff_a"}


def test_creating_is_the_communitys_staff(world):
    assert allowed(world, rules.CREATE, world.community_a) == {"staff_a"}


@pytest.mark.parametrize("rule", [rules.JOIN, rules.CHECK_IN_BY_CODE])
def test_only_a_resident_of_the_community_signs_up_and_checks_in(world, rule):
    activity = activity_of(world)
    assert allowed(world, rule, activity) == {"resident_a"}


def test_a_resident_of_the_community_without_a_registry_record_cannot_sign_up(world):
    world.person_resident_a.user = None
    world.person_resident_a.save()
    assert allowed(world, rules.JOIN, activity_of(world)) == set()


def test_own_sign_up_actions_are_the_residents_and_cancel_also_staffs(world):
    activity = activity_of(world)
    offered = signup_of(activity, world.person_resident_a, status=SignUpStatus.OFFERED,
                        offer_expires_at=NOW)
    assert allowed(world, rules.SIGNUP_ACTION_RULES["accept_offer"], offered) == {"resident_a"}
    assert allowed(world, rules.SIGNUP_ACTION_RULES["decline_offer"], offered) == {"resident_a"}
    assert allowed(world, rules.SIGNUP_ACTION_RULES["cancel_signup"], offered) == {
        "resident_a", "staff_a"}


def test_check_in_out_and_hours_are_the_organisers(world):
    activity = activity_of(world, counts_hours=True)
    signup = signup_of(activity, world.person_resident_a)
    assert allowed(world, rules.SIGNUP_ACTION_RULES["staff_checkin"], signup) == {"staff_a"}
    signup.checked_in_at = at("2026-03-10", 9)
    assert allowed(world, rules.SIGNUP_ACTION_RULES["staff_checkout"], signup) == {"staff_a"}
    signup.checked_out_at = at("2026-03-10", 11)
    activity.status = ActivityStatus.DONE
    assert allowed(world, rules.SIGNUP_ACTION_RULES["confirm_hours"], signup) == {"staff_a"}
    # the secretary confirms hours too; a grid worker organises but confirms none
    assert world.users["secretary_a"].has_perm(rules.SIGNUP_ACTION_RULES["confirm_hours"],
                                               signup)
    assert not world.users["grid_a1"].has_perm(rules.SIGNUP_ACTION_RULES["confirm_hours"],
                                               signup)


def test_the_states_decide_what_is_open_now(world):
    staff = world.users["staff_a"]
    draft = activity_of(world, status=ActivityStatus.DRAFT)
    published = activity_of(world)
    done = activity_of(world, status=ActivityStatus.DONE)
    cancelled = activity_of(world, status=ActivityStatus.CANCELLED)
    assert open_actions(staff, draft, rules.ACTIVITY_ACTIONS) == [
        "activities.edit_activity", "activities.publish_activity",
        "activities.cancel_activity"]
    assert open_actions(staff, published, rules.ACTIVITY_ACTIONS) == [
        "activities.edit_activity", "activities.close_activity",
        "activities.complete_activity", "activities.rotate_code_activity",
        "activities.sign_up_resident_activity", "activities.cancel_activity"]
    assert open_actions(staff, done, rules.ACTIVITY_ACTIONS) == [
        "activities.report_activity", "activities.add_photo_activity"]
    assert open_actions(staff, cancelled, rules.ACTIVITY_ACTIONS) == []
    assert open_actions(world.users["resident_a"], published, rules.ACTIVITY_ACTIONS) == [
        "activities.join_activity"]
    assert open_actions(world.users["resident_a"], done, rules.ACTIVITY_ACTIONS) == []


def test_a_draft_is_hidden_from_residents_and_an_outsider_learns_nothing(world):
    from gongzhi.core.actions import require

    draft = activity_of(world, status=ActivityStatus.DRAFT)
    published = activity_of(world)
    # a draft answers as missing to a resident; a published activity as forbidden
    with pytest.raises(NotFound):
        require(world.users["resident_a"], rules.ACTIVITY_ACTION_RULES["publish"], draft)
    with pytest.raises(PermissionDenied):
        require(world.users["resident_a"], rules.ACTIVITY_ACTION_RULES["close"], published)
    with pytest.raises(NotFound):
        require(world.users["staff_b"], rules.ACTIVITY_ACTION_RULES["close"], published)
