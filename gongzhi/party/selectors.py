"""Reads of party building, already narrowed to what the actor may see."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import masked_text
from gongzhi.cobuilding.models import Need
from gongzhi.cobuilding.rules import VIEW_BOARD
from gongzhi.organisations.choices import MemberKind, OfficerTitle
from gongzhi.organisations.models import Member, Officer, Organisation
from gongzhi.party import rules
from gongzhi.party.choices import ClaimStatus, PostStatus
from gongzhi.party.models import Claim, Post
from gongzhi.people.models import Person
from gongzhi.people.rules import VIEW_PERSON
from gongzhi.places.models import Community, Grid, Street
from gongzhi.places.rules import VIEW_PLACE


@dataclass
class TreeNode:
    organisation: Organisation
    children: list = field(default_factory=list)
    depth: int = 0

    @property
    def total_members(self) -> int:
        """Members held here and in every organisation below."""
        return self.organisation.member_count + sum(c.total_members for c in self.children)

    @property
    def group_total(self) -> int:
        return self.organisation.group_member_count


def organisation_list(user, *, community_id=None, street_id=None):
    organisations = Organisation.objects.for_user(user, rules.VIEW_ORGANISATION).select_related(
        "street", "community", "parent")
    if community_id:
        organisations = organisations.filter(community_id=community_id)
    if street_id:
        organisations = organisations.filter(street_id=street_id)
    return organisations


def _current_officers(today: datetime.date):
    return Prefetch("officers", to_attr="current_officers", queryset=Officer.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today), term_start__lte=today)
        .select_related("person", "member__person").order_by("title", "pk"))


def organisation_tree(user, *, today: datetime.date, community_id=None) -> list[TreeNode]:
    """The organisations the actor may see as a forest, with member counts and the officers
    in office today; a fixed number of queries whatever the size of the tree."""
    organisations = list(
        organisation_list(user, community_id=community_id)
        .annotate(member_count=Count("members", distinct=True),
                  group_member_count=Count("group_members", distinct=True))
        .prefetch_related(_current_officers(today))
        .order_by("kind", "name"))
    title_rank = {title: index for index, title in enumerate(OfficerTitle.values)}
    for organisation in organisations:
        organisation.current_officers.sort(key=lambda o: (title_rank[o.title], o.pk))
    nodes = {o.pk: TreeNode(o) for o in organisations}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.organisation.parent_id)
        (parent.children if parent else roots).append(node)
    order = {kind: index for index, kind in enumerate(
        ["street_committee", "community_committee", "general_branch", "branch", "group"])}

    def sort(items, depth):
        items.sort(key=lambda n: (order[n.organisation.kind], n.organisation.pk))
        for item in items:
            item.depth = depth
            sort(item.children, depth + 1)
    sort(roots, 0)
    return roots


def flatten(nodes: list[TreeNode]) -> list[TreeNode]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def organisation_officers(user, organisation: Organisation) -> list[Officer]:
    """Officers of an organisation, newest term first, in the order of the titles."""
    title_rank = {title: index for index, title in enumerate(OfficerTitle.values)}
    officers = (Officer.objects.for_user(user, rules.VIEW_ORGANISATION)
                .filter(organisation=organisation).select_related("person", "member__person",
                                                                  "organisation"))
    return sorted(officers, key=lambda o: (-o.term_start.toordinal(), title_rank[o.title], o.pk))


def member_list(user, *, organisation_id=None, kind=None, grid_id=None, search=""):
    members = Member.objects.for_user(user, rules.VIEW_MEMBER).select_related(
        "person", "community", "organisation", "group", "grid", "partner_unit")
    if organisation_id:
        # the organisation itself and everything below it (the tree is at most four deep)
        members = members.filter(Q(organisation_id=organisation_id) | Q(group_id=organisation_id)
                                 | Q(organisation__parent_id=organisation_id)
                                 | Q(organisation__parent__parent_id=organisation_id))
    if kind:
        members = members.filter(kind=kind)
    if grid_id:
        members = members.filter(grid_id=grid_id)
    if search:
        members = members.filter(Q(person__name__contains=search)
                                 | Q(work_unit_name__contains=search))
    return members.order_by("person__name", "pk")


def officer_candidates(user, organisation: Organisation):
    """Members who may take an office in `organisation`: of its community, or of its street
    for a street committee."""
    members = Member.objects.for_user(user, rules.VIEW_MEMBER).select_related("person")
    if organisation.community_id:
        members = members.filter(community_id=organisation.community_id)
    else:
        members = members.filter(community__street_id=organisation.street_id)
    return members.order_by("person__name", "pk")


def member_filter_choices(user) -> dict:
    """The branches and grids the member list can be filtered by."""
    return {
        "organisations": list(organisation_list(user).exclude(
            kind="street_committee").order_by("community__name", "kind", "name")),
        "grids": list(Grid.objects.for_user(user, VIEW_PLACE).select_related("community")
                      .order_by("community__name", "number")),
    }


def member_claims(user, member: Member):
    return (Claim.objects.for_user(user, rules.VIEW_POST).filter(member=member)
            .select_related("post").order_by("-post__date"))


def post_list(user, *, status=None, community_id=None, to_confirm=False, today=None):
    """Posts the actor may see; `to_confirm`: those whose date has come with claims still
    waiting for the organiser to confirm the service (the workbench's link)."""
    posts = Post.objects.for_user(user, rules.VIEW_POST).select_related(
        "community", "need").annotate(claim_count=Count("claims"))
    if status:
        posts = posts.filter(status=status)
    if community_id:
        posts = posts.filter(community_id=community_id)
    if to_confirm:
        posts = posts.filter(_to_confirm_q(user, today or timezone.localdate()))
    return posts


def _to_confirm_q(user, today) -> Q:
    waiting = Claim.objects.for_user(user, rules.MANAGE_POST).filter(
        status=ClaimStatus.CLAIMED).values("post_id")
    return Q(pk__in=waiting, date__lte=today)


def posts_to_confirm_count(user, *, today) -> int:
    """How many rows post_list(to_confirm=True) has: one query."""
    return Post.objects.for_user(user, rules.VIEW_POST).filter(
        _to_confirm_q(user, today)).count()


def member_workbench_counts(user, member, *, today) -> dict:
    """A party member's own figures: open posts to claim, their claims, claims still waiting
    for confirmation, and the confirmed hours of this year (by the post's date). Two queries."""
    counts = own_claims(member).aggregate(
        claims=Count("pk"),
        waiting=Count("pk", filter=Q(status=ClaimStatus.CLAIMED)),
        hours=Sum("hours", filter=Q(status=ClaimStatus.CONFIRMED,
                                    post__date__year=today.year)))
    return {"open_posts": open_posts(user).count(), "claims": counts["claims"] or 0,
            "waiting": counts["waiting"] or 0, "hours_this_year": counts["hours"] or 0}


def need_posts(user, need):
    """Posts published from a need of the needs list, with their claim counts."""
    return (Post.objects.for_user(user, rules.VIEW_POST).filter(need=need)
            .annotate(claim_count=Count("claims")).order_by("-date", "-pk"))


def editable_streets(user):
    """Streets whose working committee (街道党工委) the actor may set up."""
    return Street.objects.for_user(user, rules.CHANGE_ORGANISATION).order_by("name")


def committee_communities(user, street_committee: Organisation):
    """Communities of the committee's street that the actor may organise and that have no
    community party committee yet."""
    taken = Organisation.objects.filter(kind="community_committee",
                                        street_id=street_committee.street_id).values(
        "community_id")
    return (Community.objects.for_user(user, rules.CHANGE_ORGANISATION)
            .filter(street_id=street_committee.street_id).exclude(pk__in=taken)
            .order_by("name"))


def open_posts(user):
    return post_list(user, status=PostStatus.OPEN).order_by("date", "pk")


def post_claims(user, post: Post):
    """Who claimed the post: for those who keep the roll only (claimants are party members)."""
    return (Claim.objects.for_user(user, rules.CONFIRM_CLAIM).filter(post=post)
            .select_related("member__person", "confirmed_by").order_by("created_at", "pk"))


def own_claims(member: Member | None):
    if member is None:
        return Claim.objects.none()
    return member.claims.select_related("post").order_by("-post__date", "-pk")


def claim_list(user):
    """Claims the actor may see: staff see their scope; a member sees their own."""
    staff = Claim.objects.for_user(user, rules.CONFIRM_CLAIM)
    own = Claim.objects.filter(member__person__user=user) if user.is_authenticated \
        else Claim.objects.none()
    return (staff | own).distinct().select_related("post", "member__person").order_by(
        "-post__date", "-pk")


def editable_communities(user):
    return Community.objects.for_user(user, rules.MANAGE_POST).order_by("name")


def post_need_choices(user, community_id=None):
    needs = Need.objects.for_user(user, VIEW_BOARD).exclude(status="done")
    if community_id:
        needs = needs.filter(community_id=community_id)
    return needs.order_by("-created_at")


# ---- the yearly summary ---------------------------------------------------------------------

@dataclass
class MemberYear:
    member: Member
    claims: int = 0
    hours: Decimal = Decimal("0")
    work: list = field(default_factory=list)  # (date, post title, what was done)


@dataclass
class UnitYear:
    name: str
    party_organisation: str
    members: list = field(default_factory=list)  # MemberYear

    @property
    def reported(self) -> int:
        return len(self.members)

    @property
    def active(self) -> int:
        return sum(1 for m in self.members if m.claims)

    @property
    def claims(self) -> int:
        return sum(m.claims for m in self.members)

    @property
    def hours(self) -> Decimal:
        return sum((m.hours for m in self.members), Decimal("0"))


def yearly_summary(user, *, year: int, community_id=None, work_unit: str = "") -> dict:
    """Per in-service member and per work unit: who reported by the end of `year`, how many
    confirmed claims they had in the year, their hours and what they did. Three queries."""
    members = (Member.objects.for_user(user, rules.VIEW_SUMMARY)
               .filter(kind=MemberKind.IN_SERVICE)
               .filter(Q(registered_on__isnull=True)
                       | Q(registered_on__lte=datetime.date(year, 12, 31)))
               .select_related("person", "community", "partner_unit"))
    if community_id:
        members = members.filter(community_id=community_id)
    if work_unit:
        members = members.filter(work_unit_name=work_unit)
    by_member = {m.pk: MemberYear(m) for m in members.order_by("work_unit_name", "person__name",
                                                               "pk")}
    claims = (Claim.objects.for_user(user, rules.VIEW_SUMMARY)
              .filter(status=ClaimStatus.CONFIRMED, post__date__year=year,
                      member_id__in=list(by_member))
              .select_related("post").order_by("post__date", "pk"))
    for claim in claims:
        row = by_member[claim.member_id]
        row.claims += 1
        row.hours += claim.hours
        row.work.append((claim.post.date, claim.post.title, claim.work_done))
    units: dict[str, UnitYear] = {}
    for row in by_member.values():
        member = row.member
        unit = units.get(member.work_unit_name)
        if unit is None:
            unit = units[member.work_unit_name] = UnitYear(
                member.work_unit_name, member.unit_party_organisation)
        unit.members.append(row)
    unit_list = sorted(units.values(), key=lambda u: (-u.hours, u.name))
    totals = {"reported": len(by_member),
              "claims": sum(r.claims for r in by_member.values()),
              "hours": sum((r.hours for r in by_member.values()), Decimal("0"))}
    return {"year": year, "units": unit_list, "members": list(by_member.values()),
            "totals": totals}


def work_unit_names(user) -> list[str]:
    return list(Member.objects.for_user(user, rules.VIEW_SUMMARY)
                .filter(kind=MemberKind.IN_SERVICE).exclude(work_unit_name="")
                .order_by("work_unit_name").values_list("work_unit_name", flat=True).distinct())


def summary_years(user) -> list[int]:
    years = (Post.objects.for_user(user, rules.VIEW_SUMMARY).dates("date", "year"))
    return sorted({d.year for d in years}, reverse=True)


def editable_member_communities(user):
    return Community.objects.for_user(user, rules.CHANGE_MEMBER).order_by("name")


def person_candidates(user, query: str):
    """Residents of the communities whose roll the actor keeps, not yet on it, by name."""
    communities = editable_member_communities(user).values("pk")
    return (Person.objects.for_user(user, VIEW_PERSON)
            .filter(community__in=communities, name__contains=query, party_member__isnull=True)
            .select_related("community", "flat__building").order_by("name", "pk")[:20])


def export_communities(user):
    return Community.objects.for_user(user, rules.EXPORT_SUMMARY).order_by("name")


def post_source_case(actor, case_id):
    """The resident request a post is published from, if the actor may see it; else None
    (a missing or foreign id is answered by the scoped lookup as not found)."""
    if not case_id or not str(case_id).isdigit():
        return None
    return access_case(actor=actor, id=int(case_id))


def case_description_for_post(case) -> str:
    return masked_text(case)


def own_claim(member, post):
    """The member's own claim of the post, if any."""
    return post.claims.filter(member=member).first() if member is not None else None


def claim_count(post) -> int:
    return post.claims.count()
