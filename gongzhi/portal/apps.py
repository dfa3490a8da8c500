from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongzhi.portal import checks  # noqa: F401  (registers the system checks)


class PortalConfig(AppConfig):
    name = "gongzhi.portal"
    label = "portal"
    verbose_name = _("公开门户与居民账号")
