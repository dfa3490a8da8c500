from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class HukouType(models.TextChoices):
    """Household registration (户籍) of a resident."""

    LOCAL = "local", _("本市户籍")
    NON_LOCAL = "non_local", _("非本市户籍")
    HK_MACAO_TAIWAN = "hmt", _("港澳台居民")
    FOREIGN = "foreign", _("外籍人员")


class Relation(models.TextChoices):
    """Relation of a household member to the head of the household (与户主关系)."""

    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    TENANT = "tenant", _("租户")
    OTHER = "other", _("其他")


class SensitiveFlag(models.TextChoices):
    """Tags that reveal health, income or political status: encrypted, searchable by index."""

    DISABLED = "disabled", _("残疾")
    LOW_INCOME = "low_income", _("低保")
    IN_DIFFICULTY = "in_difficulty", _("困难群众")
    PARTY_MEMBER = "party_member", _("党员")


class AgeBand(models.TextChoices):
    CHILD = "0-17", _("未成年（0–17 岁）")
    ADULT = "18-59", _("18–59 岁")
    SENIOR = "60-79", _("60–79 岁")
    ELDERLY = "80+", _("80 岁及以上")


class RevealReason(models.TextChoices):
    """Why a staff member needs the full value of a masked field (kept in the audit trail)."""

    IDENTITY_CHECK = "identity_check", _("核实身份")
    BENEFIT_CASE = "benefit_case", _("办理救助或补贴")
    CONTACT = "contact", _("联系本人或家属")
    EMERGENCY = "emergency", _("紧急情况")
    RECORD_CORRECTION = "record_correction", _("更正登记信息")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DONE = "done", _("已更正")
    DECLINED = "declined", _("不予更正")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("正在检查")
    INVALID = "invalid", _("有错误")
    READY = "ready", _("检查通过，待确认导入")
    IMPORTING = "importing", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")
