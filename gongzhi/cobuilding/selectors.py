"""Reads of co-building, already narrowed to what the actor may see."""

from datetime import timedelta

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from gongzhi.accounts.models import User
from gongzhi.cobuilding import matching, rules
from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.cobuilding.models import Evaluation, Match, Need, Project, Resource
from gongzhi.organisations.models import Agreement, Member, PartnerUnit
from gongzhi.organisations.rules import VIEW_MEMBER

# Units' contacts and agreements are read in organisations; co-building's pages name them here.
from gongzhi.organisations.selectors import agreement_list as agreement_list
from gongzhi.organisations.selectors import linkable_contact_login as linkable_contact_login
from gongzhi.organisations.selectors import managed_communities as managed_communities
from gongzhi.organisations.selectors import unit_contacts as unit_contacts
from gongzhi.places.models import Community

EXPIRY_NOTICE_DAYS = 30


def _count(queryset, outer="pk", field="unit"):
    """A correlated COUNT subquery: one query for the whole list, whatever its length."""
    return Coalesce(Subquery(
        queryset.filter(**{field: OuterRef(outer)}).order_by().values(field).annotate(
            n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def unit_list(user, *, community_id=None):
    units = PartnerUnit.objects.for_user(user, rules.VIEW_BOARD).select_related("community")
    if community_id:
        units = units.filter(community_id=community_id)
    return units.annotate(
        agreement_count=_count(Agreement.objects.all()),
        resource_count=_count(Resource.objects.all()),
        open_resources=_count(Resource.objects.filter(is_active=True)),
        project_count=_count(Project.objects.all(), field="lead_unit"),
        running_projects=_count(Project.objects.filter(status=ProjectStatus.RUNNING),
                                field="lead_unit"),
        finished_projects=_count(Project.objects.filter(status=ProjectStatus.FINISHED),
                                 field="lead_unit"),
    ).order_by("community__name", "name")


def agreements_expiring_soon(agreements, *, today):
    return agreements.filter(ends_on__gte=today,
                             ends_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS))


def match_list(user, *, community_id=None, status=None, without_project=False):
    matches = Match.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "need", "resource__unit", "resource__member__person")
    if community_id:
        matches = matches.filter(community_id=community_id)
    if status:
        matches = matches.filter(status=status)
    if without_project:
        matches = matches.filter(project__isnull=True).exclude(status=MatchStatus.DECLINED)
    return matches


def project_milestones(project):
    # through the project's manager: each milestone's `project` is this very row, so that the
    # rule asked of each (cobuilding.complete_milestone) is answered once for the project
    return project.milestones.all()


def project_evaluations(project):
    """The residents' ratings of a project: comments without names (residents' data)."""
    return Evaluation.objects.filter(project=project).only(
        "rating", "comment", "created_at", "project_id", "community_id")


def evaluation_summary(project) -> dict:
    return Evaluation.objects.filter(project=project).aggregate(
        average=Avg("rating"), count=Count("pk"))


LEAD_ROLES = ["community_secretary", "community_staff", "party_member"]


def lead_user_choices(user, community):
    """People who may lead a project of the community: its staff and party members."""
    return User.objects.filter(
        is_active=True, role_assignments__community=community,
        role_assignments__role__in=LEAD_ROLES).distinct().order_by("username")


def evaluable_projects(user):
    """Finished projects of the resident's community, which they may rate."""
    return Project.objects.for_user(user, rules.EVALUATE_PROJECT).filter(
        status=ProjectStatus.FINISHED).select_related("lead_unit", "lead_user")


def need_list(user, *, status=None, community_id=None):
    needs = Need.objects.for_user(user, rules.VIEW_BOARD).select_related("community")
    if status:
        needs = needs.filter(status=status)
    if community_id:
        needs = needs.filter(community_id=community_id)
    return needs


def resource_list(user, *, community_id=None, unit_id=None, active=None):
    resources = Resource.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "unit", "community", "member__person")
    if community_id:
        resources = resources.filter(community_id=community_id)
    if unit_id:
        resources = resources.filter(unit_id=unit_id)
    if active is not None:
        resources = resources.filter(is_active=active)
    return resources


def project_list(user, *, status=None, community_id=None):
    projects = Project.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "lead_unit", "lead_user", "community")
    if status:
        projects = projects.filter(status=status)
    if community_id:
        projects = projects.filter(community_id=community_id)
    return projects


OPEN_NEED_STATUSES = [NeedStatus.OPEN, NeedStatus.MATCHING]


def community_counts(user):
    """The communities the actor oversees with their co-building counts (street view)."""
    def by_community(queryset):
        return _count(queryset, field="community")

    return Community.objects.for_user(user, rules.VIEW_BOARD).annotate(
        open_needs=by_community(Need.objects.filter(status__in=OPEN_NEED_STATUSES)),
        active_resources=by_community(Resource.objects.filter(is_active=True)),
        running_projects=by_community(Project.objects.filter(status=ProjectStatus.RUNNING)),
        finished_projects=by_community(Project.objects.filter(status=ProjectStatus.FINISHED)),
        unit_count=by_community(PartnerUnit.objects.all()),
    ).order_by("name")


