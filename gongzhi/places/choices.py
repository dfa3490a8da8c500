from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaSource(models.TextChoices):
    """Where a flat's floor area comes from (最高法 建筑物区分所有权解释: register, else survey,
    else the sale contract)."""

    REGISTER = "register", _("不动产登记")
    SURVEY = "survey", _("测绘报告")
    CONTRACT = "contract", _("买卖合同")
    UNKNOWN = "unknown", _("未核实")


class BuildingUse(models.TextChoices):
    RESIDENTIAL = "residential", _("居民楼")
    OFFICE = "office", _("商务楼宇")
    MIXED = "mixed", _("商住混合")
