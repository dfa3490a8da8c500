"""Fetch one row by id within the actor's reach; missing and forbidden answer alike."""

from gongzhi.core.access import get_scoped
from gongzhi.notifications import rules, selectors
from gongzhi.notifications.models import NotificationEvent


def access_notification(*, actor, id):
    """One of the actor's own notifications."""
    return get_scoped(selectors.inbox(actor).select_related("event"), pk=id)


def access_notice(*, actor, id) -> NotificationEvent:
    return get_scoped(NotificationEvent.objects.for_user(actor, rules.VIEW_NOTICE)
                      .filter(kind__in=selectors.NOTICE_KINDS)
                      .select_related("community", "building", "actor"), pk=id)
