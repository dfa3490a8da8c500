from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("春节走访慰问")
    JULY_FIRST = "july_first", _("七一走访慰问")
    MID_AUTUMN = "mid_autumn", _("中秋走访慰问")
    OTHER = "other", _("其他慰问")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
