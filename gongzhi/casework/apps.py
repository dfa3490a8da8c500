from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "gongzhi.casework"
    verbose_name = _("民情民意")

    def ready(self):
        # registers the reminder job; jobs imports services, so models, not loaded before ready()
        from gongzhi.casework import jobs  # noqa: F401  # lazy: imports models
