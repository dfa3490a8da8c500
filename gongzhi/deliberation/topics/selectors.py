"""Reads of consultation topics, each narrowed to what the actor may see.

Staff see every topic of their scope. Everyone else of the community sees the topics that
have been made public (notified onwards), the topics they proposed (a declined one with its
reason) and the topics of meetings they, or their partner unit, were invited to.
"""

from dataclasses import dataclass

from django.db.models import Avg, BooleanField, Count, Exists, OuterRef, Q, Value

from gongzhi.accounts.models import User
from gongzhi.cobuilding.rules import partner_unit_id
from gongzhi.core.scoping import grants_for
from gongzhi.deliberation.topics import permissions
from gongzhi.deliberation.topics.choices import (
    OUTCOME_PUBLIC_STATUSES,
    PUBLIC_STATUSES,
    TopicStatus,
)
from gongzhi.deliberation.topics.models import (
    Invitee,
    Meeting,
    SignIn,
    Topic,
    TopicRating,
    TopicTask,
)
from gongzhi.organisations.models import PartnerContact, PartnerUnit


def topics_for(actor):
    if actor is None or not actor.is_authenticated:
        return Topic.objects.none()
    staff = Topic.objects.for_user(actor, permissions.VIEW_TOPIC).values("pk")
    public = (Topic.objects.for_user(actor, permissions.PROPOSE_TOPIC)
              .filter(status__in=PUBLIC_STATUSES).values("pk"))
    invited = Invitee.objects.filter(user=actor)
    unit_id = partner_unit_id(actor)
    if unit_id is not None:
        invited = Invitee.objects.filter(Q(user=actor) | Q(partner_unit_id=unit_id))
    return Topic.objects.filter(Q(pk__in=staff) | Q(pk__in=public) | Q(proposer=actor)
                                | Q(pk__in=invited.values("meeting__topic_id")))


def _permission_flag(actor, permission: str):
    """An annotation: does `actor` hold `permission` over the row? Decided in the list's own
    query (a constant when the actor holds it everywhere or nowhere)."""
    grants = grants_for(actor, permission)
    if grants is None or not grants:
        return Value(grants is None, output_field=BooleanField())
    return Exists(Topic.objects.for_user(actor, permission).filter(pk=OuterRef("pk")))


def with_reader_rights(actor, topics):
    """Annotate `can_screen`, `can_review` and `can_rate` (which decide whether the reader
    sees a decline reason or an outcome not yet public, and which actions the API lists)
    instead of rule queries per row; the rows of a list are visible to the reader."""
    return topics.annotate(can_screen=_permission_flag(actor, permissions.SCREEN_TOPIC),
                           can_review=_permission_flag(actor, permissions.REVIEW_TOPIC),
                           can_rate=_permission_flag(actor, permissions.RATE_TOPIC),
                           is_visible=Value(True, output_field=BooleanField()))


def topics_to_screen_count(actor) -> int:
    """Proposed topics waiting to be accepted or declined: the rows of
    topic_list(status="proposed"), in one query."""
    return topics_for(actor).filter(status=TopicStatus.PROPOSED).count()


def topic_is_visible(actor, topic: Topic) -> bool:
    return topics_for(actor).filter(pk=topic.pk).exists()


def topic_list(actor, *, status: str = "", kind: str = "", mine: bool = False):
    topics = topics_for(actor)
    if status:
        topics = topics.filter(status=status)
    if kind:
        topics = topics.filter(kind=kind)
    if mine:
        topics = topics.filter(proposer=actor)
    return (with_reader_rights(actor, topics.select_related("community", "building", "proposer"))
            .annotate(meeting_count=Count("meetings", distinct=True))
            .order_by("-created_at", "-pk"))


def published_outcomes(actor):
    """Outcomes made public, for the residents' page: no names of who said what."""
    return (with_reader_rights(actor, topics_for(actor).filter(status__in=OUTCOME_PUBLIC_STATUSES))
            .select_related("community", "project", "vote")
            .annotate(rating_average=Avg("ratings__score"),
                      rating_count=Count("ratings", distinct=True))
            .order_by("-published_at", "-pk"))


def topic_steps(topic: Topic):
    return topic.steps.select_related("actor").prefetch_related("documents")


