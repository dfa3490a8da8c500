"""Fetch one poll row by id, within the actor's scope; missing and forbidden answer alike."""

from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound
from gongzhi.deliberation.polls import rules
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import Poll, PollBallot, PollElector, PollObjection


def access_poll(*, actor, id, permission=rules.VIEW_POLL) -> Poll:
    return get_scoped(Poll.objects.for_user(actor, permission)
                      .select_related("building", "unit", "community"), pk=id)


def _poll_ids(actor, permission):
    return Poll.objects.for_user(actor, permission).values("pk")


def access_poll_elector(*, actor, id, permission=rules.MANAGE_POLL) -> PollElector:
    return get_scoped(PollElector.objects.filter(poll__in=_poll_ids(actor, permission))
                      .select_related("poll"), pk=id)


def access_poll_ballot(*, actor, id, permission=rules.MANAGE_POLL) -> PollBallot:
    return get_scoped(PollBallot.objects.filter(poll__in=_poll_ids(actor, permission))
                      .select_related("poll", "elector"), pk=id)


def access_poll_objection(*, actor, id, permission=rules.MANAGE_POLL) -> PollObjection:
    return get_scoped(PollObjection.objects.filter(poll__in=_poll_ids(actor, permission))
                      .select_related("poll"), pk=id)


def access_own_poll(*, actor, id) -> Poll:
    """A non-draft poll in whose frozen electorate the actor's own person stands."""
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated \
        else None
    if person is None:
        raise NotFound()
    poll = (Poll.objects.select_related("building", "unit", "community")
            .exclude(status=PollStatus.DRAFT)
            .filter(pk=id, electors__person_id_frozen=person.pk).first()) \
        if str(id).isdigit() else None
    if poll is None:
        raise NotFound()
    return poll
