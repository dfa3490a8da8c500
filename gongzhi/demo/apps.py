from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """In INSTALLED_APPS for its management command (seed_demo); it has no models."""

    name = "gongzhi.demo"
    label = "demo"
    verbose_name = _("演示数据")
