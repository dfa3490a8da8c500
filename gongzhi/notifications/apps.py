from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gongzhi.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self):
        from gongzhi.core.crypto import register_rotation
        from gongzhi.notifications.rotation import rotate_profiles

        register_rotation("notification profiles", rotate_profiles)
