"""Permission predicates of posts and shifts, and one named rule per action.

The role → permission table is accounts.roles; the statuses posts and sign-ups may change from
are rota/states.py. A rule `activities.<verb>_<thing>` is both: who may take the action (the
role permission in the row's scope, and for a volunteer's own steps being that volunteer, one
the post is open to) and whether the row's status allows it now. A rule may share its name
with the role permission it refines (`activities.take_shift`,
`activities.view_shift_signups`): `user_can` asks the role, `has_perm` / `require` the rule.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.activities.rota.choices import OpenTo, PostStatus
from gongzhi.activities.rota.models import Post, ShiftSignUp
from gongzhi.activities.rota.states import (
    LAYOUT_POST_FROM,
    POST_STATUS_FROM,
    SIGNUP_ALLOWED_FROM,
    TAKE_POST_FROM,
    PostClosed,
    PostStatusRefused,
    SignUpConfirmed,
)
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer
from gongzhi.core.actions import add_action, remembered, status_in
from gongzhi.core.errors import Conflict
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.rules import (
    always,
    may_hold,
    never,
    partner_unit_id,
    refusal,
    stateless,
)
from gongzhi.organisations.selectors import own_member

# role permissions (accounts.roles)
VIEW_POST = "activities.view_post"
OVERSEE_POSTS = "activities.oversee_posts"
MANAGE_POST = "activities.manage_post"
TAKE_SHIFT = "activities.take_shift"
VIEW_SHIFT_SIGNUPS = "activities.view_shift_signups"
CONFIRM_HOURS = "activities.confirm_hours"

# post status changes: the status a post is set to -> its rule
POST_STATUS_RULES = {
    PostStatus.OPEN: "activities.reopen_post",
    PostStatus.CLOSED: "activities.close_post",
    PostStatus.DONE: "activities.complete_post",
}
CREATE_POST = "activities.create_post"
CREATE_POST_FROM_CASE = "activities.create_post_from_case"
ADD_SHIFTS = "activities.add_shifts"
CHANGE_SLOTS = "activities.change_shift_slots"
TAKE = "activities.take_shift"
ASSIGN = "activities.assign_shift"
WITHDRAW = "activities.withdraw_shift"
CHECK_IN = "activities.check_in_shift"
CHECK_OUT = "activities.check_out_shift"
CONFIRM = "activities.confirm_shift"
SEE_SIGNUPS = "activities.view_shift_signups"

# the actions on each kind of row, in the order its page shows them (and the API lists them)
POST_ACTIONS = (ADD_SHIFTS, SEE_SIGNUPS, *POST_STATUS_RULES.values())
SHIFT_ACTIONS = (TAKE, ASSIGN, CHANGE_SLOTS)
SIGNUP_ACTIONS = (CHECK_IN, CHECK_OUT, WITHDRAW, CONFIRM)


def can_view_posts(user) -> bool:
    return has_permission_somewhere(user, VIEW_POST)


def can_manage_posts(user) -> bool:
    return has_permission_somewhere(user, MANAGE_POST)


def can_manage_post(user, post) -> bool:
    return user_can(user, MANAGE_POST, post)


# ---- who -----------------------------------------------------------------------------------

def _post_of(row):
    """The post of a post, a shift or a sign-up (the scope and the audience are the post's)."""
    if hasattr(row, "shift_id"):
        return row.shift.post
    if hasattr(row, "post_id"):
        return row.post
    return row


def audience_q(user) -> Q:
    """The posts a volunteer sees (within their activities.view_post scope): those open to any
    registered volunteer; members-only posts of the community whose party roll they are on;
    partner staff's posts of their unit (or of any unit), to the unit's volunteers and contact;
    and any post they took a shift of. Staff see every post (activities.oversee_posts)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    audience = Q(open_to=OpenTo.VOLUNTEERS)
    member = own_member(user)
    if member is not None:
        audience |= Q(open_to=OpenTo.MEMBERS, community_id=member.community_id)
    volunteer = own_volunteer(user)
    units = {unit for unit in (volunteer.unit_id if volunteer else None,
                               partner_unit_id(user)) if unit is not None}
    if units:
        audience |= Q(open_to=OpenTo.PARTNER_STAFF) & (Q(unit__isnull=True)
                                                       | Q(unit_id__in=units))
    served = ShiftSignUp.objects.filter(Q(volunteer__user=user) | Q(volunteer__person__user=user))
    return audience | Q(pk__in=served.values("shift__post_id"))


def visible_posts(user):
    """The posts the user sees: every post of their scope for staff, the audience's for
    volunteers (see audience_q)."""
    overseen = Post.objects.for_user(user, OVERSEE_POSTS).values("pk")
    return Post.objects.for_user(user, VIEW_POST).filter(Q(pk__in=overseen) | audience_q(user))


def _in_audience(user, row) -> bool:
    post = _post_of(row)
    return remembered(post, user, "in_audience", lambda: Post.objects.filter(
        audience_q(user), pk=post.pk).exists())


may_manage_post = may_hold(MANAGE_POST, of=_post_of, name="may_manage_post")
may_see_post = may_hold(OVERSEE_POSTS, of=_post_of, name="may_oversee_post") | (
    may_hold(VIEW_POST, of=_post_of, name="may_view_post")
    & predicate(_in_audience, name="in_audience"))
may_confirm_hours = may_hold(CONFIRM_HOURS, of=_post_of, name="may_confirm_hours")
may_take_shifts = may_hold(TAKE_SHIFT, of=_post_of, name="may_take_shifts")


def _sees_signups(user, row) -> bool:
    """Who took the post's shifts, by name: who took a members-only post's shifts is who is a
    party member, so only those who keep the roll see them (activities.view_shift_signups);
    on other posts the organisers too (activities.manage_post)."""
    post = _post_of(row)
    if user_can_see(user, VIEW_SHIFT_SIGNUPS, post):
        return True
    return post.open_to != OpenTo.MEMBERS and user_can_see(user, MANAGE_POST, post)


def user_can_see(user, permission, post) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return remembered(post, user, permission, lambda: user_can(user, permission, post),
                      scope_key=("places.community", post.community_id))


sees_signups = predicate(_sees_signups, name="sees_signups")


def _serves_on(user, row) -> bool:
    """The user may serve on the row's post: their confirmed volunteer profile (or, on a
    members-only post, their entry on the community's party roll) and the post's audience."""
    post = _post_of(row)

    def compute():
        member = own_member(user) if post.open_to == OpenTo.MEMBERS else None
        return may_serve(own_volunteer(user), post, member=member)
    return remembered(post, user, "serves_on", compute)


serves_on = predicate(_serves_on, name="serves_on")


def _is_own_signup(user, signup) -> bool:
    if user is None or not user.is_authenticated:
        return False
    volunteer = signup.volunteer
    return volunteer.user_id == user.pk or (
        volunteer.person_id is not None and volunteer.person.user_id == user.pk)


is_own_signup = predicate(_is_own_signup, name="is_own_signup")
may_see_signup = is_own_signup | (may_see_post & sees_signups)

# ---- when ----------------------------------------------------------------------------------

post_takes_sign_ups = predicate(lambda user, row: _post_of(row).status in TAKE_POST_FROM,
                                name="post_takes_sign_ups")
post_is_laid_out = predicate(lambda user, row: _post_of(row).status in LAYOUT_POST_FROM,
                             name="post_is_laid_out")
not_checked_in = predicate(
    lambda user, signup: (signup.status in SIGNUP_ALLOWED_FROM["check_in"]
                          and signup.checked_in_at is None), name="not_checked_in")
not_on_duty_yet = predicate(
    lambda user, signup: (signup.status in SIGNUP_ALLOWED_FROM["withdraw"]
                          and signup.checked_in_at is None), name="not_on_duty_yet")
checked_in = predicate(
    lambda user, signup: (signup.status in SIGNUP_ALLOWED_FROM["check_out"]
                          and signup.checked_in_at is not None
                          and signup.checked_out_at is None), name="checked_in")


class CheckInRefused(Conflict):
    code = "check_in_refused"
    default_message = _("当前不能签到或签退。")


def _register_rota_actions() -> None:
    for status, name in POST_STATUS_RULES.items():
        add_action(name, who=may_manage_post, when=status_in(POST_STATUS_FROM, status),
                   visible=may_see_post, refused=refusal(PostStatusRefused))
    # posts are published in a community (the object): refused alike whether the community
    # is missing or the actor may not publish there
    add_action(CREATE_POST, who=may_hold(MANAGE_POST), when=always, visible=never,
               refused=stateless)
    # hand-off from casework: a request becomes a volunteer task (Post.source_case); asked by
    # the request's page ({% has_perm %}), casework does not import this app
    add_action(CREATE_POST_FROM_CASE, who=may_hold(
        MANAGE_POST, of=lambda case: case.community, name="may_create_post_from_case"),
        when=always, visible=never, refused=stateless)
    # laying out more shifts (one more, or more days of the rota) and changing a shift's slots
    add_action(ADD_SHIFTS, who=may_manage_post, when=post_is_laid_out, visible=may_see_post,
               refused=refusal(PostStatusRefused))
    add_action(CHANGE_SLOTS, who=may_manage_post, when=post_is_laid_out, visible=may_see_post,
               refused=refusal(PostStatusRefused))
    # who took the post's shifts, by name (a rule on the post: the page's list and the API)
    add_action(SEE_SIGNUPS, who=may_see_post & sees_signups, when=always, visible=may_see_post,
               refused=stateless)
    # a volunteer takes a shift of a post open to them; staff assign a volunteer to it
    add_action(TAKE, who=may_take_shifts & serves_on, when=post_takes_sign_ups,
               visible=may_see_post, refused=refusal(PostClosed))
    add_action(ASSIGN, who=may_manage_post & sees_signups, when=post_takes_sign_ups,
               visible=may_see_post, refused=refusal(PostClosed))
    # a volunteer's own sign-up: another's answers as missing
    # withdrawn before the volunteer is on duty (checked in) and before it is confirmed
    add_action(WITHDRAW, who=is_own_signup, when=not_on_duty_yet, visible=never,
               refused=refusal(SignUpConfirmed, _("已签到或服务已确认，不能撤回。")))
    # check in and out: the volunteer on their phone, or the organiser for them
    add_action(CHECK_IN, who=is_own_signup | (may_manage_post & sees_signups),
               when=not_checked_in, visible=may_see_signup,
               refused=refusal(CheckInRefused, _("已签到，或服务已确认。")))
    add_action(CHECK_OUT, who=is_own_signup | (may_manage_post & sees_signups),
               when=checked_in, visible=may_see_signup,
               refused=refusal(CheckInRefused, _("尚未签到，或已签退。")))
    add_action(CONFIRM, who=may_confirm_hours & sees_signups,
               when=status_in(SIGNUP_ALLOWED_FROM, "confirm"), visible=may_see_signup,
               refused=refusal(SignUpConfirmed))


_register_rota_actions()
