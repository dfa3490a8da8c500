from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    EPIDEMIC = "epidemic", _("防疫物资")
    BARRIER = "barrier", _("围挡设施")
    VISIT_GOODS = "visit_goods", _("慰问物品")
    OTHER = "other", _("其他")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("入库（受赠）")
    ISSUE = "issue", _("发放")
    RETURN = "return", _("退回")
    WRITE_OFF = "write_off", _("报损")
    CORRECTION = "correction", _("更正")


class WriteOffReason(models.TextChoices):
    EXPIRED = "expired", _("过期")
    DAMAGED = "damaged", _("损坏")
    LOST = "lost", _("遗失")
    USED_UP = "used_up", _("消耗（未登记发放）")
    OTHER = "other", _("其他")


# the sign of each kind's quantity in the stock: stock = Σ signed quantities
SIGN = {
    MovementKind.RECEIPT: 1,
    MovementKind.ISSUE: -1,
    MovementKind.RETURN: 1,
    MovementKind.WRITE_OFF: -1,
}
