"""Permission predicates of consultation topics, and one named rule per action on a topic, a
meeting, a task and a request handed on as a topic.

The role → permission table is accounts.roles (the role permissions are in
topics/permissions.py, re-exported here); the statuses each action may start from are
topics/states.py. A rule `deliberation.<verb>_<thing>` says both who may take the action (the
role permission in the topic's scope, and for invitees, raters and task owners being that
person) and whether the state allows it now. Services call `require` after locking the row,
templates ask `{% has_perm %}`, the API lists `open_actions`. Three rules share their names
with the role permission they refine (`deliberation.propose_topic`, `deliberation.review_topic`,
`deliberation.rate_topic`): `user_can` asks the role, `has_perm` / `require` the rule.
"""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.casework.choices import NEVER_PUBLIC_GROUPS
from gongzhi.casework.rules import case_is_visible
from gongzhi.cobuilding.rules import partner_unit_id
from gongzhi.core.actions import add_action, remembered, status_in
from gongzhi.core.errors import Conflict, DomainError
from gongzhi.core.scoping import user_can
from gongzhi.deliberation.topics import selectors
from gongzhi.deliberation.topics.choices import VOTE_KINDS, MeetingStatus, StepAction, TaskStatus
from gongzhi.deliberation.topics.permissions import (
    PROPOSE_TOPIC,
    RATE_TOPIC,
    REVIEW_TOPIC,
    SCREEN_TOPIC,
    VIEW_TOPIC,
    can_propose,
    can_rate,
    can_review,
    can_screen,
    can_use_topics,
)
from gongzhi.deliberation.topics.states import (
    FOLLOW_THROUGH_STATUSES,
    MEETING_ALLOWED,
    MEETING_STATUSES,
    MINUTES_STATUSES,
    RATE_STATUSES,
    TransitionRefused,
    step_allowed,
)

__all__ = ["PROPOSE_TOPIC", "RATE_TOPIC", "REVIEW_TOPIC", "SCREEN_TOPIC", "VIEW_TOPIC",
           "can_propose", "can_rate", "can_review", "can_screen", "can_use_topics"]

# ---- the rules' names ----------------------------------------------------------------------
# on a community
PROPOSE = "deliberation.propose_topic"
# on a topic, in the order its page shows the buttons (and the API lists them)
ACCEPT = "deliberation.accept_topic"
DECLINE = "deliberation.decline_topic"
NOTIFY = "deliberation.notify_topic"
DELIBERATE = "deliberation.deliberate_topic"
RECORD_OUTCOME = "deliberation.record_topic_outcome"
PUBLISH = "deliberation.publish_topic"
CARRY_OUT = "deliberation.carry_out_topic"
PROGRESS = "deliberation.report_topic_progress"
FEEDBACK = "deliberation.publish_topic_feedback"
CLOSE = "deliberation.close_topic"
ESCALATE = "deliberation.escalate_topic"
REVIEW = "deliberation.review_topic"
START_VOTE = "deliberation.start_topic_vote"
ADD_TASK = "deliberation.add_topic_task"
CREATE_PROJECT = "deliberation.create_topic_project"
SCHEDULE_MEETING = "deliberation.schedule_meeting"
RATE = "deliberation.rate_topic"
CREATE_NEED = "deliberation.create_topic_need"  # a step of the project, no button of its own
# on a meeting
INVITE = "deliberation.invite_to_meeting"
NOTIFY_MEETING = "deliberation.notify_meeting"
SIGN_IN = "deliberation.sign_in_to_meeting"
RECORD_SIGN_IN = "deliberation.record_meeting_sign_in"
RECORD_MINUTES = "deliberation.record_meeting_minutes"
# on a task
COMPLETE_TASK = "deliberation.complete_topic_task"
# on a request (casework): it becomes a topic for consultation (Topic.source_case). Asked by
# the request's page ({% has_perm %}); casework does not import this app.
CREATE_FROM_CASE = "deliberation.create_topic_from_case"

