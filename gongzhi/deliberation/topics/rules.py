"""Permission predicates of consultation topics; the role → permission table is accounts.roles.

Proposers, invitees and raters act as themselves: that is checked against the row (the topic's
proposer, the meeting's invitee), not only by role, in the services.
"""

import rules

from gongzhi.casework.choices import NEVER_PUBLIC_GROUPS
from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_TOPIC = "deliberation.view_topic"        # staff: every topic in their scope
PROPOSE_TOPIC = "deliberation.propose_topic"  # anyone of the community: propose, read public
SCREEN_TOPIC = "deliberation.screen_topic"    # party committee + residents' committee: run it
REVIEW_TOPIC = "deliberation.review_topic"    # the street hears escalated topics
RATE_TOPIC = "deliberation.rate_topic"        # residents rate the delivered result


def can_screen(user, topic) -> bool:
    return user_can(user, SCREEN_TOPIC, topic)


def can_review(user, topic) -> bool:
    return user_can(user, REVIEW_TOPIC, topic)


def can_rate(user, topic) -> bool:
    return user_can(user, RATE_TOPIC, topic)


def can_use_topics(user) -> bool:
    return (has_permission_somewhere(user, VIEW_TOPIC)
            or has_permission_somewhere(user, PROPOSE_TOPIC))


def can_propose(user) -> bool:
    return has_permission_somewhere(user, PROPOSE_TOPIC)


# ---- hand-off from casework: a request becomes a topic for consultation (Topic.source_case) -
# Asked by the request's page ({% has_perm %}); casework does not import this app. Disputes
# and personal requests never become a public topic.
rules.add_perm("deliberation.create_topic_from_case", rules.predicate(
    lambda user, case: (case.category.group not in NEVER_PUBLIC_GROUPS
                        and user_can(user, SCREEN_TOPIC, case.community)),
    name="may_create_topic_from_case"))
