"""Fetch one place by id, within the actor's scope; missing and forbidden answer alike."""

from gongzhi.core.access import get_scoped
from gongzhi.places import rules
from gongzhi.places.models import Building, Community, Flat, Grid, Honour, Street, Unit


def access_community(*, actor, id, permission=rules.VIEW_COMMUNITY) -> Community:
    return get_scoped(Community.objects.for_user(actor, permission)
                      .select_related("street", "district"), pk=id)


def access_street(*, actor, id) -> Street:
    return get_scoped(Street.objects.for_user(actor, rules.VIEW_STREET)
                      .select_related("district"), pk=id)


def access_grid(*, actor, id, permission=rules.VIEW_PLACE) -> Grid:
    return get_scoped(Grid.objects.for_user(actor, permission).select_related("community"), pk=id)


def access_building(*, actor, id, permission=rules.VIEW_PLACE) -> Building:
    return get_scoped(Building.objects.for_user(actor, permission)
                      .select_related("community__street", "grid"), pk=id)


def access_unit(*, actor, id, permission=rules.VIEW_PLACE) -> Unit:
    return get_scoped(Unit.objects.for_user(actor, permission)
                      .select_related("building", "community"), pk=id)


def access_flat(*, actor, id, permission=rules.VIEW_PLACE) -> Flat:
    return get_scoped(Flat.objects.for_user(actor, permission)
                      .select_related("building__grid", "unit", "community"), pk=id)


def access_honour(*, actor, id, permission=rules.VIEW_COMMUNITY) -> Honour:
    return get_scoped(Honour.objects.for_user(actor, permission).select_related("community"),
                      pk=id)
