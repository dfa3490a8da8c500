"""Fetch one co-building row by id within the actor's scope; missing and forbidden alike."""

from gongzhi.cobuilding import rules, selectors
from gongzhi.cobuilding.models import Match, Need, PartnerUnit, Project
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound


def access_need(*, actor, id, permission=rules.VIEW_BOARD) -> Need:
    return get_scoped(Need.objects.for_user(actor, permission).select_related("community"),
                      pk=id)


def access_unit(*, actor, id, permission=rules.VIEW_BOARD) -> PartnerUnit:
    return get_scoped(PartnerUnit.objects.for_user(actor, permission).select_related(
        "community"), pk=id)


def access_project(*, actor, id) -> Project:
    """Staff of the community, or the contact of a unit that leads or serves the project."""
    try:
        return get_scoped(Project.objects.for_user(actor, rules.VIEW_BOARD).select_related(
            "lead_unit", "community"), pk=id)
    except NotFound:
        return get_scoped(selectors.partner_projects(actor), pk=id)


def access_partner_match(*, actor, id) -> Match:
    """A match offered to the actor's own unit (the partner contact's view)."""
    return get_scoped(selectors.partner_matches(actor), pk=id)
