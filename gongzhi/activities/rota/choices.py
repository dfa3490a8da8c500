from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    SERVICE = "service", _("服务岗位")
    CHECKPOINT = "checkpoint", _("值守卡点")
    PATROL = "patrol", _("巡查路线")
    ESCORT = "escort", _("陪护老人")
    STEWARDING = "stewarding", _("活动秩序")


class OpenTo(models.TextChoices):
    """Who may take the post's shifts."""

    MEMBERS = "members", _("仅党员")
    PARTNER_STAFF = "partner_staff", _("共建单位人员")
    VOLUNTEERS = "volunteers", _("已注册志愿者")


class PostStatus(models.TextChoices):
    OPEN = "open", _("招募中")
    CLOSED = "closed", _("已截止")
    DONE = "done", _("已完成")


class ShiftSignUpStatus(models.TextChoices):
    TAKEN = "taken", _("已认领")
    CONFIRMED = "confirmed", _("已确认")
