"""Reads of the places app, each narrowed to what the actor may see."""

from django.db.models import Count, Q, Sum

from gongzhi.core.scoping import grants_for
from gongzhi.places import rules
from gongzhi.places.models import Building, Community, District, Flat, Grid, Honour, Street, Unit


def district_list(actor):
    return District.objects.for_user(actor, rules.VIEW_DISTRICT).order_by("code")


def street_list(actor):
    return Street.objects.for_user(actor, rules.VIEW_STREET).select_related("district")


def community_list(actor, *, street_id: int | None = None, search: str = ""):
    communities = (Community.objects.for_user(actor, rules.VIEW_COMMUNITY)
                   .select_related("street", "district")
                   .annotate(building_count=Count("buildings", distinct=True))
                   .order_by("street__code", "name"))
    if street_id:
        communities = communities.filter(street_id=street_id)
    if search:
        communities = communities.filter(name__icontains=search)
    return communities


def community_honours(actor, community):
    return Honour.objects.for_user(actor, rules.VIEW_COMMUNITY).filter(community=community)


def grid_list(actor, *, community_id: int | None = None):
    grids = (Grid.objects.for_user(actor, rules.VIEW_PLACE).select_related("community")
             .annotate(building_count=Count("buildings")))
    if community_id:
        grids = grids.filter(community_id=community_id)
    return grids.order_by("community_id", "number")


def building_list(actor, *, community_id: int | None = None, grid_id: int | None = None,
                  search: str = ""):
    buildings = (Building.objects.for_user(actor, rules.VIEW_PLACE)
                 .select_related("community", "grid")
                 .annotate(flat_count=Count("flats", distinct=True),
                           unit_count=Count("units", distinct=True)))
    if community_id:
        buildings = buildings.filter(community_id=community_id)
    if grid_id:
        buildings = buildings.filter(grid_id=grid_id)
    if search:
        buildings = buildings.filter(Q(name__icontains=search) | Q(address__icontains=search))
    return buildings.order_by("community_id", "sort_key", "name")


def community_buildings(actor, community, *, grid_id: int | None = None) -> list:
    """The community's buildings for its page: residential first, by grid, then by name with
    numbers in numeric order."""
    buildings = building_list(actor, community_id=community.pk, grid_id=grid_id)
    return sorted(buildings, key=lambda b: (b.use != "residential",
                                            b.grid.number if b.grid else 0, b.sort_key))


def unit_list(actor, *, building_id: int | None = None):
    units = Unit.objects.for_user(actor, rules.VIEW_PLACE).select_related("building")
    if building_id:
        units = units.filter(building_id=building_id)
    return units.order_by("building__community_id", "building__sort_key", "building_id",
                          "sort_key")


def units_of_buildings(buildings):
    """The units of `buildings` (a query set already narrowed to the user), in natural order:
    what a unit select offers."""
    return (Unit.objects.filter(building__in=buildings.values("pk")).select_related("building")
            .order_by("building__community_id", "building__sort_key", "building_id", "sort_key"))


def flat_list(actor, *, building_id: int | None = None, unit_id: int | None = None):
    flats = Flat.objects.for_user(actor, rules.VIEW_PLACE).select_related("building", "unit")
    if building_id:
        flats = flats.filter(building_id=building_id)
    if unit_id:
        flats = flats.filter(unit_id=unit_id)
    return flats.order_by("building__sort_key", "building_id", "unit__sort_key", "unit_id",
                          "floor", "sort_key")


def building_summary(actor, building) -> dict:
    totals = flat_list(actor, building_id=building.pk).aggregate(
        flats=Count("id"), area=Sum("floor_area"))
    return {"flats": totals["flats"] or 0, "floor_area": totals["area"] or 0}


def community_summary(actor, community) -> dict:
    """Counts for the profile page: grids, buildings (and how many lack management), flats."""
    buildings = Building.objects.for_user(actor, rules.VIEW_PLACE).filter(community=community)
    counts = buildings.aggregate(
        buildings=Count("id"),
        residential=Count("id", filter=Q(use="residential")),
        unmanaged=Count("id", filter=Q(use="residential", has_property_management=False)),
        without_elevator=Count("id", filter=Q(use="residential", has_elevator=False,
                                              floors__gte=4)),
    )
    counts["flats"] = Flat.objects.for_user(actor, rules.VIEW_PLACE).filter(
        community=community).count()
    counts["grids"] = Grid.objects.for_user(actor, rules.VIEW_PLACE).filter(
        community=community).count()
    return counts


# ---- the public portal: no actor, no personal data (places hold none) -----------------------

def public_districts():
    return District.objects.order_by("code")


def public_streets(*, district=None):
    streets = Street.objects.select_related("district").order_by("code")
    return streets.filter(district=district) if district is not None else streets


def public_communities(*, street=None, district=None):
    communities = Community.objects.select_related("street", "district").order_by("name", "pk")
    if street is not None:
        communities = communities.filter(street=street)
    if district is not None:
        communities = communities.filter(district=district)
    return communities


def public_honours(community):
    return Honour.objects.filter(community=community).order_by("-year", "title")


def home_community_id(actor, permission: str = rules.VIEW_COMMUNITY) -> int | None:
    """The one community whose portal page is the actor's own (a resident's, a community
    worker's), from their cached roles without a query; None for those above a community or in
    several (they start at the portal's home)."""
    grants = grants_for(actor, permission)
    if not grants:
        return None
    ids = {grant.place_id if grant.level == "community" else grant.community_id
           for grant in grants}
    return ids.pop() if len(ids) == 1 and None not in ids else None
