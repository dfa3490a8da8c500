from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VoteKind(models.TextChoices):
    """Which approval gate of 民法典 art. 278 applies: never chosen, it follows from the item
    (kind_for_item); "elevator" is item 7 under the elevator rule set."""

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


class Article278Item(models.IntegerChoices):
    """The nine matters of 民法典 art. 278 para. 1 that owners decide jointly."""

    RULES_OF_PROCEDURE = 1, _("制定和修改业主大会议事规则")
    MANAGEMENT_CODE = 2, _("制定和修改管理规约")
    COMMITTEE = 3, _("选举业主委员会或者更换业主委员会成员")
    MANAGER = 4, _("选聘和解聘物业服务企业或者其他管理人")
    USE_REPAIR_FUND = 5, _("使用建筑物及其附属设施的维修资金")
    RAISE_REPAIR_FUND = 6, _("筹集建筑物及其附属设施的维修资金")
    REBUILD = 7, _("改建、重建建筑物及其附属设施")
    CHANGE_USE = 8, _("改变共有部分的用途或者利用共有部分从事经营活动")
    OTHER = 9, _("有关共有和共同管理权利的其他重大事项")


# Art. 278 para. 2: items 6–8 need three quarters or more of both; the others more than half.
SPECIAL_ITEMS = frozenset({6, 7, 8})
# Adding an elevator alters the building: item 7 (改建), under the elevator rule set.
ELEVATOR_ITEM = Article278Item.REBUILD
# The item's number as the article writes it (第（七）项); English cites "item 7".
ITEM_NUMERALS = {
    1: pgettext_lazy("民法典第278条的项号", "一"), 2: pgettext_lazy("民法典第278条的项号", "二"),
    3: pgettext_lazy("民法典第278条的项号", "三"), 4: pgettext_lazy("民法典第278条的项号", "四"),
    5: pgettext_lazy("民法典第278条的项号", "五"), 6: pgettext_lazy("民法典第278条的项号", "六"),
    7: pgettext_lazy("民法典第278条的项号", "七"), 8: pgettext_lazy("民法典第278条的项号", "八"),
    9: pgettext_lazy("民法典第278条的项号", "九"),
}


def kind_for_item(item_number: int, *, elevator: bool = False) -> str:
    """The vote's kind (and so its rule set) follows from the art. 278 item: items 6–8 the
    special gates, items 1–5 and 9 the ordinary ones; an elevator (item 7) its own rule set."""
    if item_number not in ITEM_NUMERALS:
        raise ValueError(item_number)
    if elevator:
        if item_number != ELEVATOR_ITEM:
            raise ValueError(item_number)
        return VoteKind.ELEVATOR
    return VoteKind.SPECIAL if item_number in SPECIAL_ITEMS else VoteKind.ORDINARY


def item_citation(item_number: int | None) -> str:
    """The legal basis as cited on the page, the notice and the record."""
    if item_number not in ITEM_NUMERALS:
        return ""
    return _("《民法典》第二百七十八条第一款第（%(numeral)s）项：%(matter)s") % {
        "numeral": ITEM_NUMERALS[item_number],
        "matter": Article278Item(item_number).label}
