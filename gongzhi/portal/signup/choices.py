from django.db import models
from django.utils.translation import gettext_lazy as _


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", _("注册")
    RESET = "reset", _("重置密码")


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("待确认")    # signed up, not matched to the registry: portal only
    MATCHED = "matched", _("已关联")    # linked to a person of the registry, with the resident role
    REJECTED = "rejected", _("未通过")  # staff could not confirm who it is


class MatchMethod(models.TextChoices):
    AUTOMATIC = "automatic", _("姓名与身份证号后六位自动匹配")
    STAFF = "staff", _("工作人员确认")
