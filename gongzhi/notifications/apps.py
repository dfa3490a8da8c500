from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongzhi.core.crypto import register_rotation
from gongzhi.notifications import checks  # noqa: F401  (registers the system checks)


class NotificationsConfig(AppConfig):
    name = "gongzhi.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self):
        # rotation imports the models, which exist only once the app registry is ready
        from gongzhi.notifications.rotation import rotate_profiles  # lazy: imports models

        register_rotation("notification profiles", rotate_profiles)
