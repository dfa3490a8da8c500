"""Permission predicates of the notifications app; the role table is accounts.roles."""

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
