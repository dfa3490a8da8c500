from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaSource(models.TextChoices):
    """Where a flat's exclusive area (专有部分面积) comes from. 最高法 建筑物区分所有权解释 art. 8
    counts the register's area, else the surveyed area, else the sale contract's: the members are
    listed in that order, best first (see `area_source_rank`)."""

    REGISTER = "register", _("不动产登记")
    SURVEY = "survey", _("测绘报告")
    CONTRACT = "contract", _("买卖合同")
    UNKNOWN = "unknown", _("未核实")


def area_source_rank(source: str) -> int:
    """0 for the register, 1 for a survey, 2 for the sale contract, 3 for an unverified figure:
    a lower rank wins."""
    return list(AreaSource.values).index(source)


class BuildingUse(models.TextChoices):
    RESIDENTIAL = "residential", _("居民楼")
    OFFICE = "office", _("商务楼宇")
    MIXED = "mixed", _("商住混合")
