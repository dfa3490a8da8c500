"""Reads of party building, already narrowed to what the actor may see. In-service members'
service is read from activities: their shifts from the rota, their hours from the hours
ledger (issue 15)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from gongzhi.activities.rota import rules as rota_rules
from gongzhi.activities.rota import selectors as rota_selectors
from gongzhi.activities.rota.choices import OpenTo, ShiftSignUpStatus
from gongzhi.activities.rota.models import Post, ShiftSignUp
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.activities.volunteering.selectors import hours_by_volunteer, hours_total
from gongzhi.organisations.choices import MemberKind, OfficerTitle
from gongzhi.organisations.models import Member, Officer, Organisation
from gongzhi.party import rules
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


# ---- in-service members' service, read from the rota and the hours ledger -------------------

def member_signups(user, member: Member):
    """The shifts a member took (the member page): for those who see who served on members'
    posts (activities.view_shift_signups)."""
    return (ShiftSignUp.objects.for_user(user, rota_rules.VIEW_SHIFT_SIGNUPS)
            .filter(volunteer__person_id=member.person_id)
            .select_related("shift__post").order_by("-shift__date", "-pk"))


def _year(year: int) -> dict:
    return {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}


def _quarter(year: int, number: int) -> dict:
    first = datetime.date(year, 3 * number - 2, 1)
    end = (datetime.date(year, 3 * number + 1, 1) - datetime.timedelta(days=1) if number < 4
           else datetime.date(year, 12, 31))
    return {"start": first, "end": end}


def _members_open_posts(user, member):
    if member is None:
        return Post.objects.none()
    return rota_selectors.open_posts(user).filter(open_to=OpenTo.MEMBERS,
                                                  community_id=member.community_id)


def own_service(user, member: Member | None, *, today: datetime.date) -> dict:
    """我的报到: the member's shifts (latest first), the open members' posts of their
    community, and their confirmed hours this year and in all (the hours ledger)."""
    volunteer = own_volunteer(user)
    signups = list(rota_selectors.own_signups(user)[:50])
    return {
        "signups": signups,
        "open_posts": _members_open_posts(user, member)[:50],
        "taken_post_ids": {signup.shift.post_id for signup in signups},
        "hours_this_year": hours_total(volunteer, **_year(today.year)) if volunteer
        else Decimal(0),
        "hours_total": hours_total(volunteer) if volunteer else Decimal(0),
        "min_hours": settings.PARTY_YEARLY_MIN_HOURS,
    }


def member_workbench_counts(user, member, *, today) -> dict:
    """A party member's own figures: open members' posts to take, their shifts, those still
    waiting for confirmation, and the confirmed hours of this year (the hours ledger)."""
    counts = rota_selectors.own_signups(user).aggregate(
        signups=Count("pk"), waiting=Count("pk", filter=Q(status=ShiftSignUpStatus.TAKEN)))
    volunteer = own_volunteer(user)
    return {"open_posts": _members_open_posts(user, member).count(),
            "claims": counts["signups"] or 0, "waiting": counts["waiting"] or 0,
            "hours_this_year": hours_total(volunteer, **_year(today.year)) if volunteer
            else 0}


@dataclass
class MemberYear:
    member: Member
    shifts: int = 0
    hours: Decimal = Decimal("0")
    quarters: list = field(default_factory=lambda: [Decimal("0")] * 4)
    work: list = field(default_factory=list)  # (date, post title, what was done)
    below_minimum: bool = False


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
        return sum(1 for m in self.members if m.hours)

    @property
    def shifts(self) -> int:
        return sum(m.shifts for m in self.members)

    @property
    def hours(self) -> Decimal:
        return sum((m.hours for m in self.members), Decimal("0"))

    @property
    def quarters(self) -> list:
        return [sum((m.quarters[i] for m in self.members), Decimal("0")) for i in range(4)]

    @property
    def below_minimum(self) -> int:
        return sum(1 for m in self.members if m.below_minimum)


def yearly_summary(user, *, year: int, community_id=None, work_unit: str = "") -> dict:
    """Per in-service member and per work unit: who reported by the end of `year`, their
    confirmed hours in the year and in each quarter (the quarterly feedback to the work unit)
    read from the hours ledger (corrections included), whether they reached the yearly
    minimum (PARTY_YEARLY_MIN_HOURS), and the shifts they served. Eight queries whatever the
    number of members."""
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
    of_person = {row.member.person_id: row for row in by_member.values()}
    person_of = dict(Volunteer.objects.filter(person_id__in=list(of_person))
                     .values_list("pk", "person_id"))
    for volunteer_id, hours in hours_by_volunteer(list(person_of), **_year(year)).items():
        of_person[person_of[volunteer_id]].hours = hours
    for number in range(1, 5):
        quarter = hours_by_volunteer(list(person_of), **_quarter(year, number))
        for volunteer_id, hours in quarter.items():
            of_person[person_of[volunteer_id]].quarters[number - 1] = hours
    served = (ShiftSignUp.objects.filter(volunteer_id__in=list(person_of),
                                         status=ShiftSignUpStatus.CONFIRMED,
                                         shift__date__year=year)
              .select_related("shift__post").order_by("shift__date", "pk"))
    for signup in served:
        row = of_person[person_of[signup.volunteer_id]]
        row.shifts += 1
        row.work.append((signup.shift.date, signup.shift.post.title, signup.work_done))
    minimum = settings.PARTY_YEARLY_MIN_HOURS
    rows = list(by_member.values())
    for row in rows:
        row.below_minimum = row.hours < minimum
    units: dict[str, UnitYear] = {}
    for row in rows:
        member = row.member
        unit = units.get(member.work_unit_name)
        if unit is None:
            unit = units[member.work_unit_name] = UnitYear(
                member.work_unit_name, member.unit_party_organisation)
        unit.members.append(row)
    totals = {"reported": len(rows), "shifts": sum(r.shifts for r in rows),
              "hours": sum((r.hours for r in rows), Decimal("0")),
              "quarters": [sum((r.quarters[i] for r in rows), Decimal("0")) for i in range(4)],
              "below_minimum": sum(1 for r in rows if r.below_minimum)}
    return {"year": year, "units": sorted(units.values(), key=lambda u: (-u.hours, u.name)),
            "members": rows, "totals": totals, "min_hours": minimum}


def work_unit_names(user) -> list[str]:
    return list(Member.objects.for_user(user, rules.VIEW_SUMMARY)
                .filter(kind=MemberKind.IN_SERVICE).exclude(work_unit_name="")
                .order_by("work_unit_name").values_list("work_unit_name", flat=True).distinct())


def summary_years(user) -> list[int]:
    """The years with service in the hours ledger of the communities the actor sees."""
    years = HoursEntry.objects.for_user(user, rules.VIEW_SUMMARY).dates("served_on", "year")
    return sorted({d.year for d in years}, reverse=True)
