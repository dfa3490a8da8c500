"""What the rota adds to co-building's need page: the posts published from the need and whether
the reader may publish one. Activities sits above co-building, so the need page asks the rota
through this tag instead of co-building importing activities."""

from django import template

from gongzhi.activities.rota import rules, selectors
from gongzhi.cobuilding.choices import NeedStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def rota_need_posts(context, need) -> dict:
    user = context["request"].user
    return {"can_publish": (rules.can_manage_post(user, need)
                            and need.status not in (NeedStatus.DONE, NeedStatus.CLOSED)),
            "posts": selectors.need_posts(user, need)}
