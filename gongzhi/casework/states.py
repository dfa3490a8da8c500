"""The state machine of a request, as data: which statuses each action may start from.

Read only by the rules (casework/rules.py), which combine it with who may act; services,
templates and the API ask the rules (`require`, `{% has_perm %}`, `open_actions`), never this
table or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.casework.choices import Status, StepAction
from gongzhi.core.errors import DomainError


class TransitionRefused(DomainError):
    """The request is not in a status from which this step may be taken."""

    status = 409
    code = "transition_refused"
    default_message = _("该诉求当前状态下不能进行此操作。")


# action -> statuses it may start from
ALLOWED_FROM = {
    StepAction.DISPATCH: {Status.NEW, Status.RETURNED, Status.REOPENED},
    StepAction.ACCEPT: {Status.DISPATCHED, Status.REOPENED},
    StepAction.RETURN: {Status.DISPATCHED},
    StepAction.ESCALATE: {Status.NEW, Status.DISPATCHED, Status.RETURNED, Status.ACCEPTED,
                          Status.REOPENED},
    StepAction.EXTEND: {Status.ACCEPTED},
    StepAction.ANSWER: {Status.ACCEPTED},
    StepAction.FOLLOW_UP: {Status.ANSWERED},
    StepAction.MARK_UNREASONABLE: {Status.ACCEPTED, Status.ANSWERED, Status.REOPENED},
    StepAction.REVIEW: {Status.REVIEW},
    StepAction.MERGE: {Status.NEW, Status.DISPATCHED, Status.RETURNED},
}
