from django import template

from gongzhi.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/nav_inbox.html", takes_context=True)
def inbox_link(context):
    """The navbar's inbox link with the unread count (base.html)."""
    user = context["request"].user
    return {"unread": selectors.unread_count(user)}