def topic_meetings(topic: Topic):
    """The topic's meetings with their attendance: invited, invited and signed in, and
    walk-ins (signed in without an invitation: SignIn.invitee empty), counted apart."""
    return (Meeting.objects.filter(topic=topic)
            .annotate(invitee_count=Count("invitees", distinct=True),
                      sign_in_count=Count("sign_ins", distinct=True),
                      invited_present_count=Count(
                          "sign_ins", filter=Q(sign_ins__invitee__isnull=False), distinct=True),
                      walk_in_count=Count(
                          "sign_ins", filter=Q(sign_ins__invitee__isnull=True), distinct=True))
            .order_by("starts_at", "pk"))


@dataclass(frozen=True)
class Attendance:
    """Who came to a meeting: those invited who signed in, and walk-ins apart."""

    invited: int
    invited_present: int
    walk_ins: int

    @property
    def signed_in(self) -> int:
        return self.invited_present + self.walk_ins


def meeting_attendance(invitees, sign_ins) -> Attendance:
    """From the meeting's invitee list and sign-in sheet as already loaded (no query)."""
    return Attendance(invited=len(invitees),
                      invited_present=len({s.invitee_id for s in sign_ins if s.invitee_id}),
                      walk_ins=sum(1 for s in sign_ins if not s.invitee_id))


def topic_tasks(topic: Topic):
    return TopicTask.objects.filter(topic=topic).select_related("owner_user", "owner_unit",
                                                                "done_by")


def meeting_invitees(meeting: Meeting):
    return meeting.invitees.select_related("user", "partner_unit").prefetch_related("sign_ins")


def meeting_sign_ins(meeting: Meeting):
    return SignIn.objects.filter(meeting=meeting).select_related("invitee", "recorded_by")


def invitee_of(actor, meeting: Meeting) -> Invitee | None:
    """The invitation the actor answers to: their own, or their partner unit's."""
    if actor is None or not actor.is_authenticated:
        return None
    unit_id = partner_unit_id(actor)
    condition = Q(user=actor)
    if unit_id is not None:
        condition |= Q(partner_unit_id=unit_id)
    return meeting.invitees.filter(condition).order_by("pk").first()


def rating_summary(topic: Topic) -> dict:
    summary = TopicRating.objects.filter(topic=topic).aggregate(
        average=Avg("score"), count=Count("pk"))
    return {"average": summary["average"], "count": summary["count"]}


def own_rating(actor, topic: Topic) -> TopicRating | None:
    return TopicRating.objects.filter(topic=topic, rater=actor).first()


def participants(topic: Topic) -> list:
    """Who hears about progress: the proposer, the invited people and units' contacts, those
    who signed in, and those who rated."""
    invitees = Invitee.objects.filter(meeting__topic=topic)
    unit_ids = invitees.filter(partner_unit__isnull=False).values("partner_unit_id")
    users = User.objects.filter(
        Q(pk=topic.proposer_id)
        | Q(pk__in=invitees.filter(user__isnull=False).values("user_id"))
        | Q(pk__in=PartnerContact.objects.filter(unit_id__in=unit_ids).values("user_id"))
        | Q(pk__in=SignIn.objects.filter(meeting__topic=topic, invitee__user__isnull=False)
            .values("invitee__user_id"))
        | Q(pk__in=TopicRating.objects.filter(topic=topic).values("rater_id")),
        is_active=True)
    return list(users.order_by("pk"))


def community_users(community):
    """Logins attached to the community (any role): invitees and task owners are chosen here."""
    return (User.objects.filter(Q(role_assignments__community=community)
                                | Q(role_assignments__grid__community=community),
                                is_active=True).distinct().order_by("display_name", "username"))


def community_units(community):
    return PartnerUnit.objects.filter(community=community).order_by("name")


def public_outcomes(community):
    """The portal's 议事结果公开 of a community: outcomes made public, with the residents'
    average rating; no names of who said or rated what."""
    return (Topic.objects.filter(community=community, status__in=OUTCOME_PUBLIC_STATUSES)
            .annotate(rating_average=Avg("ratings__score"),
                      rating_count=Count("ratings", distinct=True))
            .order_by("-published_at", "-pk"))
