"""Permission predicates of activities, and one named rule per action.

The role → permission table is accounts.roles; the statuses each action may start from are
events/states.py. A rule `activities.<verb>_activity` (on an activity) or
`activities.<verb>_signup` (on a sign-up) is both: who may take the action (the role
permission in the activity's scope; for a resident's own steps, their registry record) and
whether the state allows it now. Who is eligible for the audience (over-60s, party members, a
building, a grid) is the service's check, with its own message: the button is the same for
every resident of the community.
"""

from rules import predicate

from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, Audience
from gongzhi.activities.events.states import (
    ALLOWED_FROM,
    REFUSED,
    SIGNUP_REFUSED,
    ActivityStatusRefused,
    SignUpStatusRefused,
    signup_state_allows,
)
from gongzhi.core.actions import add_action, remembered, status_in
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.rules import always, may_hold, never, stateless
from gongzhi.people.selectors import own_person

VIEW_ACTIVITY = "activities.view_activity"
MANAGE_ACTIVITY = "activities.manage_activity"
SIGNUP_ACTIVITY = "activities.signup_activity"
VIEW_ATTENDANCE = "activities.view_attendance"
CONFIRM_HOURS = "activities.confirm_hours"
# who may read the party roll: the names of a party day's attendance are members' names
VIEW_PARTY_ROLL = "party.view_member"


def lists_party_members(activity) -> bool:
    """Is the activity's list of names a list of party members (a themed party day, or an
    activity for party members)?"""
    return activity.kind == ActivityKind.PARTY_DAY or activity.audience == Audience.PARTY_MEMBERS


def can_read_attendance(user, activity) -> bool:
    """May read who signed up and who came: the organisers (activities.view_attendance); for a
    list of party members (`lists_party_members`) only those who keep the roll there."""
    return user_can(user, VIEW_ATTENDANCE, activity) and (
        not lists_party_members(activity) or user_can(user, VIEW_PARTY_ROLL, activity))

CREATE = "activities.create_activity"          # on a community
# the activity page's actions (the dispatcher's URL) -> its rule, in the page's order
ACTIVITY_ACTION_RULES = {
    "edit": "activities.edit_activity",
    "publish": "activities.publish_activity",
    "close": "activities.close_activity",
    "done": "activities.complete_activity",
    "report": "activities.report_activity",
    "photo": "activities.add_photo_activity",
    "rotate_code": "activities.rotate_code_activity",
    "signup_for": "activities.sign_up_resident_activity",
    "cancel": "activities.cancel_activity",
}
JOIN = "activities.join_activity"              # a resident signs themself up
CHECK_IN_BY_CODE = "activities.check_in_activity"  # a resident with the code at the door
ACTIVITY_ACTIONS = (*ACTIVITY_ACTION_RULES.values(), JOIN)

# a sign-up's actions -> its rule
SIGNUP_ACTION_RULES = {
    "cancel_signup": "activities.cancel_signup",
    "accept_offer": "activities.accept_offer_signup",
    "decline_offer": "activities.decline_offer_signup",
    "staff_checkin": "activities.check_in_signup",
    "staff_checkout": "activities.check_out_signup",
    "confirm_hours": "activities.confirm_hours_signup",
}
SIGNUP_ACTIONS = tuple(SIGNUP_ACTION_RULES.values())


def can_view_activities(user) -> bool:
    return has_permission_somewhere(user, VIEW_ACTIVITY)


def can_manage_activities(user) -> bool:
    return has_permission_somewhere(user, MANAGE_ACTIVITY)


def can_sign_up(user) -> bool:
    return has_permission_somewhere(user, SIGNUP_ACTIVITY)


def own_person_of(user, row):
    """The user's registry record, asked once per row (core.actions.remembered)."""
    if user is None or not user.is_authenticated:
        return None
    return remembered(row, user, "own_person", lambda: own_person(user))


def _lives_in_community(user, activity) -> bool:
    person = own_person_of(user, activity)
    return person is not None and person.community_id == activity.community_id


may_manage = may_hold(MANAGE_ACTIVITY)
may_view = may_hold(VIEW_ACTIVITY)
may_confirm_hours = may_hold(CONFIRM_HOURS)
# a draft is the organisers' until it is published
can_see_activity = predicate(
    lambda user, activity: (activity.status != ActivityStatus.DRAFT and may_view(user, activity))
    or may_manage(user, activity), name="can_see_activity")
may_join = may_hold(SIGNUP_ACTIVITY) & predicate(_lives_in_community,
                                                 name="lives_in_community")

# rules on a sign-up are judged on its activity (the scope) and the sign-up's own person
_of_activity = {"of": lambda signup: signup.activity}
may_manage_signup = may_hold(MANAGE_ACTIVITY, name="may_manage_signup", **_of_activity)
may_confirm_signup = may_hold(CONFIRM_HOURS, name="may_confirm_signup", **_of_activity)
may_see_attendance = may_hold(VIEW_ATTENDANCE, name="may_see_attendance", **_of_activity)
is_own_signup = predicate(
    lambda user, signup: user is not None and user.is_authenticated
    and signup.person.user_id == user.pk, name="is_own_signup")
can_see_signup = is_own_signup | may_see_attendance


def _signup_state(action: str):
    return predicate(lambda user, signup: signup_state_allows(action, signup),
                     name=f"signup_allows_{action}")


def _activity_refusal(action: str):
    code, message = REFUSED[action]
    return lambda activity: ActivityStatusRefused(message, code=code)


def _signup_refusal(action: str):
    code, message = SIGNUP_REFUSED[action]
    return lambda signup: SignUpStatusRefused(message, code=code)


def _register_activity_actions() -> None:
    # an activity is created in a community (the object)
    add_action(CREATE, who=may_manage, when=always, visible=never, refused=stateless)
    for action, name in ACTIVITY_ACTION_RULES.items():
        add_action(name, who=may_manage, when=status_in(ALLOWED_FROM, action),
                   visible=can_see_activity, refused=_activity_refusal(action))
    add_action(JOIN, who=may_join, when=status_in(ALLOWED_FROM, "signup"),
               visible=can_see_activity, refused=_activity_refusal("signup"))
    add_action(CHECK_IN_BY_CODE, who=may_join, when=status_in(ALLOWED_FROM, "checkin"),
               visible=can_see_activity, refused=_activity_refusal("checkin"))
    whose = {
        "cancel_signup": is_own_signup | may_manage_signup,
        "accept_offer": is_own_signup,
        "decline_offer": is_own_signup,
        "staff_checkin": may_manage_signup,
        "staff_checkout": may_manage_signup,
        "confirm_hours": may_confirm_signup,
    }
    for action, name in SIGNUP_ACTION_RULES.items():
        add_action(name, who=whose[action], when=_signup_state(action), visible=can_see_signup,
                   refused=_signup_refusal(action))


_register_activity_actions()
