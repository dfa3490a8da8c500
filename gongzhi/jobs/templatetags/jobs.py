from django import template

from gongzhi.jobs import rules

register = template.Library()


@register.inclusion_tag("jobs/nav_operations.html", takes_context=True)
def operations_link(context):
    """The account menu's link to the operations page, for those who may see it."""
    return {"show": rules.can_view_operations(context["request"].user)}
