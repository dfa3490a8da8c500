from django.db import models
from django.utils.translation import gettext_lazy as _


class PollKind(models.TextChoices):
    YES_NO = "yes_no", _("同意／反对／弃权")
    CUSTOM = "custom", _("自定义选项")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已截止")
    PUBLISHED = "published", _("已公示")


class PollChannel(models.TextChoices):
    ONLINE = "online", _("网上投票")
    PAPER = "paper", _("纸质选票")
