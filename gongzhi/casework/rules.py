"""Permission predicates of casework; the role → permission table is accounts.roles."""

from django.utils.translation import gettext_lazy as _

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
    return case.handler_id == user.pk and user_can(user, HANDLE_CASE, case)


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


def can_follow_up(user, case) -> bool:
    return case.reporter_user_id == user.pk or can_dispatch(user, case)


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
