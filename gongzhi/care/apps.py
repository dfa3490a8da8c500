from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongzhi.core.crypto import register_rotation


class CareConfig(AppConfig):
    name = "gongzhi.care"
    label = "care"
    verbose_name = _("结对帮扶与物资")

    def ready(self):
        # rotation imports the models, which exist only once the app registry is ready
        from gongzhi.care.rotation import rotate_encrypted  # lazy: imports models

        register_rotation("care households and visits", rotate_encrypted)
