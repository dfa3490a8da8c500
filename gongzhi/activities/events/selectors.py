"""Reads of activities and sign-ups, narrowed to what the actor may see."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from gongzhi.activities.events import rules
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import Activity, ActivityPhoto, SignUp
from gongzhi.activities.volunteering.choices import EntryKind, VolunteerStatus
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.cobuilding.models import Project, Resource
from gongzhi.organisations.models import Member, PartnerUnit
from gongzhi.people.models import Person
from gongzhi.people.selectors import own_person
from gongzhi.places.models import Building, Community, Grid

# what holds a place: a confirmed sign-up, and a place offered and awaiting its answer
HOLDS_A_PLACE = (SignUpStatus.CONFIRMED, SignUpStatus.OFFERED)
LIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITING, SignUpStatus.OFFERED)


def visible_activities(actor):
    """The activities the actor may see: published ones of their communities, and every one,
    drafts too, where they organise."""
    managed = Activity.objects.for_user(actor, rules.MANAGE_ACTIVITY).values("pk")
    return (Activity.objects.for_user(actor, rules.VIEW_ACTIVITY)
            .filter(~Q(status=ActivityStatus.DRAFT) | Q(pk__in=managed)))


def with_counts(activities):
    """Each activity with its counts of places taken, waiting and who came: one query."""
    return activities.annotate(
        signed_up_count=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)),
        offered_count=Count("signups", filter=Q(signups__status=SignUpStatus.OFFERED)),
        waiting_count=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
        came_count=Count("signups", filter=Q(signups__checked_in_at__isnull=False)
                         & ~Q(signups__status=SignUpStatus.CANCELLED)))


def planner(actor, *, kind: str = "", status: str = "", when: str = "upcoming",
            community_id: int | None = None, now=None):
    """The staff planner: activities where the actor organises, upcoming (soonest first) or
    past (latest first), with their counts; `when="week"` is the coming 7 days, "offers"
    those with a place offered awaiting its answer (the workbench's links)."""
    now = now or timezone.now()
    activities = Activity.objects.for_user(actor, rules.MANAGE_ACTIVITY)
    if kind:
        activities = activities.filter(kind=kind)
    if status:
        activities = activities.filter(status=status)
    if community_id:
        activities = activities.filter(community_id=community_id)
    if when == "past":
        activities = activities.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    elif when == "offers":
        activities = activities.filter(Exists(SignUp.objects.filter(
            activity=OuterRef("pk"), status=SignUpStatus.OFFERED))).order_by("starts_at", "pk")
    elif when == "week":
        activities = (activities.filter(starts_at__gte=now,
                                        starts_at__lt=now + datetime.timedelta(days=7))
                      .exclude(status=ActivityStatus.CANCELLED).order_by("starts_at", "pk"))
    else:
        activities = activities.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return with_counts(activities.select_related("community"))


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(first, datetime.time(), tzinfo=tz),
            datetime.datetime.combine(following, datetime.time(), tzinfo=tz))


def calendar(actor, *, month: datetime.date, mine: bool = False):
    """The residents' calendar of one month: published (and past) activities, soonest first;
    `mine`: only those the actor signed up for."""
    start, end = month_bounds(month)
    activities = (visible_activities(actor).exclude(status=ActivityStatus.DRAFT)
                  .filter(starts_at__gte=start, starts_at__lt=end))
    if mine:
        activities = activities.filter(Exists(SignUp.objects.filter(
            activity=OuterRef("pk"), person__user=actor, status__in=LIVE)))
    return with_counts(activities).order_by("starts_at", "pk")


def own_signups(actor, *, activity_ids=None, queue: str = "", now=None):
    """The actor's own live sign-ups (through their registry record), soonest first;
    queue "upcoming": not yet over; "offers": places offered awaiting their answer."""
    if not actor.is_authenticated:
        return SignUp.objects.none()
    signups = (SignUp.objects.filter(person__user=actor, status__in=LIVE)
               .select_related("activity", "activity__community"))
    if activity_ids is not None:
        signups = signups.filter(activity_id__in=activity_ids)
    now = now or timezone.now()
    if queue == "upcoming":
        signups = signups.filter(activity__ends_at__gte=now).exclude(
            activity__status__in=[ActivityStatus.CANCELLED, ActivityStatus.DONE])
    elif queue == "offers":
        signups = signups.filter(status=SignUpStatus.OFFERED)
    return signups.order_by("activity__starts_at", "pk")


