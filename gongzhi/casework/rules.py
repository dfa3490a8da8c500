"""Permission predicates of casework; the role → permission table is accounts.roles."""

from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_CASE = "casework.view_case"          # the community's (or grid's) requests
REPORT_CASE = "casework.report_case"      # report a problem (residents, and staff on behalf)
DISPATCH_CASE = "casework.dispatch_case"  # dispatch, escalate, merge, mark unreasonable
HANDLE_CASE = "casework.handle_case"      # may be a handler: accept, return, answer, extend
REVIEW_CASE = "casework.review_case"      # the street reviews requests marked unreasonable
VIEW_BOARD = "casework.view_board"        # the public board of resolved shared-space problems
VIEW_RATES = "casework.view_rates"


def can_view_cases(user) -> bool:
    return has_permission_somewhere(user, VIEW_CASE)


def can_report(user) -> bool:
    return has_permission_somewhere(user, REPORT_CASE)


def can_dispatch(user, case) -> bool:
    return user_can(user, DISPATCH_CASE, case)


def can_handle(user, case) -> bool:
    return case.handler_id == user.pk and user_can(user, HANDLE_CASE, case)


def can_follow_up(user, case) -> bool:
    return case.reporter_user_id == user.pk or can_dispatch(user, case)


def can_review(user, case) -> bool:
    return user_can(user, REVIEW_CASE, case)
