"""Permission predicates of residents' polls; the role → permission table is accounts.roles.

Residents vote as themselves: that is a fact of the frozen electorate (their person is one of
its electors), not a role, so it is checked in the services.
"""

from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_POLL = "deliberation.view_poll"
MANAGE_POLL = "deliberation.manage_poll"


def can_manage_poll(user, poll) -> bool:
    return user_can(user, MANAGE_POLL, poll)


def can_view_polls(user) -> bool:
    return has_permission_somewhere(user, VIEW_POLL)
