"""Choices of consultation topics (议题), their meetings and their follow-through."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TopicKind(models.TextChoices):
    """The kind decides the steps: owners' matters and elevators need an owners' vote."""

    ORDINARY = "ordinary", _("一般社区事务")
    OWNERS = "owners", _("业主共同决定事项（民法典第278条）")
    ELEVATOR = "elevator", _("加装电梯")


# Kinds whose outcome is the result of an owners' vote (民法典 art. 278), not of a meeting.
VOTE_KINDS = {TopicKind.OWNERS, TopicKind.ELEVATOR}


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审议")
    DECLINED = "declined", pgettext_lazy("topic status", "不予受理")
    ACCEPTED = "accepted", _("已受理")
    NOTIFIED = "notified", _("已通知")
    DELIBERATING = "deliberating", _("协商中")
    DECIDED = "decided", _("已形成结果")
    PUBLISHED = "published", _("结果已公开")
    CARRYING_OUT = "carrying_out", _("落实中")
    FEEDBACK = "feedback", _("已反馈")
    CLOSED = "closed", _("已办结")
    ESCALATED = "escalated", _("已提交街道")


# Statuses in which the community (not only the proposer and staff) may read a topic.
PUBLIC_STATUSES = {TopicStatus.NOTIFIED, TopicStatus.DELIBERATING, TopicStatus.DECIDED,
                   TopicStatus.PUBLISHED, TopicStatus.CARRYING_OUT, TopicStatus.FEEDBACK,
                   TopicStatus.CLOSED, TopicStatus.ESCALATED}
# Statuses in which the outcome itself may be shown to the community.
OUTCOME_PUBLIC_STATUSES = {TopicStatus.PUBLISHED, TopicStatus.CARRYING_OUT,
                           TopicStatus.FEEDBACK, TopicStatus.CLOSED}
RATING_STATUSES = {TopicStatus.FEEDBACK, TopicStatus.CLOSED}


class StepAction(models.TextChoices):
    """What was done at a step of the timeline. Words that are also a button or a status carry
    a context, so that a translation can say "Declined" here and "Decline" on the button."""

    PROPOSE = "propose", _("提出议题")
    ACCEPT = "accept", _("审议受理")
    DECLINE = "decline", pgettext_lazy("topic step", "不予受理")
    NOTIFY = "notify", _("通知参与方")
    DELIBERATE = "deliberate", _("开始协商")
    MEETING = "meeting", _("召开会议")
    VOTE = "vote", _("发起业主表决")
    OUTCOME = "outcome", _("记录协商结果")
    PUBLISH = "publish", pgettext_lazy("topic step", "公开结果")
    CARRY_OUT = "carry_out", _("组织落实")
    PROGRESS = "progress", pgettext_lazy("topic step", "公开进展")
    FEEDBACK = "feedback", pgettext_lazy("topic step", "公开落实情况")
    CLOSE = "close", pgettext_lazy("topic step", "办结")
    ESCALATE = "escalate", pgettext_lazy("topic step", "提交街道")
    REVIEW = "review", _("街道听证审议")


class ProposerKind(models.TextChoices):
    RESIDENT = "resident", _("居民")
    PARTY_MEMBER = "party_member", _("党员")
    PARTNER = "partner", _("共建单位")
    STAFF = "staff", _("社区工作人员")


class InviteeKind(models.TextChoices):
    RESIDENT_REP = "resident_rep", _("居民代表")
    PARTNER_UNIT = "partner_unit", _("共建单位")
    PARTY_MEMBER = "party_member", _("党员")
    OWNERS_COMMITTEE = "owners_committee", _("业主委员会")
    SOCIAL_ORGANISATION = "social_org", _("社会组织")
    STAKEHOLDER = "stakeholder", _("利益相关方")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    NOTIFIED = "notified", _("已通知")
    HELD = "held", _("已召开")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    DONE = "done", _("已完成")