TOPIC_ACTIONS = (ACCEPT, DECLINE, NOTIFY, DELIBERATE, RECORD_OUTCOME, PUBLISH, CARRY_OUT,
                 PROGRESS, FEEDBACK, CLOSE, ESCALATE, REVIEW, START_VOTE, ADD_TASK,
                 CREATE_PROJECT, SCHEDULE_MEETING, RATE)
MEETING_ACTIONS = (INVITE, NOTIFY_MEETING, SIGN_IN, RECORD_SIGN_IN, RECORD_MINUTES)


# ---- who -----------------------------------------------------------------------------------

def _remembered(obj, user, key: str, compute) -> bool:
    """A role answer a list annotated on the row (selectors.with_reader_rights), or else
    asked once per loaded row and user (core.actions.remembered): a page asks several rules
    with the same `who`, and neither costs a query per rule or per row."""
    annotated = getattr(obj, key, None)
    if annotated is not None:
        return bool(annotated)
    return remembered(obj, user, key, lambda: bool(compute()))


def screens(user, topic) -> bool:
    return _remembered(topic, user, "can_screen", lambda: can_screen(user, topic))


def reviews(user, topic) -> bool:
    return _remembered(topic, user, "can_review", lambda: can_review(user, topic))


def topic_visible(user, topic) -> bool:
    return _remembered(topic, user, "is_visible",
                       lambda: selectors.topic_is_visible(user, topic))


def rates(user, topic) -> bool:
    return (_remembered(topic, user, "can_rate", lambda: can_rate(user, topic))
            and topic_visible(user, topic))


def is_invitee(user, meeting) -> bool:
    return selectors.invitee_of(user, meeting) is not None


def completes(user, task) -> bool:
    """The topic's screeners, the task's owner, or a contact of the owning unit."""
    if task.owner_user_id and task.owner_user_id == user.pk:
        return True
    if task.owner_unit_id and partner_unit_id(user) == task.owner_unit_id:
        return True
    return screens(user, task.topic)


is_screener = predicate(screens, name="is_screener")
is_street_reviewer = predicate(reviews, name="is_street_reviewer")
may_rate = predicate(rates, name="may_rate")
can_see_topic = predicate(topic_visible, name="can_see_topic")
is_meeting_screener = predicate(lambda user, meeting: screens(user, meeting.topic),
                                name="is_meeting_screener")
is_meeting_invitee = predicate(is_invitee, name="is_meeting_invitee")
can_see_meeting = predicate(lambda user, meeting: topic_visible(user, meeting.topic),
                            name="can_see_meeting")
may_complete = predicate(completes, name="may_complete")
can_see_task = predicate(lambda user, task: topic_visible(user, task.topic),
                         name="can_see_task")
may_propose_in = predicate(lambda user, community: community is not None
                           and user_can(user, PROPOSE_TOPIC, community), name="may_propose_in")
may_screen_case = predicate(lambda user, case: user_can(user, SCREEN_TOPIC, case.community),
                            name="may_screen_case")
can_see_case = predicate(case_is_visible, name="can_see_case")
always = predicate(lambda user, obj: True, name="always")
never = predicate(lambda user, obj: False, name="never")


# ---- when: the state tables, and how a wrong state is refused --------------------------------

def _wrong_status(topic) -> TransitionRefused:
    return TransitionRefused(detail={"status": [str(topic.get_status_display())]})


def _not_adopted() -> DomainError:
    return DomainError(_("未获通过的结果不组织落实，可直接办结。"), code="not_adopted")


def _status_allows(action: str):
    return predicate(lambda user, topic: step_allowed(action, topic.status),
                     name=f"status_allows_{action}")


def _closable(user, topic) -> bool:
    # a published outcome is closed only when it was not adopted: an adopted one is carried out
    if topic.status in FOLLOW_THROUGH_STATUSES and topic.is_adopted is not False:
        return False
    return step_allowed(StepAction.CLOSE, topic.status)


