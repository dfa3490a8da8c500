from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    HEALTH = "health", _("医院/卫生服务中心")
    BANK = "bank", _("银行")
    STATE_COMPANY = "state_company", _("国有企业")
    BUREAU = "bureau", _("政府部门")
    POLICE = "police", _("派出所")
    PARK = "park", _("公园")
    SHOP = "shop", _("商场/商户")
    SOCIAL = "social", _("社会组织")


class Category(models.TextChoices):
    """Service categories of the needs list (common practice for 在职党员 posts)."""

    PARTY = "party", _("组织建设")
    LEGAL = "legal", _("法律服务")
    HARDSHIP = "hardship", _("帮困就业")
    GOVERNANCE = "governance", _("社区治理")
    HEALTH = "health", _("医疗健康")
    CULTURE = "culture", _("文体教育")
    SAFETY = "safety", _("平安建设")
    OTHER = "other", _("其他")


class ResourceKind(models.TextChoices):
    CLINIC = "clinic", _("健康义诊")
    TALK = "talk", _("宣传讲座")
    VENUE = "venue", _("场地")
    VOLUNTEERS = "volunteers", _("志愿者")
    FUNDS = "funds", _("资金")
    SUPPLIES = "supplies", _("物资")
    SKILLS = "skills", _("专业技能")


class Urgency(models.TextChoices):
    LOW = "low", _("一般")
    MEDIUM = "medium", _("较急")
    HIGH = "high", _("紧急")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("待匹配")
    MATCHING = "matching", _("待单位回复")
    IN_PROJECT = "in_project", _("项目实施中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已关闭")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("待单位回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已婉拒")


class ProjectStatus(models.TextChoices):
    RUNNING = "running", _("实施中")
    FINISHED = "finished", _("已完成")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")