def board(user, *, community_id=None, need_status=None) -> dict:
    """The co-building board: the three lists, counts per community (for the street) and per
    unit. A fixed number of queries, whatever the amount of data. `need_status` narrows the
    needs list to one of the open statuses (the workbench's "needs without a match")."""
    needs = need_list(user, community_id=community_id).filter(status__in=OPEN_NEED_STATUSES)
    if need_status in OPEN_NEED_STATUSES:
        needs = needs.filter(status=need_status)
    resources = resource_list(user, community_id=community_id, active=True)
    running = project_list(user, status=ProjectStatus.RUNNING, community_id=community_id)
    finished = project_list(user, status=ProjectStatus.FINISHED, community_id=community_id)
    communities = list(community_counts(user))
    return {
        "open_needs": list(needs[:50]), "open_need_count": needs.count(),
        "resources": list(resources[:50]), "resource_count": resources.count(),
        "running_projects": list(running[:50]), "running_count": running.count(),
        "finished_projects": list(finished[:50]), "finished_count": finished.count(),
        "units": list(unit_list(user, community_id=community_id)),
        "communities": communities if len(communities) > 1 else [],
        "community_id": community_id, "need_status": need_status,
    }


def need_suggestions(user, need, *, today) -> list[matching.Suggestion]:
    """Resources of the need's community ranked for it, with the reasons."""
    resources = Resource.objects.for_user(user, rules.VIEW_BOARD).filter(
        community_id=need.community_id, is_active=True).select_related(
        "unit", "member__person")
    already = set(need.matches.values_list("resource_id", flat=True))
    projects = Project.objects.filter(community_id=need.community_id,
                                      status=ProjectStatus.FINISHED).only(
        "lead_unit_id", "status")
    member_links = Project.resources.through.objects.filter(
        project__community_id=need.community_id, project__status=ProjectStatus.FINISHED,
        resource__member__isnull=False).values_list("resource__member_id", "project_id")
    performance = matching.finished_projects_by_provider(projects, member_links)
    return [s for s in matching.suggest(need, resources, today=today,
                                        finished_projects=performance, limit=8)
            if s.resource.pk not in already][:5]


def member_resources(user, member):
    """Resources a party member offers, as the actor may see them on the member's page."""
    return (Resource.objects.for_user(user, rules.VIEW_BOARD).filter(member=member)
            .order_by("-is_active", "title", "pk"))


def own_resources(member):
    """The member's own resources, for 我的报到 (the member reads their own rows)."""
    if member is None:
        return Resource.objects.none()
    return Resource.objects.filter(member=member).order_by("-is_active", "title", "pk")


def need_matches(user, need):
    """Matches of one need (or of any need, with `need` None), within the actor's scope."""
    matches = Match.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "resource__unit", "resource__member__person", "project", "need")
    return matches if need is None else matches.filter(need=need)


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
    """Matches offered to the unit, with the need's public fields only: never who raised it
    nor the request it came from (residents' personal data)."""
    return _partner_rows(user, Match).filter(
        resource__unit_id=rules.partner_unit_id(user)).select_related("need", "resource")


def partner_projects(user):
    unit_id = rules.partner_unit_id(user)
    served = Resource.objects.filter(unit_id=unit_id).values("projects")
    return _partner_rows(user, Project).filter(
        Q(lead_unit_id=unit_id) | Q(pk__in=served)).select_related("lead_unit", "lead_user")


def pending_partner_matches(user):
    return partner_matches(user).filter(status=MatchStatus.PROPOSED)


def editable_communities(user):
    """Communities in which the actor may raise needs and confirm matches."""
    return Community.objects.for_user(user, rules.CHANGE_LISTS).order_by("name")


def community_resource(user, *, need, resource_id):
    """A resource of the need's community that the actor may match, or None."""
    return Resource.objects.for_user(user, rules.CHANGE_LISTS).select_related("unit").filter(
        pk=resource_id, community_id=need.community_id).first()


def community_units(user, community):
    return PartnerUnit.objects.for_user(user, rules.CHANGE_LISTS).filter(
        community=community).order_by("name")


def editable_members(user, community=None):
    """Party members on the roll of the communities where the actor keeps the lists."""
    members = Member.objects.for_user(user, VIEW_MEMBER).filter(
        community__in=editable_communities(user).values("pk")).select_related("person")
    if community is not None:
        members = members.filter(community=community)
    return members.order_by("person__name", "pk")


def editable_units(user):
    return PartnerUnit.objects.for_user(user, rules.CHANGE_LISTS).order_by("name")


def rated_project_ids(user) -> set[int]:
    return set(Evaluation.objects.filter(resident=user).values_list("project_id", flat=True))


# ---- the workbench's counts (each the rows behind its link) --------------------------------

def workbench_counts(user, *, today) -> dict[str, int]:
    """Needs still without a match (the board's ?need_status=open) and agreements expiring
    within the reminder window (the agreement list's ?expiring=1): two queries."""
    return {
        "unmatched_needs": need_list(user, status=NeedStatus.OPEN).count(),
        "expiring_agreements": agreements_expiring_soon(agreement_list(user),
                                                        today=today).count(),
    }


def partner_workbench_counts(user) -> dict[str, int]:
    """Matches offered to the contact's unit that wait for its answer: one query."""
    return {"pending_matches": pending_partner_matches(user).count()}


def running_projects_by_community(user) -> dict[int, int]:
    """Projects under way per community of the actor's scope: one grouped query."""
    rows = (project_list(user, status=ProjectStatus.RUNNING).order_by().values("community_id")
            .annotate(n=Count("pk")))
    return {row["community_id"]: row["n"] for row in rows}


def public_finished_projects(community):
    """The portal's finished co-building projects of a community, made public, with the
    residents' average rating (no names, no comments)."""
    return (Project.objects.filter(community=community, status=ProjectStatus.FINISHED,
                                   published_at__isnull=False)
            .select_related("lead_unit")
            .annotate(rating_average=Avg("evaluations__rating"),
                      rating_count=Count("evaluations", distinct=True))
            .order_by("-published_at", "-pk"))
