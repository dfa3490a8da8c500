"""Fetch one co-building row by id within the actor's scope; missing and forbidden alike."""

from gongzhi.cobuilding import rules, selectors
from gongzhi.cobuilding.models import Match, Milestone, Need, Project, Resource
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound

# Units, agreements and contacts are fetched by organisations; co-building's pages name them here.
from gongzhi.organisations.access import access_agreement as access_agreement
from gongzhi.organisations.access import access_contact as access_contact
from gongzhi.organisations.access import access_unit as access_unit


def access_need(*, actor, id, permission=rules.VIEW_BOARD) -> Need:
    return get_scoped(Need.objects.for_user(actor, permission).select_related("community"),
                      pk=id)


def access_project(*, actor, id) -> Project:
    """Staff of the community, or the contact of a unit that leads or serves the project."""
    try:
        return get_scoped(Project.objects.for_user(actor, rules.VIEW_BOARD).select_related(
            "lead_unit", "lead_user", "community"), pk=id)
    except NotFound:
        return get_scoped(selectors.partner_projects(actor), pk=id)


def access_partner_match(*, actor, id) -> Match:
    """A match offered to the actor's own unit (the partner contact's view)."""
    return get_scoped(selectors.partner_matches(actor), pk=id)


def access_resource(*, actor, id, permission=rules.VIEW_BOARD) -> Resource:
    return get_scoped(Resource.objects.for_user(actor, permission).select_related(
        "unit", "community"), pk=id)


def access_match(*, actor, id, permission=rules.VIEW_BOARD) -> Match:
    return get_scoped(Match.objects.for_user(actor, permission).select_related(
        "need", "resource__unit"), pk=id)


def access_milestone(*, actor, id) -> Milestone:
    """A milestone of a project the actor may see (staff, or the serving unit's contact)."""
    milestone = get_scoped(Milestone.objects.select_related("project"), pk=id)
    access_project(actor=actor, id=milestone.project_id)
    return milestone


def access_evaluable_project(*, actor, id) -> Project:
    """A finished project of the resident's own community."""
    return get_scoped(selectors.evaluable_projects(actor), pk=id)
