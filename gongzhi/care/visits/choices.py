from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    HOME = "home", _("入户走访")
    PHONE = "phone", _("电话问候")
    ACCOMPANY = "accompany", _("陪同办事")
    FESTIVAL = "festival", _("节日慰问")


class FollowUpStatus(models.TextChoices):
    NONE = "", _("无需跟进")
    OPEN = "open", _("待跟进")
    CASE = "case", _("已转居民诉求")
    NEED = "need", _("已转共建需求")
    DONE = "done", _("已处理")
