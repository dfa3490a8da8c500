from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CobuildingConfig(AppConfig):
    name = "gongzhi.cobuilding"
    verbose_name = _("共建")
