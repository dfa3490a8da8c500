"""The role permissions of consultation topics (the role → permission table is accounts.roles)
and the questions asked of them alone. The named rule of each action, which adds the state of
the topic or meeting and the person-level conditions, is in topics/rules.py."""

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
