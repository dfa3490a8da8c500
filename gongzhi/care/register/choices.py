from django.db import models
from django.utils.translation import gettext_lazy as _


class Difficulty(models.TextChoices):
    """Why a household is in the care register. Sensitive (health, income, disability): kept
    encrypted in the household's profile, never in a plain column."""

    ELDERLY_ALONE = "elderly_alone", _("独居老人")
    EMPTY_NEST = "empty_nest", _("空巢老人")
    DISABLED = "disabled", _("残疾人")
    LOW_INCOME = "low_income", _("低保低收入")
    SERIOUS_ILLNESS = "serious_illness", _("大病重病")
    SPECIAL_HARDSHIP = "special_hardship", _("特困供养")
    OTHER = "other", _("其他困难")


class HouseholdStatus(models.TextChoices):
    ACTIVE = "active", _("帮扶中")
    CLOSED = "closed", _("已结束")


class HelperKind(models.TextChoices):
    MEMBER = "member", _("党员")
    VOLUNTEER = "volunteer", _("志愿者")
    UNIT = "unit", _("共建单位")


class PairingStatus(models.TextChoices):
    ACTIVE = "active", _("结对中")
    ENDED = "ended", _("已结束")
