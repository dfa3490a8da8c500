from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about. Apps add their kinds here (one table, like roles.py)."""

    COMMUNITY_NOTICE = "community_notice", _("社区通知")
    BUILDING_NOTICE = "building_notice", _("楼栋通知")
    URGENT_NOTICE = "urgent_notice", _("紧急通知")
    COBUILDING_MATCH = "cobuilding_match", _("共建需求对接")
    AGREEMENT_EXPIRY = "agreement_expiry", _("共建协议到期提醒")
    CASE_UPDATE = "case_update", _("诉求办理进展")
    CASE_DEADLINE = "case_deadline", _("诉求即将到期")
    TOPIC_UPDATE = "topic_update", _("议题进展")
    MEETING_NOTICE = "meeting_notice", _("议事会议通知")
    BALLOT_OPEN = "ballot_open", _("业主表决、居民投票开始")
    BALLOT_REMINDER = "ballot_reminder", _("业主表决、居民投票即将截止")
    SHIFT_DUTY = "shift_duty", _("值班替班与换班")
    SHIFT_REMINDER = "shift_reminder", _("值班提醒")
    ACTIVITY_UPDATE = "activity_update", _("活动变动")
    ACTIVITY_OFFER = "activity_offer", _("活动候补递补")
    CARE_VISIT_DUE = "care_visit_due", _("帮扶走访提醒")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")


class Mode(models.TextChoices):
    """How a person wants one kind of notification on one channel."""

    IMMEDIATE = "immediate", _("即时")
    DIGEST = "digest", _("每日摘要")
    OFF = "off", _("不接收")


class DeliveryStatus(models.TextChoices):
    HELD = "held", _("免打扰时段，稍后发送")
    IN_DIGEST = "in_digest", _("等待每日摘要")
    QUEUED = "queued", _("排队中")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    RETRYING = "retrying", _("发送失败，等待重试")
    FAILED = "failed", _("发送失败")
    BUNDLED = "bundled", _("已并入每日摘要")


# Kinds that cannot wait: they ignore quiet hours and are never put in a digest.
URGENT_KINDS = {Kind.URGENT_NOTICE}

# Channels whose messages leave the system; the in-app inbox always receives everything.
EXTERNAL_CHANNELS = [Channel.EMAIL, Channel.SMS, Channel.WECHAT]

# What a person gets until they choose otherwise. Residents of an old community read SMS and
# WeChat more than e-mail, and a notice about their own building matters at once.
DEFAULT_MODES = {
    Kind.COMMUNITY_NOTICE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.OFF,
                            Channel.WECHAT: Mode.IMMEDIATE},
    Kind.BUILDING_NOTICE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.IMMEDIATE,
                           Channel.WECHAT: Mode.IMMEDIATE},
    Kind.URGENT_NOTICE: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                         Channel.WECHAT: Mode.IMMEDIATE},
    Kind.COBUILDING_MATCH: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.OFF,
                            Channel.WECHAT: Mode.IMMEDIATE},
    Kind.AGREEMENT_EXPIRY: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.OFF,
                            Channel.WECHAT: Mode.IMMEDIATE},
    Kind.CASE_UPDATE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.OFF,
                       Channel.WECHAT: Mode.IMMEDIATE},
    Kind.CASE_DEADLINE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.OFF,
                         Channel.WECHAT: Mode.IMMEDIATE},
    Kind.TOPIC_UPDATE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.OFF,
                        Channel.WECHAT: Mode.IMMEDIATE},
    # a meeting notice is sent in advance and must reach people who read no e-mail
    Kind.MEETING_NOTICE: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                          Channel.WECHAT: Mode.IMMEDIATE},
    # a decision of one's own building: every owner or resident must learn of it in time to vote
    Kind.BALLOT_OPEN: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                       Channel.WECHAT: Mode.IMMEDIATE},
    Kind.BALLOT_REMINDER: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                           Channel.WECHAT: Mode.IMMEDIATE},
    # who covers a shift, a swap to answer: it matters before the shift, not in tomorrow's digest
    Kind.SHIFT_DUTY: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.OFF,
                      Channel.WECHAT: Mode.IMMEDIATE},
    # a reminder some hours before one's shift: on the channels people read on duty
    Kind.SHIFT_REMINDER: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                          Channel.WECHAT: Mode.IMMEDIATE},
    # an activity one signed up for is cancelled or changed: before one sets out
    Kind.ACTIVITY_UPDATE: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                           Channel.WECHAT: Mode.IMMEDIATE},
    # a place offered from the waiting list is held only for hours
    Kind.ACTIVITY_OFFER: {Channel.EMAIL: Mode.IMMEDIATE, Channel.SMS: Mode.IMMEDIATE,
                          Channel.WECHAT: Mode.IMMEDIATE},
    # a household due for a visit in the next days: a day's delay does no harm, no SMS
    Kind.CARE_VISIT_DUE: {Channel.EMAIL: Mode.DIGEST, Channel.SMS: Mode.OFF,
                          Channel.WECHAT: Mode.IMMEDIATE},
}