def _carry_out_open(user, topic) -> bool:
    return step_allowed(StepAction.CARRY_OUT, topic.status) and topic.is_adopted is not False


def _refuse_carry_out(topic) -> DomainError:
    if step_allowed(StepAction.CARRY_OUT, topic.status):
        return _not_adopted()
    return _wrong_status(topic)


def _follow_through_open(user, topic) -> bool:
    return topic.status in FOLLOW_THROUGH_STATUSES and topic.is_adopted is not False


def _refuse_follow_through(topic) -> DomainError:
    if topic.is_adopted is False:
        return _not_adopted()
    return _wrong_status(topic)


def _project_open(user, topic) -> bool:
    return _follow_through_open(user, topic) and not topic.project_id


def _refuse_project(topic) -> DomainError:
    if topic.project_id:
        return Conflict(_("该议题已转为共建项目。"), code="project_exists")
    return _refuse_follow_through(topic)


def _need_open(user, topic) -> bool:
    return _follow_through_open(user, topic) and not topic.need_id


def _refuse_need(topic) -> DomainError:
    if topic.need_id:
        return Conflict(_("该议题已转为共建需求。"), code="need_exists")
    return _refuse_follow_through(topic)


def _vote_open(user, topic) -> bool:
    return (topic.kind in VOTE_KINDS and not topic.vote_id
            and step_allowed(StepAction.VOTE, topic.status))


def _refuse_vote(topic) -> DomainError:
    if topic.kind not in VOTE_KINDS:
        return DomainError(_("一般社区事务不需要业主表决。"), code="no_vote_needed")
    if topic.vote_id:
        return Conflict(_("该议题已发起业主表决。"), code="vote_exists")
    return _wrong_status(topic)


def _refuse_rating(topic) -> DomainError:
    return DomainError(_("落实情况公开后才能评价。"), code="not_rateable")


def _invite_open(user, meeting) -> bool:
    return meeting.status in MEETING_ALLOWED["invite"]


def _refuse_invite(meeting) -> DomainError:
    return DomainError(_("会议已召开，不能再邀请。"), code="meeting_held")


def _meeting_notice_open(user, meeting) -> bool:
    return (meeting.status in MEETING_ALLOWED["notify"]
            and meeting.topic.status in MEETING_STATUSES)


def _refuse_meeting_notice(meeting) -> DomainError:
    if meeting.topic.status not in MEETING_STATUSES:
        return _wrong_status(meeting.topic)
    if meeting.status == MeetingStatus.HELD:
        return DomainError(_("会议已召开。"), code="meeting_held")
    return Conflict(_("会议通知已发出。"), code="already_notified")


def _refuse_sign_in(meeting) -> DomainError:
    return DomainError(_("会议未在签到时段。"), code="not_signing_in")


def _sheet_open(user, meeting) -> bool:
    # the sheet closes once an outcome rests on the meeting
    return (meeting.status in MEETING_ALLOWED["record_sign_in"]
            and meeting.topic.outcome_meeting_id != meeting.pk)


def _refuse_sheet(meeting) -> DomainError:
    if meeting.status not in MEETING_ALLOWED["record_sign_in"]:
        return DomainError(_("会议通知发出后才能签到。"), code="not_signing_in")
    return DomainError(_("已据此会议形成结果，签到表不能再改。"), code="outcome_recorded")


def _minutes_open(user, meeting) -> bool:
    return (meeting.status in MEETING_ALLOWED["minutes"]
            and meeting.topic.status in MINUTES_STATUSES)


def _refuse_minutes(meeting) -> DomainError:
    if meeting.status not in MEETING_ALLOWED["minutes"]:
        return DomainError(_("会议须先发出通知，且只能记录一次纪要。"), code="not_notified")
    return _wrong_status(meeting.topic)