def own_signup_of(actor, activity) -> SignUp | None:
    return own_signups(actor, activity_ids=[activity.pk]).first()


def attendance_rows(activity):
    rows = list(SignUp.objects.filter(activity=activity)
                .select_related("person", "activity", "activity__community"))
    order = {SignUpStatus.CONFIRMED: 0, SignUpStatus.OFFERED: 1, SignUpStatus.WAITING: 2,
             SignUpStatus.CANCELLED: 3}
    return sorted(rows, key=lambda s: (order[s.status], s.created_at, s.pk))


def places_taken(activity) -> int:
    return SignUp.objects.filter(activity=activity, status__in=HOLDS_A_PLACE).count()


def volunteer_of_person_ids(person_ids) -> dict[int, Volunteer]:
    """The active volunteer profiles of these people, by person id."""
    return {v.person_id: v for v in Volunteer.objects.filter(
        person_id__in=list(person_ids), status=VolunteerStatus.ACTIVE)}


def members_visible_to(actor, person_ids, permission: str):
    """The party roll entries of these people that the actor may see (party.view_member)."""
    return Member.objects.for_user(actor, permission).filter(person_id__in=list(person_ids))


def photos(activity):
    return ActivityPhoto.objects.filter(activity=activity).order_by("pk")


# ---- the choices of the staff's forms, within the actor's scope -------------------------------

def manageable_communities(actor):
    return Community.objects.for_user(actor, rules.MANAGE_ACTIVITY).order_by("pk")


def residents_to_sign_up(actor, activity):
    """Residents of the activity's community whom staff may sign up (the registry's people
    that the actor may see)."""
    return (Person.objects.for_user(actor, "people.view_person")
            .filter(community_id=activity.community_id).order_by("name", "pk"))


def partner_units_of(community_ids):
    return PartnerUnit.objects.filter(community_id__in=list(community_ids)).order_by("name")


def projects_of(community_ids):
    return Project.objects.filter(community_id__in=list(community_ids)).order_by("-pk")


def resources_of(community_ids):
    return (Resource.objects.filter(community_id__in=list(community_ids))
            .select_related("unit", "member__person").order_by("-pk"))


def buildings_of(community_ids):
    return Building.objects.filter(community_id__in=list(community_ids)).order_by("name")


def grids_of(community_ids):
    return Grid.objects.filter(community_id__in=list(community_ids)).order_by("number")


def own_record(actor):
    return own_person(actor)


# ---- the workbench's counts (one aggregate query each) -------------------------------------

def staff_counts(actor, *, now=None) -> dict:
    """Activities in the coming 7 days where the actor organises (the planner's "week"), and
    activities with a place offered that awaits its answer (the planner's "offers")."""
    now = now or timezone.now()
    activities = Activity.objects.for_user(actor, rules.MANAGE_ACTIVITY)
    week = Q(starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=7)) & ~Q(
        status=ActivityStatus.CANCELLED)
    return activities.aggregate(
        week=Count("pk", filter=week, distinct=True),
        offers=Count("pk", filter=Q(signups__status=SignUpStatus.OFFERED), distinct=True))


def resident_counts(actor, *, now=None) -> dict:
    now = now or timezone.now()
    if not actor.is_authenticated:
        return {"upcoming": 0, "offers": 0}
    return SignUp.objects.filter(person__user=actor, status__in=LIVE).aggregate(
        upcoming=Count("pk", filter=Q(activity__ends_at__gte=now) & ~Q(
            activity__status__in=[ActivityStatus.CANCELLED, ActivityStatus.DONE])),
        offers=Count("pk", filter=Q(status=SignUpStatus.OFFERED)))


def recorded_signup_ids(activity) -> set[int]:
    """The sign-ups of the activity whose hours are in the ledger."""
    return set(HoursEntry.objects.filter(signup__activity=activity, kind=EntryKind.SERVICE)
               .values_list("signup_id", flat=True))


def public_upcoming(community, *, now=None):
    """The portal's upcoming activities of a community: published, not yet begun; the page
    shows title, time and place only."""
    now = now or timezone.now()
    return (Activity.objects.filter(community=community, starts_at__gte=now,
                                    status__in=[ActivityStatus.PUBLISHED, ActivityStatus.CLOSED])
            .only("title", "starts_at", "ends_at", "place", "community_id")
            .order_by("starts_at", "pk"))
