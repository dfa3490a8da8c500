"""Reads of owners' votes, each narrowed to what the actor may see."""

import datetime
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from gongzhi.deliberation.balloting import selectors as balloting_selectors
from gongzhi.deliberation.balloting.choices import LIVE_STATES, BallotState
from gongzhi.deliberation.balloting.selectors import QUEUE_LABELS
from gongzhi.deliberation.votes import rules
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import (
    Ballot,
    Elector,
    Objection,
    ProxyAuthorisation,
    PublicityPhoto,
    Vote,
    VoteDocument,
)
from gongzhi.deliberation.votes.tally import FlatVote
from gongzhi.places import rules as places_rules
from gongzhi.places.models import Building, Community


def queue_q(queue: str, *, today: datetime.date) -> Q | None:
    """The condition of one of the workbench's queues (balloting.selectors) on votes."""
    return balloting_selectors.queue_q(queue, today=today,
                                       pending=Ballot.objects.values("vote_id"))


def vote_workbench_counts(actor, *, today: datetime.date) -> dict[str, int]:
    """Votes of the actor's scope in each queue: one aggregate query, the same conditions as
    vote_list(queue=...)."""
    return Vote.objects.for_user(actor, rules.VIEW_VOTE).aggregate(**{
        name: Count("pk", filter=queue_q(name, today=today)) for name in QUEUE_LABELS})


def open_votes_by_community(actor) -> dict[int, int]:
    """Votes under way per community of the actor's scope: one grouped query."""
    rows = (Vote.objects.for_user(actor, rules.VIEW_VOTE).filter(status=VoteStatus.OPEN)
            .order_by().values("community_id").annotate(n=Count("pk")))
    return {row["community_id"]: row["n"] for row in rows}


def votes_awaiting_ballot(actor) -> list[Vote]:
    """Open votes in which the actor owns a flat of the frozen electorate and none of their
    flats has a live ballot yet: three queries whatever the number of votes."""
    person_id = actor_person_id(actor)
    if person_id is None:
        return []
    votes = list(Vote.objects.filter(status=VoteStatus.OPEN,
                                     community__in=_person_communities(actor))
                 .select_related("building", "unit").prefetch_related("electors")
                 .order_by("closes_on", "pk"))
    own = {vote.pk: [e.pk for e in vote.electors.all() if person_id in e.owner_ids]
           for vote in votes}
    voted = set(Ballot.objects.filter(
        elector_id__in=[pk for pks in own.values() for pk in pks],
        state__in=LIVE_STATES).values_list(
        "elector_id", flat=True))
    return [vote for vote in votes if own[vote.pk] and not voted.issuperset(own[vote.pk])]


def vote_list(actor, *, community_id: int | None = None, status: str = "", queue: str = "",
              today: datetime.date | None = None):
    votes = (Vote.objects.for_user(actor, rules.VIEW_VOTE)
             .select_related("community", "building", "unit")
             .annotate(elector_count=Count("electors", distinct=True),
                       counted_count=Count("ballots", filter=Q(ballots__state="counted"),
                                           distinct=True)))
    if community_id:
        votes = votes.filter(community_id=community_id)
    if status:
        votes = votes.filter(status=status)
    if queue in QUEUE_LABELS:
        votes = votes.filter(queue_q(queue, today=today or timezone.localdate()))
    return votes.order_by("-created_at")


def vote_buildings(actor):
    """The residential buildings in which the actor may start an owners' vote (the create
    form's choices, and whether the list offers it)."""
    communities = Community.objects.for_user(actor, rules.MANAGE_VOTE)
    return (Building.objects.for_user(actor, places_rules.VIEW_PLACE)
            .filter(community__in=communities, use__in=["residential", "mixed"])
            .order_by("community_id", "sort_key", "name"))


def actor_person_id(actor) -> int | None:
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated \
        else None
    return person.pk if person is not None else None