def _refuse_task_done(task) -> DomainError:
    return Conflict(_("该任务已完成。"), code="task_done")


def _refuse_private_case(case) -> DomainError:
    # a topic is public from "notified" on: disputes and personal matters never are
    return DomainError(_("纠纷和个人事项不能转为公开议题。"), code="private_case")


# ---- the rules -----------------------------------------------------------------------------

def _register() -> None:
    # a community out of the proposer's reach answers as missing (visible=never); no state
    add_action(PROPOSE, who=may_propose_in, when=always, visible=never,
               refused=lambda community: TransitionRefused())
    steps = {ACCEPT: StepAction.ACCEPT, DECLINE: StepAction.DECLINE,
             NOTIFY: StepAction.NOTIFY, DELIBERATE: StepAction.DELIBERATE,
             RECORD_OUTCOME: StepAction.OUTCOME, PUBLISH: StepAction.PUBLISH,
             PROGRESS: StepAction.PROGRESS, FEEDBACK: StepAction.FEEDBACK,
             ESCALATE: StepAction.ESCALATE}
    for name, step in steps.items():
        add_action(name, who=is_screener, when=_status_allows(step), visible=can_see_topic,
                   refused=_wrong_status)
    add_action(CARRY_OUT, who=is_screener, when=predicate(_carry_out_open),
               visible=can_see_topic, refused=_refuse_carry_out)
    add_action(CLOSE, who=is_screener, when=predicate(_closable), visible=can_see_topic,
               refused=_wrong_status)
    add_action(REVIEW, who=is_street_reviewer, when=_status_allows(StepAction.REVIEW),
               visible=can_see_topic, refused=_wrong_status)
    add_action(START_VOTE, who=is_screener, when=predicate(_vote_open), visible=can_see_topic,
               refused=_refuse_vote)
    add_action(ADD_TASK, who=is_screener, when=predicate(_follow_through_open),
               visible=can_see_topic, refused=_refuse_follow_through)
    add_action(CREATE_PROJECT, who=is_screener, when=predicate(_project_open),
               visible=can_see_topic, refused=_refuse_project)
    add_action(CREATE_NEED, who=is_screener, when=predicate(_need_open),
               visible=can_see_topic, refused=_refuse_need)
    add_action(SCHEDULE_MEETING, who=is_screener,
               when=predicate(lambda user, topic: topic.status in MEETING_STATUSES),
               visible=can_see_topic, refused=_wrong_status)
    add_action(RATE, who=may_rate,
               when=predicate(lambda user, topic: topic.status in RATE_STATUSES),
               visible=can_see_topic, refused=_refuse_rating)
    add_action(INVITE, who=is_meeting_screener, when=predicate(_invite_open),
               visible=can_see_meeting, refused=_refuse_invite)
    add_action(NOTIFY_MEETING, who=is_meeting_screener, when=predicate(_meeting_notice_open),
               visible=can_see_meeting, refused=_refuse_meeting_notice)
    add_action(SIGN_IN, who=is_meeting_invitee, when=status_in(MEETING_ALLOWED, "sign_in"),
               visible=can_see_meeting, refused=_refuse_sign_in)
    add_action(RECORD_SIGN_IN, who=is_meeting_screener, when=predicate(_sheet_open),
               visible=can_see_meeting, refused=_refuse_sheet)
    add_action(RECORD_MINUTES, who=is_meeting_screener, when=predicate(_minutes_open),
               visible=can_see_meeting, refused=_refuse_minutes)
    add_action(COMPLETE_TASK, who=may_complete,
               when=predicate(lambda user, task: task.status == TaskStatus.OPEN),
               visible=can_see_task, refused=_refuse_task_done)
    add_action(CREATE_FROM_CASE, who=may_screen_case,
               when=predicate(lambda user, case: case.category.group not in NEVER_PUBLIC_GROUPS),
               visible=can_see_case, refused=_refuse_private_case)


_register()
