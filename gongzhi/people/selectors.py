"""Reads of the people app, each narrowed to what the actor may see."""

import datetime
import re

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from gongzhi.core import crypto
from gongzhi.people import identity, rules
from gongzhi.people.choices import AgeBand, SensitiveFlag
from gongzhi.people.models import (
    CorrectionRequest,
    Household,
    ImportRun,
    Ownership,
    Person,
    PersonFlag,
    Residence,
)
from gongzhi.people.services import flag_token
from gongzhi.places.models import Community


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_q(band: str, today: datetime.date) -> Q:
    """People whose age on `today` falls in the band (a birthday today counts)."""
    lower, _sep, upper = band.partition("-")
    lower = int(lower.rstrip("+"))
    condition = Q(birth_date__lte=years_before(today, lower))
    if upper:
        condition &= Q(birth_date__gt=years_before(today, int(upper) + 1))
    return condition


def over_60_q(today: datetime.date) -> Q:
    return Q(birth_date__lte=years_before(today, 60))


def _search_q(search: str) -> Q:
    """Exact ID number, exact phone, last four digits of a phone, or part of a name."""
    text = search.strip()
    id_number = identity.normalise_id_number(text)
    if re.fullmatch(r"\d{17}[\dX]", id_number):
        return Q(id_number_index=crypto.blind_index(id_number, purpose="id-number"))
    phone = identity.normalise_phone(text)
    if re.fullmatch(r"\d{4}", phone):
        return Q(phone_last4_index=crypto.blind_index(phone, purpose="phone-last4"))
    if re.fullmatch(r"1\d{10}|0\d{2,3}-?\d{7,8}", phone):
        return Q(phone_index=crypto.blind_index(phone, purpose="phone"))
    return Q(name__icontains=text)


def person_list(actor, *, community_id: int | None = None, building_id: int | None = None,
                flat_id: int | None = None, search: str = "", flag: str = "",
                age_band: str = "", living_alone: bool | None = None,
                current_only: bool = True, today: datetime.date | None = None):
    today = today or timezone.localdate()
    people = (Person.objects.for_user(actor, rules.VIEW_PERSON)
              .select_related("flat__building", "flat__unit", "community"))
    if current_only:
        people = people.filter(flat__isnull=False)
    if community_id:
        people = people.filter(community_id=community_id)
    if building_id:
        people = people.filter(flat__building_id=building_id)
    if flat_id:
        people = people.filter(flat_id=flat_id)
    if search.strip():
        people = people.filter(_search_q(search))
    if flag in SensitiveFlag.values:
        # Who carries a sensitive flag is itself sensitive: the search runs only where the
        # actor may reveal flags (services.person_flag_search checks and audits it first).
        # Per community: the index of a flag differs between communities.
        allowed = flag_search_community_ids(actor, community_id)
        people = people.filter(community_id__in=allowed).filter(Exists(PersonFlag.objects.filter(
            person=OuterRef("pk"), token__in=[flag_token(cid, flag) for cid in allowed])))
    if age_band == "60+":
        people = people.filter(over_60_q(today))
    elif age_band in AgeBand.values:
        people = people.filter(age_band_q(age_band, today))
    if living_alone is not None:
        people = people.filter(is_living_alone=living_alone)
    # Buildings, units and rooms in natural order (永泰东街1号, 3号, … 11号: places sort_key).
    return people.order_by("flat__building__sort_key", "flat__building_id",
                           "flat__unit__sort_key", "flat__unit_id", "flat__floor",
                           "flat__sort_key", "name", "pk")


def flag_search_community_ids(actor, community_id: int | None = None) -> list[int]:
    """The communities whose register the actor may search by a sensitive flag."""
    return _community_ids(actor, community_id, permission=rules.REVEAL_SENSITIVE)


def _community_ids(actor, community_id: int | None, *,
                   permission: str = rules.VIEW_STATISTICS) -> list[int]:
    communities = Community.objects.for_user(actor, permission)
    if community_id:
        communities = communities.filter(pk=community_id)
    return list(communities.values_list("pk", flat=True))


