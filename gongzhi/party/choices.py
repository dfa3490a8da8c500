from django.db import models
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    OPEN = "open", _("招募中")
    CLOSED = "closed", _("已截止")
    DONE = "done", _("已完成")


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("已认领")
    CONFIRMED = "confirmed", _("已确认")
