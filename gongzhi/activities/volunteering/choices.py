from django.db import models
from django.utils.translation import gettext_lazy as _


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("待确认")
    ACTIVE = "active", _("已确认")
    SUSPENDED = "suspended", _("已停用")


class EntryKind(models.TextChoices):
    SERVICE = "service", _("服务记录")
    CORRECTION = "correction", _("更正")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


# 志愿服务星级 by cumulative hours (DOMAIN_RULES, volunteers): one star from 100 hours,
# five from 1,500
STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)