def person_overview(actor, community, *, today: datetime.date | None = None) -> dict:
    """Counts by tag for a community, to set beside its profile (no names, no decryption)."""
    today = today or timezone.localdate()
    people = Person.objects.for_user(actor, rules.VIEW_STATISTICS).filter(
        community=community, flat__isnull=False)
    counts = people.aggregate(
        residents=Count("id"),
        over_60=Count("id", filter=over_60_q(today)),
        over_80=Count("id", filter=age_band_q(AgeBand.ELDERLY, today)),
        children=Count("id", filter=age_band_q(AgeBand.CHILD, today)),
        living_alone=Count("id", filter=Q(is_living_alone=True)),
        over_60_living_alone=Count("id", filter=over_60_q(today) & Q(is_living_alone=True)),
    )
    tokens = {flag_token(community.pk, flag): flag for flag in SensitiveFlag.values}
    by_token = dict(PersonFlag.objects.for_user(actor, rules.VIEW_STATISTICS)
                    .filter(community=community, token__in=tokens, person__flat__isnull=False)
                    .values_list("token").annotate(n=Count("id")).values_list("token", "n"))
    counts["flags"] = {flag: by_token.get(token, 0) for token, flag in tokens.items()}
    labels = dict(SensitiveFlag.choices)
    counts["flags_labelled"] = [(labels[flag], n) for flag, n in counts["flags"].items()]
    counts["households"] = Household.objects.for_user(actor, rules.VIEW_STATISTICS).filter(
        community=community, residences__moved_out_on__isnull=True).distinct().count()
    counts["owners"] = Ownership.objects.for_user(actor, rules.VIEW_STATISTICS).filter(
        community=community, ended_on__isnull=True).values("person").distinct().count()
    return counts


def flat_households(actor, flat):
    """The households of a flat with their residents, current first, movers-out after."""
    residences = (Residence.objects.for_user(actor, rules.VIEW_PERSON)
                  .select_related("person").order_by("moved_out_on", "relation", "pk"))
    return (Household.objects.for_user(actor, rules.VIEW_PERSON).filter(flat=flat)
            .select_related("head").prefetch_related(Prefetch("residences", queryset=residences))
            .order_by("pk"))


def flat_owners(actor, flat):
    return (Ownership.objects.for_user(actor, rules.VIEW_PERSON).filter(flat=flat)
            .select_related("person").order_by("ended_on", "-share_percent", "pk"))


def person_residences(actor, person):
    return (Residence.objects.for_user(actor, rules.VIEW_PERSON).filter(person=person)
            .select_related("household__flat__building", "household__flat__unit")
            .order_by("-moved_in_on", "-pk"))


def person_ownerships(actor, person):
    return (Ownership.objects.for_user(actor, rules.VIEW_PERSON).filter(person=person)
            .select_related("flat__building", "flat__unit").order_by("ended_on", "pk"))


def person_corrections(actor, person):
    if rules.is_own_record(actor, person):
        return person.corrections.order_by("-created_at")
    return CorrectionRequest.objects.for_user(actor, rules.VIEW_PERSON).filter(person=person)


def open_corrections(actor, *, community_id: int | None = None):
    requests = (CorrectionRequest.objects.for_user(actor, rules.CHANGE_PERSON)
                .filter(status="open").select_related("person"))
    if community_id:
        requests = requests.filter(community_id=community_id)
    return requests


def flat_occupancy(actor, building) -> dict[int, int]:
    """Current residents per flat of a building: {flat id: count}, one query."""
    return dict(Person.objects.for_user(actor, rules.VIEW_PERSON)
                .filter(flat__building=building).values_list("flat_id")
                .annotate(n=Count("id")).values_list("flat_id", "n"))


def person_by_id_number(actor, *, community_id: int, id_number: str) -> Person | None:
    index = crypto.blind_index(identity.normalise_id_number(id_number), purpose="id-number")
    return (Person.objects.for_user(actor, rules.VIEW_PERSON)
            .filter(community_id=community_id, id_number_index=index).first())


def own_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return (Person.objects.select_related("flat__building", "flat__unit", "community")
            .filter(user=user).first())


def import_communities(actor):
    """The communities the actor may import residents into."""
    return Community.objects.for_user(actor, rules.IMPORT_PERSON).order_by("pk")


def import_runs(actor, *, community_id: int | None = None):
    runs = ImportRun.objects.for_user(actor, rules.IMPORT_PERSON).select_related("uploaded_by")
    if community_id:
        runs = runs.filter(community_id=community_id)
    return runs.defer("content_encrypted")
