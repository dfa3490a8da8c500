"""Permission predicates of deliberation; the role → permission table is accounts.roles.

Owners act on their own flat only: that is a fact of the frozen electorate (their person is
one of the flat's owners), not a role, so it is checked in the services.
"""

import rules

from gongzhi.casework.choices import NEVER_PUBLIC_GROUPS
from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_VOTE = "deliberation.view_vote"
MANAGE_VOTE = "deliberation.manage_vote"


def can_manage_vote(user, vote) -> bool:
    return user_can(user, MANAGE_VOTE, vote)


def can_view_votes(user) -> bool:
    return has_permission_somewhere(user, VIEW_VOTE)


VIEW_POLL = "deliberation.view_poll"
MANAGE_POLL = "deliberation.manage_poll"


def can_manage_poll(user, poll) -> bool:
    return user_can(user, MANAGE_POLL, poll)


def can_view_polls(user) -> bool:
    return has_permission_somewhere(user, VIEW_POLL)


# ---- hand-off from casework: a request becomes a topic for consultation (Topic.source_case) -
# Asked by the request's page ({% has_perm %}); casework does not import this app. Disputes
# and personal requests never become a public topic.
rules.add_perm("deliberation.create_topic_from_case", rules.predicate(
    lambda user, case: (case.category.group not in NEVER_PUBLIC_GROUPS
                        and user_can(user, "deliberation.screen_topic", case.community)),
    name="may_create_topic_from_case"))