def own_electors(actor, vote) -> list[Elector]:
    """The flats of `vote` the actor owns (by the frozen electorate, not today's registry)."""
    person_id = actor_person_id(actor)
    if person_id is None:
        return []
    return [elector for elector in vote.electors.all() if person_id in elector.owner_ids]


def own_votes(actor) -> list[Vote]:
    """Votes (open or published) in which the actor's person owns a flat of the electorate."""
    person_id = actor_person_id(actor)
    if person_id is None:
        return []
    votes = (Vote.objects.exclude(status=VoteStatus.DRAFT)
             .filter(community__in=_person_communities(actor))
             .select_related("building", "unit").prefetch_related("electors")
             .order_by("-created_at"))
    return [vote for vote in votes
            if any(person_id in elector.owner_ids for elector in vote.electors.all())]


def _person_communities(actor):
    return [actor.person.community_id]


def vote_electors(vote):
    return vote.electors.order_by("unit_number", "floor", "room_number")


def vote_ballots(vote):
    return (Ballot.objects.filter(vote=vote)
            .select_related("elector", "cast_by", "checked_by", "proxy", "supersedes")
            .order_by("created_at", "pk"))


def live_ballots(vote) -> dict[int, Ballot]:
    return {ballot.elector_id: ballot for ballot in vote_ballots(vote)
            .filter(state__in=LIVE_STATES)}


def vote_proxies(vote):
    """The vote's proxies, each with `has_ballot` (the page offers a proxy's ballot only once),
    read in the same query rather than one query per proxy."""
    return (ProxyAuthorisation.objects.filter(elector__vote=vote)
            .annotate(has_ballot=Exists(Ballot.objects.filter(proxy=OuterRef("pk"))))
            .select_related("elector", "recorded_by").order_by("created_at"))


def vote_objections(vote):
    return Objection.objects.filter(vote=vote).select_related("answered_by")


def electors_with_choices(vote) -> list[FlatVote]:
    """The frozen electorate with each flat's counted ballot, as the tally takes it."""
    counted = dict(Ballot.objects.filter(vote=vote, state=BallotState.COUNTED)
                   .values_list("elector_id", "choice"))
    return [FlatVote(key=elector.pk, area=Fraction(elector.floor_area),
                     owners=frozenset(elector.owner_ids), is_unsold=elector.is_unsold,
                     is_affected=elector.is_affected, choice=counted.get(elector.pk))
            for elector in vote.electors.all()]


def vote_documents(vote):
    return VoteDocument.objects.filter(vote=vote).select_related("uploaded_by")


def documents_by_vote(vote_ids) -> dict[int, list[VoteDocument]]:
    """The plan documents of several votes in one query (vote id → documents)."""
    grouped: dict[int, list[VoteDocument]] = {}
    for document in VoteDocument.objects.filter(vote_id__in=vote_ids).order_by("created_at",
                                                                               "pk"):
        grouped.setdefault(document.vote_id, []).append(document)
    return grouped


def publicity_photos(vote):
    return PublicityPhoto.objects.filter(vote=vote).select_related("uploaded_by")


def public_in_publicity(community, *, today=None):
    """The portal's owners' votes of a community in their publicity period (公示): the result in
    figures only (never a flat, a room or a name) and the date until which objections are
    welcome."""
    today = today or timezone.localdate()
    votes = (Vote.objects.filter(community=community, status=VoteStatus.PUBLISHED,
                                 publicity_ends_on__gte=today)
             .select_related("building", "unit").order_by("publicity_ends_on", "pk"))
    return [{"kind": "vote", "title": vote.title, "place": vote.building.name,
             "published_at": vote.published_at, "publicity_ends_on": vote.publicity_ends_on,
             "passed": bool(vote.result.get("passed")),
             "voted": vote.result.get("voted_owners"), "total": vote.result.get("total_owners"),
             "yes": vote.result.get("yes_owners")} for vote in votes]
