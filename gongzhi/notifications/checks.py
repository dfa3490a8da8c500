"""System checks of notifications: no make-believe SMS backend in production."""

from django.conf import settings
from django.core import checks

LOCAL_SMS_BACKENDS = {"console", "file", "locmem"}


@checks.register(checks.Tags.security, deploy=True)
def sms_backend_is_real(app_configs=None, **kwargs):
    """Outside DEBUG the console and file backends send nothing (and keep codes in a log or
    a file): residents would never get a sign-up or reset code."""
    if settings.DEBUG or settings.NOTIFICATIONS_SMS_BACKEND not in LOCAL_SMS_BACKENDS:
        return []
    return [checks.Error(
        f"NOTIFICATIONS_SMS_BACKEND is {settings.NOTIFICATIONS_SMS_BACKEND!r} in production: "
        "no SMS is sent and codes end up in a log or a file.",
        hint="Set SMS_BACKEND to tencent or aliyun with its credentials.",
        id="notifications.E001")]
