from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    CLINIC = "clinic", _("义诊")
    TALK = "talk", _("讲座")
    PARTY_DAY = "party_day", _("主题党日")
    VISIT = "visit", _("走访慰问")
    CULTURAL = "cultural", _("文体活动")
    CLEAN_UP = "clean_up", _("清洁整治")
    TRAINING = "training", _("培训")
    PATROL = "patrol", _("巡查")


class Audience(models.TextChoices):
    """Who may sign up (staff may still sign up anyone of the community on their behalf)."""

    EVERYONE = "everyone", _("全体居民")
    OVER_60 = "over_60", _("60 岁以上居民")
    PARTY_MEMBERS = "party_members", _("党员")
    BUILDING = "building", _("指定楼栋居民")
    GRID = "grid", _("指定网格居民")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    CLOSED = "closed", _("报名截止")
    DONE = "done", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITING = "waiting", _("候补")
    # a place came free: the first on the waiting list is offered it and confirms (or lets it go)
    OFFERED = "offered", _("候补递补，待确认")
    CANCELLED = "cancelled", _("已取消")
