from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteKind(models.TextChoices):
    """Which approval gate of 民法典 art. 278 applies."""

    ORDINARY = "ordinary", _("一般事项（第278条第1–5、9项）")
    SPECIAL = "special", _("重大事项（第278条第6–8项）")
    ELEVATOR = "elevator", _("加装电梯")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已截止")
    PUBLISHED = "published", _("已公示")


class Choice(models.TextChoices):
    YES = "yes", _("同意")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上投票")
    PAPER = "paper", _("纸质表决票")
    PROXY = "proxy", _("委托代理")


class CostScheme(models.TextChoices):
    """How the cost is shared (民法典 art. 283: by exclusive area unless agreed otherwise)."""

    BY_AREA = "area", _("按专有面积")
    BY_FLOOR = "floor", _("按楼层系数")
    FIXED = "fixed", _("每户均摊")
    CUSTOM = "custom", _("按约定（逐户）")
