"""One named rule per action of duty: asking for cover or a swap, taking a cover, answering a
swap, staff assigning a cover, recording and converting a patrol's findings.

The role → permission table is accounts.roles; the states each action may start from are
duty/states.py. A rule is `when & who`: the row's state (read on the loaded row, no clock) and
who may act (the role permission in the row's community, plus the person-level condition:
"holds this sign-up", "may serve on this post").
"""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.activities.duty.states import (
    FINDING_POST_KINDS,
    SIGNUP_CHANGES_FROM,
    SWAP_ALLOWED_FROM,
    FindingConverted,
    NotPatrol,
    SignUpStarted,
    SwapAlreadyOpen,
    SwapClosed,
)
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer
from gongzhi.core.actions import add_action, remembered, user_can_on
from gongzhi.organisations.selectors import own_member

VIEW_POST = "activities.view_post"
MANAGE_POST = "activities.manage_post"
TAKE_SHIFT = "activities.take_shift"
VIEW_SHIFT_SIGNUPS = "activities.view_shift_signups"

ASK_COVER = "activities.ask_cover_shift"
ASK_SWAP = "activities.ask_swap_shift"
RECORD_FINDING = "activities.record_finding"
TAKE_COVER = "activities.take_cover"
ASSIGN_COVER = "activities.assign_cover"
ACCEPT_SWAP = "activities.accept_swap"
DECLINE_SWAP = "activities.decline_swap"
WITHDRAW_SWAP = "activities.withdraw_swap"
# shares its name with the role permission it refines: user_can asks the role, has_perm and
# require the rule (the role, and a finding not yet converted)
CONVERT_FINDING = "activities.convert_finding"

# the actions on each kind of row, in the order the pages show them (and the API lists them)
SIGNUP_ACTIONS = (ASK_COVER, ASK_SWAP, RECORD_FINDING)
SWAP_ACTIONS = (TAKE_COVER, ACCEPT_SWAP, DECLINE_SWAP, WITHDRAW_SWAP, ASSIGN_COVER)
FINDING_ACTIONS = (CONVERT_FINDING,)


def may_hold(permission: str):
    """The role permission in the row's community, asked once per user and community (every
    row of duty is a community row: a list asks once, not once per row)."""
    def check(user, obj) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return user_can_on(user, permission, obj, scope_key=("community", obj.community_id))
    return predicate(check, name=f"may_{permission}")


def is_volunteer_of(user, volunteer) -> bool:
    """Is `volunteer` the user's own profile: by their login, or their registry record's."""
    if user is None or not user.is_authenticated or volunteer is None:
        return False
    if volunteer.user_id == user.pk:
        return True
    return volunteer.person_id is not None and volunteer.person.user_id == user.pk


def acting_volunteer(user, obj):
    """The user's volunteer profile, asked once per row (a list's selector may prime it)."""
    return remembered(obj, user, "own_volunteer", lambda: own_volunteer(user))


def _may_serve_on(user, request) -> bool:
    """May the user serve on the request's post (a confirmed volunteer whom it is open to),
    and is it not their own shift."""
    volunteer = acting_volunteer(user, request)
    if volunteer is None or volunteer.pk == request.signup.volunteer_id:
        return False
    post = request.signup.shift.post
    member = (remembered(request, user, "own_member", lambda: own_member(user))
              if post.open_to == "members" else None)
    return may_serve(volunteer, post, member=member)


is_holder = predicate(lambda user, signup: is_volunteer_of(user, signup.volunteer),
                      name="is_holder")
# the one who asked (the holder when they asked: a shift that changed hands since is not its
# new holder's request to withdraw)
is_requester = predicate(
    lambda user, request: user is not None and user.is_authenticated
    and request.requested_by_id == user.pk, name="is_requester")
is_swap_partner = predicate(
    lambda user, request: request.target_id is not None
    and is_volunteer_of(user, request.target.volunteer), name="is_swap_partner")
is_reporter = predicate(lambda user, finding: user is not None and user.is_authenticated
                        and finding.reported_by_id == user.pk, name="is_reporter")
may_serve_on_post = predicate(_may_serve_on, name="may_serve_on_post")

may_take = may_hold(TAKE_SHIFT)
may_manage = may_hold(MANAGE_POST)


def signup_changes(user, signup) -> bool:
    return signup.status in SIGNUP_CHANGES_FROM and signup.checked_in_at is None


def open_request_id_of(signup):
    """The sign-up's open request, if any: annotated by the selectors (`open_request_id`),
    else asked once."""
    if "open_request_id" in signup.__dict__:
        return signup.open_request_id
    request = signup.swap_requests.filter(status="open").values_list("pk", flat=True).first()
    signup.__dict__["open_request_id"] = request
    return request


signup_may_change = predicate(signup_changes, name="signup_may_change")
signup_has_no_request = predicate(lambda user, signup: open_request_id_of(signup) is None,
                                  name="signup_has_no_open_request")


def _signup_refused(signup):
    if not signup_changes(None, signup):
        return SignUpStarted()
    return SwapAlreadyOpen()


def swap_state(key: str):
    kinds, statuses = SWAP_ALLOWED_FROM[key]
    return predicate(lambda user, request: request.kind in kinds and request.status in statuses,
                     name=f"swap_allows_{key}")


def _register() -> None:
    holder_may_change = is_holder & may_take
    signup_visible = is_holder | may_manage
    for name in (ASK_COVER, ASK_SWAP):
        add_action(name, who=holder_may_change, when=signup_may_change & signup_has_no_request,
                   visible=signup_visible, refused=_signup_refused)
    add_action(RECORD_FINDING, who=holder_may_change | may_manage,
               when=predicate(lambda user, signup: signup.shift.post.kind in FINDING_POST_KINDS,
                              name="is_patrol_shift"),
               visible=signup_visible, refused=lambda signup: NotPatrol())
    request_visible = is_requester | is_swap_partner | may_manage | (may_take & may_serve_on_post)
    add_action(TAKE_COVER, who=may_take & may_serve_on_post, when=swap_state("take"),
               visible=request_visible, refused=lambda request: SwapClosed())
    add_action(ASSIGN_COVER, who=may_manage & may_hold(VIEW_SHIFT_SIGNUPS),
               when=swap_state("assign"), visible=request_visible,
               refused=lambda request: SwapClosed())
    add_action(ACCEPT_SWAP, who=is_swap_partner & may_take, when=swap_state("accept"),
               visible=request_visible, refused=lambda request: SwapClosed())
    add_action(DECLINE_SWAP, who=is_swap_partner & may_take, when=swap_state("decline"),
               visible=request_visible, refused=lambda request: SwapClosed())
    add_action(WITHDRAW_SWAP, who=is_requester, when=swap_state("withdraw"),
               visible=request_visible, refused=lambda request: SwapClosed())
    add_action(CONVERT_FINDING, who=may_hold(CONVERT_FINDING),
               when=predicate(lambda user, finding: finding.case_id is None,
                              name="finding_not_converted"),
               visible=may_manage | is_reporter,
               refused=lambda finding: FindingConverted(_("该巡查发现已转为诉求。")))


_register()
