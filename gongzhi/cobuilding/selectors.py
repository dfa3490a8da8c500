"""Reads of co-building, already narrowed to what the actor may see."""

from django.db.models import Count, Q

from gongzhi.cobuilding import matching, rules
from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.cobuilding.models import Agreement, Match, Need, PartnerUnit, Project, Resource


def unit_list(user, *, community_id=None):
    units = PartnerUnit.objects.for_user(user, rules.VIEW_BOARD).select_related("community")
    if community_id:
        units = units.filter(community_id=community_id)
    return units.annotate(
        open_resources=Count("resources", filter=Q(resources__is_active=True), distinct=True),
        running_projects=Count("projects", filter=Q(projects__status=ProjectStatus.RUNNING),
                               distinct=True),
        finished_projects=Count("projects", filter=Q(projects__status=ProjectStatus.FINISHED),
                                distinct=True),
    ).order_by("community__name", "name")


def need_list(user, *, status=None, community_id=None):
    needs = Need.objects.for_user(user, rules.VIEW_BOARD).select_related("community")
    if status:
        needs = needs.filter(status=status)
    if community_id:
        needs = needs.filter(community_id=community_id)
    return needs


def resource_list(user, *, community_id=None):
    resources = Resource.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "unit", "community")
    if community_id:
        resources = resources.filter(community_id=community_id)
    return resources


def project_list(user, *, status=None, community_id=None):
    projects = Project.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "lead_unit", "community")
    if status:
        projects = projects.filter(status=status)
    if community_id:
        projects = projects.filter(community_id=community_id)
    return projects


def board(user) -> dict:
    """The co-building board: the three lists and the counts per unit."""
    return {
        "open_needs": list(need_list(user).filter(
            status__in=[NeedStatus.OPEN, NeedStatus.MATCHING])[:50]),
        "resources": list(resource_list(user).filter(is_active=True)[:50]),
        "running_projects": list(project_list(user, status=ProjectStatus.RUNNING)[:50]),
        "finished_projects": list(project_list(user, status=ProjectStatus.FINISHED)[:50]),
        "units": list(unit_list(user)),
    }


def need_suggestions(user, need, *, today) -> list[matching.Suggestion]:
    """Resources of the need's community ranked for it, with the reasons."""
    resources = Resource.objects.for_user(user, rules.VIEW_BOARD).filter(
        community_id=need.community_id, is_active=True).select_related("unit")
    already = set(need.matches.values_list("resource_id", flat=True))
    projects = Project.objects.filter(community_id=need.community_id).only(
        "lead_unit_id", "status")
    return [s for s in matching.suggest(need, resources, today=today,
                                        finished_projects=matching.finished_projects_by_unit(
                                            projects), limit=8)
            if s.resource.pk not in already][:5]


def need_matches(user, need):
    return Match.objects.for_user(user, rules.VIEW_BOARD).filter(need=need).select_related(
        "resource__unit")


# ---- the partner unit's own view: rows of the unit the contact's login is bound to -------

def _partner_rows(user, model):
    unit_id = rules.partner_unit_id(user)
    if unit_id is None:
        return model.objects.none()
    return model.objects.for_user(user, rules.PARTNER_PORTAL)


def partner_unit(user):
    return _partner_rows(user, PartnerUnit).filter(pk=rules.partner_unit_id(user)).first()


def partner_agreements(user):
    return _partner_rows(user, Agreement).filter(unit_id=rules.partner_unit_id(user))


def partner_resources(user):
    return _partner_rows(user, Resource).filter(unit_id=rules.partner_unit_id(user))


def partner_matches(user):
    return _partner_rows(user, Match).filter(
        resource__unit_id=rules.partner_unit_id(user)).select_related("need", "resource")


def partner_projects(user):
    unit_id = rules.partner_unit_id(user)
    return _partner_rows(user, Project).filter(
        Q(lead_unit_id=unit_id) | Q(resources__unit_id=unit_id)).distinct().select_related(
        "lead_unit")


def pending_partner_matches(user):
    return partner_matches(user).filter(status=MatchStatus.PROPOSED)


def editable_communities(user):
    """Communities in which the actor may raise needs and confirm matches."""
    from gongzhi.places.models import Community

    return Community.objects.for_user(user, rules.CHANGE_LISTS).order_by("name")


def community_resource(user, *, need, resource_id):
    """A resource of the need's community that the actor may match, or None."""
    return Resource.objects.for_user(user, rules.CHANGE_LISTS).select_related("unit").filter(
        pk=resource_id, community_id=need.community_id).first()
