"""Reads both votes and polls use: the workbench's queues. One definition, which both the
workbench's counts and the list pages' ?queue= filters use."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting.choices import BallotState

QUEUE_LABELS = {
    "check": _("纸质票待复核"),
    "closing": _("即将截止"),
    "publish": _("已截止待公示"),
}

# Vote and poll statuses have the same values (votes.choices.VoteStatus, polls.choices.
# PollStatus); the queues read them as plain strings so that this module needs neither.
OPEN, CLOSED = "open", "closed"


def closing_soon_days() -> int:
    return settings.DELIBERATION_CLOSING_SOON_DAYS


def queue_q(queue: str, *, today: datetime.date, pending) -> Q | None:
    """The condition of one queue on votes or polls (the same fields and ballot states);
    `pending` is the ballots' query set as values of the vote or poll id."""
    if queue == "check":
        return Q(pk__in=pending.filter(state=BallotState.PENDING_CHECK))
    if queue == "closing":
        return Q(status=OPEN,
                 closes_on__lte=today + datetime.timedelta(days=closing_soon_days()))
    if queue == "publish":
        return Q(status=CLOSED)
    return None
