import rules
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gongzhi.accounts.choices import Role, ScopeLevel
from gongzhi.accounts.roles import ROLE_LEVEL, permissions_of, roles_at
from gongzhi.core.scoping import ScopeGrant


class User(AbstractUser):
    """A person who can log in; what they may do comes from their role assignments."""

    display_name = models.CharField(_("显示名称"), max_length=64, blank=True)
    large_text = models.BooleanField(_("大字模式"), default=False)
    high_contrast = models.BooleanField(_("高对比度"), default=False)
    language = models.CharField(_("界面语言"), max_length=10, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("下次登录须改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    @property
    def shown_name(self) -> str:
        """How pages, the API and printed papers name this person to others: their display
        name, or a neutral 工作人员 (never the login name, which `str(user)` falls back to)."""
        return self.display_name or pgettext("shown name", "工作人员")

    def get_full_name(self):
        # People are named by their display name (first/last name are unused here); code that
        # asks Django's usual question gets it too, instead of falling back to the login name.
        return self.display_name or super().get_full_name()

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        if self.pk is not None:
            # Every way of setting a password (the page, the admin, `changepassword`, a reset)
            # comes through here, so a token taken with the old password dies with it.
            self.api_tokens.filter(revoked_at__isnull=True).update(
                revoked_at=self.password_changed_at, revoked_reason="password_changed")

    def has_perm(self, perm, obj=None):
        # A named object rule (gongzhi.core.actions) reads the object's state as well as the
        # roles: a superuser may do what any role may, but not accept a closed request, so
        # Django's "an active superuser may do anything" must not answer for the rule.
        if obj is not None and rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def scope_grants(self) -> list[tuple[str, ScopeGrant]]:
        """(permission, scope) pairs from this user's active roles; cached per instance."""
        cached = getattr(self, "_scope_grants", None)
        if cached is None:
            cached = []
            for assignment in self.role_assignments.select_related("grid"):
                grant = assignment.grant()
                cached.extend((perm, grant) for perm in permissions_of(assignment.role))
            self._scope_grants = cached
        return cached

    def has_own_record(self) -> bool:
        """Is this login linked to a resident's record (people.Person.user)?"""
        cached = getattr(self, "_has_own_record", None)
        if cached is None:
            cached = self._meta.get_field("person").related_model.objects.filter(
                user=self).exists()
            self._has_own_record = cached
        return cached

    def roles(self) -> list["RoleAssignment"]:
        cached = getattr(self, "_roles", None)
        if cached is None:
            cached = list(self.role_assignments.select_related(
                "district", "street__district", "community__street", "grid__community"))
            self._roles = cached
        return cached


class RoleAssignment(models.Model):
    """One role a user holds, bound to exactly one place at the role's level."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    level = models.CharField(_("范围层级"), max_length=16, choices=ScopeLevel.choices)
    district = models.ForeignKey("places.District", null=True, blank=True,
                                 on_delete=models.CASCADE, verbose_name=_("区"))
    street = models.ForeignKey("places.Street", null=True, blank=True,
                               on_delete=models.CASCADE, verbose_name=_("街道"))
    community = models.ForeignKey("places.Community", null=True, blank=True,
                                  on_delete=models.CASCADE, verbose_name=_("社区"))
    grid = models.ForeignKey("places.Grid", null=True, blank=True,
                             on_delete=models.CASCADE, verbose_name=_("网格"))
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                name="role_bound_to_one_place_of_its_level",
                condition=(
                    Q(level="district", district__isnull=False, street__isnull=True,
                      community__isnull=True, grid__isnull=True)
                    | Q(level="street", district__isnull=True, street__isnull=False,
                        community__isnull=True, grid__isnull=True)
                    | Q(level="community", district__isnull=True, street__isnull=True,
                        community__isnull=False, grid__isnull=True)
                    | Q(level="grid", district__isnull=True, street__isnull=True,
                        community__isnull=True, grid__isnull=False)
                ),
            ),
            # A role is bound at its own level only: a secretary at district level would see
            # and edit a whole district.
            models.CheckConstraint(
                name="role_at_its_level",
                condition=Q(level="district", role__in=roles_at(ScopeLevel.DISTRICT))
                | Q(level="street", role__in=roles_at(ScopeLevel.STREET))
                | Q(level="community", role__in=roles_at(ScopeLevel.COMMUNITY))
                | Q(level="grid", role__in=roles_at(ScopeLevel.GRID)),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.place}"

    @property
    def place(self):
        return getattr(self, self.level)

    @property
    def place_id(self) -> int:
        return getattr(self, f"{self.level}_id")

    def grant(self) -> ScopeGrant:
        community_id = self.grid.community_id if self.level == ScopeLevel.GRID else None
        return ScopeGrant(level=self.level, place_id=self.place_id, community_id=community_id)

    def scope_ids(self) -> dict:
        return self.place.scope_ids() if self.place else {}

    def clean(self):
        if self.role and self.level != ROLE_LEVEL.get(self.role):
            raise ValidationError({"level": _("该角色须绑定在“%(level)s”层级。")
                                   % {"level": ScopeLevel(ROLE_LEVEL[self.role]).label}})


class ApiToken(models.Model):
    """A bearer token for the JSON API with its refresh token; only SHA-256 digests are stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("用户"))
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    refresh_digest = models.CharField(_("续期令牌摘要"), max_length=64, unique=True, null=True,
                                      blank=True)
    refresh_expires_at = models.DateTimeField(_("续期截止"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("吊销原因"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    def is_valid(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.user.is_active

    def can_refresh(self, now) -> bool:
        return (self.revoked_at is None and self.refresh_expires_at is not None
                and self.refresh_expires_at > now and self.user.is_active)


class LoginThrottle(models.Model):
    """Failed logins for one username, and until when it is locked (等保 lock-out)."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("最近失败时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    def __str__(self):
        return self.username

    def is_locked(self, now) -> bool:
        return self.locked_until is not None and self.locked_until > now
