from django.contrib import admin

from gongzhi.audit.model_admin import AuditedModelAdmin
from gongzhi.notifications.models import NotificationProfile, mobile_index
from gongzhi.people.identity import normalise_phone


@admin.register(NotificationProfile)
class NotificationProfileAdmin(AuditedModelAdmin):
    """Until residents bind WeChat through the Official Account, an openid is set here. The
    mobile shows masked and is set by its owner on their own settings page; an exact number
    can be searched for (through its keyed index)."""

    list_display = ["user", "mobile_masked", "email", "wechat_openid", "quiet_start",
                    "quiet_end"]
    search_fields = ["user__username", "user__display_name"]
    readonly_fields = ["mobile_masked"]
    raw_id_fields = ["user"]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset,
                                                                  search_term)
        phone = normalise_phone(search_term.strip())
        if phone:
            results |= queryset.filter(mobile_index=mobile_index(phone))
        return results, may_have_duplicates
