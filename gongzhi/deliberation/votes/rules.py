"""Permission predicates of owners' votes; the role → permission table is accounts.roles.

Owners act on their own flat only: that is a fact of the frozen electorate (their person is
one of the flat's owners), not a role, so it is checked in the services.
"""

from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_VOTE = "deliberation.view_vote"
MANAGE_VOTE = "deliberation.manage_vote"


def can_manage_vote(user, vote) -> bool:
    return user_can(user, MANAGE_VOTE, vote)


def can_view_votes(user) -> bool:
    return has_permission_somewhere(user, VIEW_VOTE)
