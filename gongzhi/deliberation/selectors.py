"""Reads of deliberation, each narrowed to what the actor may see."""

from fractions import Fraction

from django.db.models import Count, Q

from gongzhi.deliberation import rules
from gongzhi.deliberation.choices import BallotState, VoteStatus
from gongzhi.deliberation.models import (
    Ballot,
    Elector,
    Objection,
    ProxyAuthorisation,
    Vote,
    VoteDocument,
)
from gongzhi.deliberation.tally import FlatVote


def vote_list(actor, *, community_id: int | None = None, status: str = ""):
    votes = (Vote.objects.for_user(actor, rules.VIEW_VOTE)
             .select_related("community", "building", "unit")
             .annotate(elector_count=Count("electors", distinct=True),
                       counted_count=Count("ballots", filter=Q(ballots__state="counted"),
                                           distinct=True)))
    if community_id:
        votes = votes.filter(community_id=community_id)
    if status:
        votes = votes.filter(status=status)
    return votes.order_by("-created_at")


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
            .filter(state__in=[BallotState.PENDING_CHECK, BallotState.COUNTED])}


def vote_proxies(vote):
    return (ProxyAuthorisation.objects.filter(elector__vote=vote)
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
