from django.db import models
from django.utils.translation import gettext_lazy as _


class SwapKind(models.TextChoices):
    # the holder cannot come: anyone who may take the shift takes it over
    COVER = "cover", _("找人替班")
    # the holder trades their shift for a named shift of another volunteer, who must agree
    SWAP = "swap", _("换班")


class SwapStatus(models.TextChoices):
    OPEN = "open", _("待接替")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤回")
    DECLINED = "declined", _("已拒绝")
