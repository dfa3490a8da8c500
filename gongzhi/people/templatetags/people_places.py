"""What people adds to the places pages: a community's registry counts and a building's
residents per flat. People sits above places, so the places templates ask people through these
tags instead of places importing people; each answers nothing to a reader without the right."""

from django import template

from gongzhi.people import rules, selectors

register = template.Library()


@register.inclusion_tag("people/community_overview.html", takes_context=True)
def people_overview(context, community) -> dict:
    """The counts card of the community page, for those who may see the statistics."""
    user = context["request"].user
    if not rules.can_view_statistics(user):
        return {"people_overview": None}
    return {"community": community,
            "people_overview": selectors.person_overview(user, community)}


@register.simple_tag(takes_context=True)
def flat_occupancy(context, building) -> dict[int, int] | None:
    """Current residents per flat of `building` ({flat id: count}, one query); None hides the
    column from those who may not see the registry of people."""
    user = context["request"].user
    if not rules.can_view_people(user):
        return None
    return selectors.flat_occupancy(user, building)
