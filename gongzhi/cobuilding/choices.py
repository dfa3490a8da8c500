from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    CLINIC = "clinic", _("健康义诊")
    TALK = "talk", _("宣传讲座")
    VENUE = "venue", _("场地")
    VOLUNTEERS = "volunteers", _("志愿者")
    FUNDS = "funds", _("资金")
    SUPPLIES = "supplies", _("物资")
    SKILLS = "skills", _("专业技能")


class Urgency(models.TextChoices):
    LOW = "low", _("一般")
    MEDIUM = "medium", _("较急")
    HIGH = "high", _("紧急")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("待匹配")
    MATCHING = "matching", _("待单位回复")
    IN_PROJECT = "in_project", _("项目实施中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已关闭")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("待单位回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已婉拒")


class ProjectStatus(models.TextChoices):
    RUNNING = "running", _("实施中")
    FINISHED = "finished", _("已完成")
