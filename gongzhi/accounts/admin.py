from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gongzhi.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User
from gongzhi.core.admin import AuditedModelAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["district", "street", "community", "grid"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "is_active", "is_superuser", "last_login"]
    fieldsets = [*DjangoUserAdmin.fieldsets,
                 ("共治", {"fields": ["display_name", "large_text", "high_contrast", "language",
                                     "must_change_password", "password_changed_at"]})]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    list_display = ["username", "failures", "locked_until", "last_failure_at"]
    search_fields = ["username"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["digest"]
