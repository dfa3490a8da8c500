"""The state machines of a topic and of its meetings, as data.

Read by the rules (topics/rules.py), which combine them with who may act, and by the services
for the status a step leads to; templates and the API ask the rules (`{% has_perm %}`,
`open_actions`), never these tables or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.topics.choices import (
    RATING_STATUSES,
    MeetingStatus,
    StepAction,
    TopicStatus,
)

S = TopicStatus
M = MeetingStatus


class TransitionRefused(DomainError):
    """The topic is not in a status from which this step may be taken."""

    status = 409
    code = "transition_refused"
    default_message = _("该议题当前状态下不能进行此操作。")


# step action -> (statuses it may start from, status it leads to; None keeps the status)
ALLOWED_FROM = {
    StepAction.ACCEPT: ({S.PROPOSED}, S.ACCEPTED),
    StepAction.DECLINE: ({S.PROPOSED}, S.DECLINED),
    StepAction.NOTIFY: ({S.ACCEPTED}, S.NOTIFIED),
    StepAction.DELIBERATE: ({S.NOTIFIED}, S.DELIBERATING),
    StepAction.VOTE: ({S.DELIBERATING}, None),
    StepAction.OUTCOME: ({S.DELIBERATING}, S.DECIDED),
    StepAction.PUBLISH: ({S.DECIDED}, S.PUBLISHED),
    StepAction.CARRY_OUT: ({S.PUBLISHED}, S.CARRYING_OUT),
    StepAction.PROGRESS: ({S.CARRYING_OUT}, None),
    StepAction.FEEDBACK: ({S.CARRYING_OUT}, S.FEEDBACK),
    # a published outcome that was not adopted is closed without being carried out
    StepAction.CLOSE: ({S.FEEDBACK, S.PUBLISHED}, S.CLOSED),
    StepAction.ESCALATE: ({S.ACCEPTED, S.NOTIFIED, S.DELIBERATING, S.DECIDED}, S.ESCALATED),
    StepAction.REVIEW: ({S.ESCALATED}, None),  # the street returns it or decides it
}

# Statuses in which the follow-through of an adopted outcome (tasks, a need, a project) may
# start or go on: the first task of a published outcome moves it to carrying out.
FOLLOW_THROUGH_STATUSES = {S.PUBLISHED, S.CARRYING_OUT}
# Meetings may be planned, notified and held while the topic is open for deliberation.
MEETING_STATUSES = {S.ACCEPTED, S.NOTIFIED, S.DELIBERATING}
# Minutes may be recorded once the topic's parties were notified.
MINUTES_STATUSES = {S.NOTIFIED, S.DELIBERATING}
# Residents rate the result once it was published back to them.
RATE_STATUSES = RATING_STATUSES

# meeting action -> meeting statuses it may be taken in
MEETING_ALLOWED = {
    "invite": {M.PLANNED, M.NOTIFIED},
    "notify": {M.PLANNED},
    "sign_in": {M.NOTIFIED},
    "record_sign_in": {M.NOTIFIED, M.HELD},
    "minutes": {M.NOTIFIED},
}


def step_allowed(action: str, status: str) -> bool:
    return status in ALLOWED_FROM[action][0]


def step_leads_to(action: str) -> str | None:
    return ALLOWED_FROM[action][1]
