"""Permission predicates of the places app; the role → permission table is accounts.roles."""

from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_COMMUNITY = "places.view_community"
CHANGE_COMMUNITY = "places.change_community"
VIEW_PLACE = "places.view_place"
CHANGE_PLACE = "places.change_place"
VIEW_STREET = "places.view_street"
VIEW_DISTRICT = "places.view_district"


def can_change_community(user, community) -> bool:
    return user_can(user, CHANGE_COMMUNITY, community)


def can_change_place(user, obj) -> bool:
    return user_can(user, CHANGE_PLACE, obj)


def can_view_places(user) -> bool:
    return has_permission_somewhere(user, VIEW_PLACE)
