"""Permission predicates of casework, and one named rule per action on a request.

The role → permission table is accounts.roles; the statuses each action may start from are
casework/states.py. A rule `casework.<verb>_case` is both: who may take the action (the role
permission in the request's scope, and for the handler's steps being its handler) and whether
the request's status allows it now. A rule may share its name with the role permission it
refines (`casework.dispatch_case`): `user_can` asks the role, `has_perm` / `require` the rule.
"""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.casework.choices import StepAction
from gongzhi.casework.states import ALLOWED_FROM, TransitionRefused
from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import grants_for, has_permission_somewhere, user_can
from gongzhi.organisations.rules import partner_unit_id

VIEW_CASE = "casework.view_case"          # the community's (or grid's) requests
REPORT_CASE = "casework.report_case"      # report a problem (residents, and staff on behalf)
DISPATCH_CASE = "casework.dispatch_case"  # dispatch, escalate, merge, mark unreasonable
HANDLE_CASE = "casework.handle_case"      # may be a handler: accept, return, answer, extend
REVIEW_CASE = "casework.review_case"      # the street reviews requests marked unreasonable
VIEW_BOARD = "casework.view_board"        # the public board of resolved shared-space problems
VIEW_RATES = "casework.view_rates"
PARTNER_HANDLE_CASE = "casework.partner_handle_case"  # a partner unit's contact, own unit only


def can_view_cases(user) -> bool:
    return has_permission_somewhere(user, VIEW_CASE)


def can_report(user) -> bool:
    return has_permission_somewhere(user, REPORT_CASE)


def can_dispatch(user, case) -> bool:
    return user_can(user, DISPATCH_CASE, case)


def can_handle(user, case) -> bool:
    return (user.is_authenticated and case.handler_id == user.pk
            and user_can(user, HANDLE_CASE, case))


def _grant_covers(grant, case) -> bool:
    """Case.scope_paths (CASE_PATHS) read on the loaded row: no query per candidate."""
    community = case.community
    place_of_level = {"district": community.district_id, "street": community.street_id,
                      "community": case.community_id, "grid": case.building.grid_id}
    return grant.place_id == place_of_level.get(grant.level)


def handler_unavailable_reason(user, case) -> str:
    """Why `user` may not be dispatched `case`, or "" when they may.

    The one rule of who can be chosen as a request's handler: the dispatch form lists every
    candidate with this reason, the API returns it, and services.case_dispatch refuses with it.
    Same answer as user_can(user, HANDLE_CASE, case), but it says why.
    """
    if not user.is_active:
        return str(_("已停用"))
    grants = grants_for(user, HANDLE_CASE)
    if grants is None or any(_grant_covers(grant, case) for grant in grants):
        return ""
    if not grants:
        return str(_("无处理权限"))
    if any(grant.level == "grid" and grant.community_id == case.community_id
           for grant in grants):
        return str(_("不负责该楼栋所在网格"))
    return str(_("不在本社区"))


def is_reporter(user, case) -> bool:
    return user.is_authenticated and case.reporter_user_id == user.pk


def can_follow_up(user, case) -> bool:
    return is_reporter(user, case) or can_dispatch(user, case)


def can_review(user, case) -> bool:
    return user_can(user, REVIEW_CASE, case)


def partner_unit_of(user) -> int | None:
    """The partner unit a contact's login is bound to (organisations.PartnerContact), or None."""
    return partner_unit_id(user)


def can_use_partner_cases(user) -> bool:
    return (has_permission_somewhere(user, PARTNER_HANDLE_CASE)
            and partner_unit_of(user) is not None)


def can_partner_handle(user, case) -> bool:
    """A contact of the unit the request is dispatched to, in the request's community."""
    unit_id = partner_unit_of(user)
    return (unit_id is not None and case.partner_unit_id == unit_id
            and user_can(user, PARTNER_HANDLE_CASE, case))


def can_handle_or_partner(user, case) -> bool:
    return can_handle(user, case) or can_partner_handle(user, case)


def case_is_visible(user, case) -> bool:
    """The rows of selectors._cases_for, judged on the loaded row: the reporter's own, and
    those in the scope of casework.view_case."""
    return is_reporter(user, case) or user_can(user, VIEW_CASE, case)


# ---- one rule per action -------------------------------------------------------------------

def case_action_rule(action: str) -> str:
    """The rule of a step action: "accept" -> "casework.accept_case"."""
    return f"casework.{action}_case"


def _wrong_status(case) -> TransitionRefused:
    return TransitionRefused(detail={"status": [str(case.get_status_display())]})


def _escalated_or_wrong_status(case) -> TransitionRefused:
    if case.is_escalated:
        return TransitionRefused(_("该诉求已上报街道。"))
    return _wrong_status(case)


is_dispatcher = predicate(can_dispatch, name="is_dispatcher")
is_handler_or_partner = predicate(can_handle_or_partner, name="is_handler_or_partner")
may_follow_up = predicate(can_follow_up, name="may_follow_up")
is_street_reviewer = predicate(can_review, name="is_street_reviewer")
can_see_case = predicate(case_is_visible, name="can_see_case")
is_not_escalated = predicate(lambda user, case: not case.is_escalated, name="is_not_escalated")

# who may take each action; when is the state table (casework/states.py)
ACTION_WHO = {
    StepAction.DISPATCH: is_dispatcher,
    StepAction.ACCEPT: is_handler_or_partner,
    StepAction.RETURN: is_handler_or_partner,
    StepAction.ESCALATE: is_dispatcher,
    StepAction.EXTEND: is_handler_or_partner,
    StepAction.ANSWER: is_handler_or_partner,
    StepAction.FOLLOW_UP: may_follow_up,
    StepAction.MARK_UNREASONABLE: is_dispatcher,
    StepAction.REVIEW: is_street_reviewer,
    StepAction.MERGE: is_dispatcher,
}

# The actions on a request, in the order its page shows them (and the API lists them).
CASE_ACTIONS = tuple(case_action_rule(action) for action in ACTION_WHO)
# Those a partner unit's contact takes from the narrow view.
PARTNER_CASE_ACTIONS = tuple(case_action_rule(action) for action in (
    StepAction.ACCEPT, StepAction.RETURN, StepAction.ANSWER, StepAction.EXTEND))


def _register_case_actions() -> None:
    for action, who in ACTION_WHO.items():
        when = status_in(ALLOWED_FROM, action)
        refused = _wrong_status
        if action == StepAction.ESCALATE:  # once: a second whistle would call the street again
            when, refused = when & is_not_escalated, _escalated_or_wrong_status
        add_action(case_action_rule(action), who=who, when=when, visible=can_see_case,
                   refused=refused)


_register_case_actions()
