from django.contrib import admin

from gongzhi.core.admin import AuditedModelAdmin
from gongzhi.notifications.models import NotificationProfile


@admin.register(NotificationProfile)
class NotificationProfileAdmin(AuditedModelAdmin):
    """Until residents bind WeChat through the Official Account, an openid is set here."""

    list_display = ["user", "mobile", "email", "wechat_openid", "quiet_start", "quiet_end"]
    search_fields = ["user__username", "user__display_name", "mobile"]
    raw_id_fields = ["user"]
