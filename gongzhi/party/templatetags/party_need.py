"""What party adds to co-building's need page: the posts published from the need and whether
the reader may publish one. Party sits above co-building, so the need page asks party through
this tag instead of co-building importing party."""

from django import template

from gongzhi.cobuilding.choices import NeedStatus
from gongzhi.party import rules, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def party_need_posts(context, need) -> dict:
    user = context["request"].user
    return {"can_publish": (rules.can_manage_post(user, need)
                            and need.status not in (NeedStatus.DONE, NeedStatus.CLOSED)),
            "posts": selectors.need_posts(user, need)}
