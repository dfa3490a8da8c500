from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User
from gongzhi.accounts.services import api_token_revoke
from gongzhi.audit.choices import Action
from gongzhi.audit.model_admin import AuditedModelAdmin
from gongzhi.audit.services import audit_event


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["district", "street", "community", "grid"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "is_active", "is_superuser", "last_login"]
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit_event(action=Action.PASSWORD_CHANGED, username=user.get_username(),
                        actor=request.user, reason=f"admin reset for {user.get_username()}")
        return response

    fieldsets = [*DjangoUserAdmin.fieldsets,
                 (_("共治"), {"fields": ["display_name", "large_text", "high_contrast", "language",
                                     "must_change_password", "password_changed_at"]})]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(AuditedModelAdmin):
    """Deleting a row here unlocks the account name; the deletion is audited."""

    list_display = ["username", "failures", "locked_until", "last_failure_at"]
    search_fields = ["username"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are issued by logging in to the API; here they can only be seen and revoked."""

    list_display = ["user", "created_at", "expires_at", "last_used_at", "revoked_at",
                    "revoked_reason"]
    list_filter = ["revoked_reason"]
    readonly_fields = ["user", "digest", "created_at", "expires_at", "last_used_at",
                       "refresh_digest", "refresh_expires_at", "revoked_at", "revoked_reason"]
    actions = ["revoke"]

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.select_related("user"):
            api_token_revoke(actor=request.user, token=token, reason="admin")

    def has_add_permission(self, request):
        return False
