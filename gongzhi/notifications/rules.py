"""Permission predicates of the notifications app, and one named rule per action; the role
table is accounts.roles."""

from rules import always_true, predicate

from gongzhi.core.actions import add_action
from gongzhi.core.errors import DomainError
from gongzhi.core.scoping import has_permission_somewhere, user_can

SEND_NOTICE = "notifications.send_notice"
VIEW_NOTICE = "notifications.view_notice"
VIEW_DELIVERY = "notifications.view_delivery"


def can_send_notice(user, community) -> bool:
    return user_can(user, SEND_NOTICE, community)


def can_send_notices(user) -> bool:
    return has_permission_somewhere(user, SEND_NOTICE)


def can_view_notices(user) -> bool:
    return has_permission_somewhere(user, VIEW_NOTICE)


def can_view_deliveries(user) -> bool:
    return has_permission_somewhere(user, VIEW_DELIVERY)


# ---- one rule per action -------------------------------------------------------------------
# A notice has no state; an inbox entry's only state is whether it has been read. Marking read
# and the preferences are the user's own: the rule is asked on their own row or login.

def _never(obj) -> DomainError:  # the rule has no state: `when` is always true
    return DomainError()


may_send_notice = predicate(lambda user, community: user_can(user, SEND_NOTICE, community),
                            name="may_send_notice")
may_see_community = predicate(lambda user, community: user_can(
    user, "places.view_community", community), name="may_see_community")
is_recipient = predicate(lambda user, notification: user is not None and user.is_authenticated
                         and notification.recipient_id == user.pk, name="is_recipient")
is_unread = predicate(lambda user, notification: notification.read_at is None, name="is_unread")
is_self = predicate(lambda user, account: user is not None and user.is_authenticated
                    and account is not None and account.pk == user.pk, name="is_self")

CREATE_NOTICE = "notifications.create_notice"              # on a community
MARK_READ = "notifications.mark_read"                      # on an inbox entry
MARK_ALL_READ = "notifications.mark_all_read"              # on the user
CHANGE_PREFERENCES = "notifications.change_preferences"    # on the user

NOTIFICATION_ACTIONS = (MARK_READ,)

add_action(CREATE_NOTICE, who=may_send_notice, when=always_true, visible=may_see_community,
           refused=_never)
# already read: the service answers "nothing to do" before asking, so `refused` is not reached
add_action(MARK_READ, who=is_recipient, when=is_unread, visible=is_recipient, refused=_never)
add_action(MARK_ALL_READ, who=is_self, when=always_true, visible=is_self, refused=_never)
add_action(CHANGE_PREFERENCES, who=is_self, when=always_true, visible=is_self, refused=_never)
