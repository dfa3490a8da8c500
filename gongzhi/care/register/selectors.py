"""Reads of the care register: the register list (staff: their communities; a helper: the
households they are paired with), the helpers a household may be paired with, the visits of
one household, and counts per community for the street and the district (no names).

None of them decrypts a profile: the difficulty is read only by services.household_read,
audited."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.care.register import access, rules
from gongzhi.care.register.choices import HelperKind, HouseholdStatus, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.visits.models import Visit
from gongzhi.organisations.models import Member, PartnerUnit
from gongzhi.people.models import Person, PersonFlag
from gongzhi.people.selectors import years_before
from gongzhi.people.services import flag_token
from gongzhi.places.models import Community, Grid

# the registry's tags that propose a resident for the register (people.SensitiveFlag)
CANDIDATE_FLAGS = ("in_difficulty", "disabled", "low_income")
CANDIDATE_AGE = 80
PAIRING_RELATED = ("member__person", "volunteer__person", "unit")


def _active_pairings() -> Prefetch:
    return Prefetch("pairings", to_attr="active_pairings",
                    queryset=Pairing.objects.filter(status=PairingStatus.ACTIVE)
                    .select_related(*PAIRING_RELATED).order_by("pk"))


def is_paired_q() -> Exists:
    return Exists(Pairing.objects.filter(household=OuterRef("pk"), status=PairingStatus.ACTIVE))


def last_visit() -> Subquery:
    """The date of the household's latest visit, as a column of the list's one query."""
    return Subquery(Visit.objects.filter(household=OuterRef("pk"))
                    .order_by("-visited_on").values("visited_on")[:1])


def household_list(actor, *, status: str = "", paired: bool | None = None,
                   grid_id: int | None = None, search: str = "") -> QuerySet[CareHousehold]:
    """The households the reader may see (register.access), with their active pairings
    (`active_pairings`) and the date of their last visit (`last_visited_on`): three queries
    for a page of them, however many rows."""
    rows = access.visible_households(actor)
    if status in HouseholdStatus.values:
        rows = rows.filter(status=status)
    if paired is not None:
        rows = rows.filter(is_paired_q() if paired else ~is_paired_q())
    if grid_id:
        rows = rows.filter(person__flat__building__grid_id=grid_id)
    if search:
        rows = rows.filter(person__name__icontains=search)
    return (rows.annotate(last_visited_on=last_visit())
            .select_related("community", "person__flat__building", "person__flat__unit")
            .prefetch_related(_active_pairings())
            .order_by("community", "status", "person__name", "pk"))


def list_grids(actor) -> QuerySet[Grid]:
    """The grids of the communities whose register the reader keeps (the list's filter)."""
    communities = Community.objects.for_user(actor, rules.VIEW_HOUSEHOLD).values("pk")
    return Grid.objects.filter(community__in=communities).order_by("community", "number")


def manageable_communities(actor) -> QuerySet[Community]:
    """The communities where the reader may put households on the register."""
    return Community.objects.for_user(actor, rules.MANAGE_HOUSEHOLD).order_by("name")


# the kind of helper a reader who may not know party membership is shown for a member or a
# volunteer alike
PERSON = "person"
SHOWN_KIND_LABELS = {**dict(HelperKind.choices), PERSON: _("个人")}


def shown_kind(pairing: Pairing, *, knows_membership: bool) -> str:
    """The helper's kind as this reader may see it: a unit is a unit; a person is a party member
    or a volunteer only to those who keep the party roll, else just a person."""
    if pairing.helper_kind == HelperKind.UNIT or knows_membership:
        return pairing.helper_kind
    return PERSON


def pairings_of(household, user=None) -> list[Pairing]:
    """The household's pairings as `user` may see them, active ones first, newest first: the
    register's staff see them all, a helper only the active ones; each with `shown_kind` and
    `shown_kind_label` (whether the helper is a party member only to those who may know)."""
    rows = household.pairings.select_related(*PAIRING_RELATED)
    if user is not None and not rules.may_view(user, household):
        rows = rows.filter(status=PairingStatus.ACTIVE)
    rows = list(rows.order_by("status", "-starts_on", "-pk"))
    knows = user is None or rules.may_know_membership(user, household.community)
    for pairing in rows:  # the rules read the pairing's household: the one already loaded
        pairing.household = household
        pairing.shown_kind = shown_kind(pairing, knows_membership=knows)
        pairing.shown_kind_label = SHOWN_KIND_LABELS[pairing.shown_kind]
    return rows


def household_visits(household, *, limit: int = 50) -> list[Visit]:
    """The household's latest visits, newest first (what was found stays encrypted here)."""
    return list(Visit.objects.filter(household=household)
                .order_by("-visited_on", "-pk")[:limit])


# ---- who may be paired with a household ---------------------------------------------------

def helper_members(community) -> QuerySet[Member]:
    """Party members on the community's roll (community members and in-service members who
    report to it)."""
    return Member.objects.filter(community=community).select_related("person").order_by(
        "person__name", "pk")


def helper_volunteers(community) -> QuerySet[Volunteer]:
    """Confirmed volunteers of the community (residents and partner units' staff)."""
    return (Volunteer.objects.filter(community=community, status=VolunteerStatus.ACTIVE)
            .select_related("person", "unit").order_by("name", "pk"))


def helper_units(community) -> QuerySet[PartnerUnit]:
    return PartnerUnit.objects.filter(community=community).order_by("name", "pk")


# ---- who may be put on the register -------------------------------------------------------

def _not_on_register() -> Q:
    return ~Exists(CareHousehold.objects.filter(person=OuterRef("pk"),
                                                status=HouseholdStatus.ACTIVE))


def candidates(community, *, today: datetime.date, with_flags: bool,
               limit: int = 50) -> QuerySet[Person]:
    """Current residents of the community proposed for the register and not on it yet: living
    alone, aged 80 or more, or (with `with_flags`, for a reader who may search by sensitive
    tags: services.household_candidates audits that) tagged in difficulty, disabled or low
    income in the registry (people's keyed index PersonFlag.token)."""
    condition = Q(is_living_alone=True) | Q(birth_date__lte=years_before(today, CANDIDATE_AGE))
    if with_flags:
        tokens = [flag_token(community.pk, flag) for flag in CANDIDATE_FLAGS]
        condition |= Exists(PersonFlag.objects.filter(person=OuterRef("pk"), token__in=tokens))
    return (Person.objects.filter(community=community, flat__isnull=False)
            .filter(condition).filter(_not_on_register())
            .select_related("flat__building", "flat__unit").order_by("name", "pk")[:limit])


def registrable_persons(community, search: str, *, limit: int = 20) -> QuerySet[Person]:
    """Residents of the community's registry found by part of their name, not on the
    register."""
    search = (search or "").strip()
    if not search:
        return Person.objects.none()
    return (Person.objects.filter(community=community, name__icontains=search)
            .filter(_not_on_register()).select_related("flat__building", "flat__unit")
            .order_by("name", "pk")[:limit])


# ---- statistics (no names) ----------------------------------------------------------------

def statistics_by_community(actor, *, today: datetime.date) -> list[dict]:
    """Per community in the reader's scope (care.view_statistics): active households, how
    many of them are paired and not, closed this year, visits this month. Counts only, in
    four queries whatever the number of communities."""
    communities = {c.pk: c for c in Community.objects.for_user(actor, rules.VIEW_STATISTICS)
                   .order_by("name")}
    ids = list(communities)
    year_start, month_start = today.replace(month=1, day=1), today.replace(day=1)
    households = {row["community_id"]: row for row in (
        CareHousehold.objects.filter(community_id__in=ids).values("community_id").annotate(
            active=Count("pk", filter=Q(status=HouseholdStatus.ACTIVE)),
            closed=Count("pk", filter=Q(status=HouseholdStatus.CLOSED,
                                        closed_on__gte=year_start, closed_on__lte=today))))}
    paired = dict(Pairing.objects.filter(
        community_id__in=ids, status=PairingStatus.ACTIVE,
        household__status=HouseholdStatus.ACTIVE).values("community_id")
        .annotate(n=Count("household", distinct=True)).values_list("community_id", "n"))
    visits = dict(Visit.objects.filter(community_id__in=ids, visited_on__gte=month_start,
                                       visited_on__lte=today).values("community_id")
                  .annotate(n=Count("pk")).values_list("community_id", "n"))
    rows = []
    for pk, community in communities.items():
        active = households.get(pk, {}).get("active", 0)
        rows.append({"community": community, "active": active, "paired": paired.get(pk, 0),
                     "unpaired": active - paired.get(pk, 0),
                     "closed_this_year": households.get(pk, {}).get("closed", 0),
                     "visits_this_month": visits.get(pk, 0)})
    return rows
