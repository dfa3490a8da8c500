"""Reads of residents' polls, narrowed to what the actor may see."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from gongzhi.deliberation.balloting import selectors as balloting_selectors
from gongzhi.deliberation.balloting.choices import LIVE_STATES
from gongzhi.deliberation.balloting.selectors import QUEUE_LABELS
from gongzhi.deliberation.polls import rules
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import (
    Poll,
    PollBallot,
    PollElector,
    PollObjection,
)
from gongzhi.places import rules as places_rules
from gongzhi.places.models import Building, Community


def _queue_q(queue: str, *, today: datetime.date) -> Q | None:
    return balloting_selectors.queue_q(queue, today=today,
                                       pending=PollBallot.objects.values("poll_id"))


def poll_list(actor, *, status: str = "", queue: str = "", community_id: int | None = None,
              today: datetime.date | None = None):
    polls = (Poll.objects.for_user(actor, rules.VIEW_POLL)
             .select_related("community", "building", "unit")
             .annotate(elector_count=Count("electors", distinct=True),
                       counted_count=Count("ballots", filter=Q(ballots__state="counted"),
                                           distinct=True)))
    if status:
        polls = polls.filter(status=status)
    if community_id:
        polls = polls.filter(community_id=community_id)
    if queue:
        condition = _queue_q(queue, today=today or timezone.localdate())
        if condition is not None:
            polls = polls.filter(condition)
    return polls.order_by("-created_at")


def poll_communities(actor):
    """The communities in which the actor may start a residents' poll."""
    return Community.objects.for_user(actor, rules.MANAGE_POLL).order_by("name")


def poll_buildings(actor, communities):
    """The buildings of `communities` the actor sees: a poll's narrower scope."""
    return (Building.objects.for_user(actor, places_rules.VIEW_PLACE)
            .filter(community__in=communities).order_by("community_id", "sort_key", "name"))


def poll_workbench_counts(actor, *, today: datetime.date) -> dict[str, int]:
    """Polls of the actor's scope in each queue (balloting.selectors.QUEUE_LABELS): one
    aggregate query, the same conditions as poll_list(queue=...)."""
    return Poll.objects.for_user(actor, rules.VIEW_POLL).aggregate(**{
        name: Count("pk", filter=_queue_q(name, today=today)) for name in QUEUE_LABELS})


def open_polls_by_community(actor) -> dict[int, int]:
    """Polls under way per community of the actor's scope: one grouped query."""
    rows = (Poll.objects.for_user(actor, rules.VIEW_POLL).filter(status=PollStatus.OPEN)
            .order_by().values("community_id").annotate(n=Count("pk")))
    return {row["community_id"]: row["n"] for row in rows}


def polls_awaiting_ballot(actor) -> list[tuple[Poll, PollElector]]:
    """Open polls in which the actor is an elector without a live ballot (own_polls' rows)."""
    return [(poll, elector) for poll, elector, ballot in own_polls(actor)
            if poll.status == PollStatus.OPEN and ballot is None]


def own_polls(actor) -> list[tuple[Poll, PollElector, PollBallot | None]]:
    """Polls (open or published) in which the actor's person is in the frozen electorate,
    with their own elector row and live ballot: three queries whatever the number of polls."""
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated \
        else None
    if person is None:
        return []
    electors = list(PollElector.objects.filter(person_id_frozen=person.pk)
                    .exclude(poll__status=PollStatus.DRAFT)
                    .select_related("poll__community", "poll__building", "poll__unit")
                    .order_by("-poll__created_at"))
    live = {ballot.elector_id: ballot for ballot in PollBallot.objects.filter(
        elector__in=electors, state__in=LIVE_STATES)}
    for elector in electors:
        # the rules of a resident's own actions read it (rules.is_elector): no query per poll
        elector.poll.own_elector = elector
    return [(elector.poll, elector, live.get(elector.pk)) for elector in electors]


def poll_electors(poll):
    return poll.electors.order_by("flat_label", "pk")


def poll_ballots(poll):
    return (PollBallot.objects.filter(poll=poll)
            .select_related("elector", "cast_by", "checked_by").order_by("created_at", "pk"))


def live_poll_ballots(poll) -> dict[int, PollBallot]:
    return {ballot.elector_id: ballot for ballot in poll_ballots(poll)
            .filter(state__in=LIVE_STATES)}


def poll_objections(poll):
    return PollObjection.objects.filter(poll=poll).order_by("created_at", "pk")


def poll_corrections(poll):
    """Corrected ballots with the row each one superseded: the history staff see."""
    return (PollBallot.objects.filter(poll=poll, supersedes__isnull=False)
            .select_related("elector", "cast_by", "supersedes").order_by("created_at", "pk"))


def own_poll_objections(actor, polls) -> dict[int, list[PollObjection]]:
    """The actor's own objections to these polls, by poll id (one query)."""
    rows: dict[int, list[PollObjection]] = {}
    if actor is None or not actor.is_authenticated:
        return rows
    for objection in PollObjection.objects.filter(poll__in=polls, raised_by=actor):
        rows.setdefault(objection.poll_id, []).append(objection)
    return rows


def public_in_publicity(community, *, today=None):
    """The portal's residents' polls of a community in their publicity period (公示): the
    counts per option and the date until which objections are welcome; no names."""
    today = today or timezone.localdate()
    polls = (Poll.objects.filter(community=community, status=PollStatus.PUBLISHED,
                                 publicity_ends_on__gte=today)
             .select_related("building").order_by("publicity_ends_on", "pk"))
    return [{"kind": "poll", "title": poll.title,
             "place": poll.building.name if poll.building_id else "",
             "published_at": poll.published_at, "publicity_ends_on": poll.publicity_ends_on,
             "passed": bool(poll.result.get("passed")),
             "voted": poll.result.get("voted"), "total": poll.result.get("electorate"),
             "options": [{"label": o.get("label", ""), "count": o.get("count", 0)}
                         for o in poll.result.get("options", [])]} for poll in polls]
