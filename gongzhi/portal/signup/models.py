"""Residents' own accounts: a login made with a mobile number and an SMS code, which sees the
portal only until it is linked to the resident's record in the registry (matched by name and
the last six digits of the ID number when signing up, or confirmed by the community's staff).

The mobile number is kept as in the registry: encrypted, with a keyed index to find it and a
masked form to show; an SMS code is kept only as a keyed hash, and expires."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.models import CommunityRow
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose, MatchMethod


class PhoneCode(models.Model):
    """One SMS code sent: to which number (keyed index), for what, until when; how often it was
    tried. Counting these rows is the rate limit (per number, per client address)."""

    phone_index = models.CharField(_("手机号检索索引"), max_length=64, db_index=True)
    client_index = models.CharField(_("来源地址检索索引"), max_length=64, db_index=True,
                                    blank=True)
    purpose = models.CharField(_("用途"), max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(_("验证码（散列）"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ResidentAccount(CommunityRow):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="resident_account", verbose_name=_("登录账号"))
    claimed_name = models.CharField(_("填写的姓名"), max_length=64)
    phone_encrypted = models.TextField(_("手机号（加密）"), editable=False)
    phone_index = models.CharField(_("手机号检索索引"), max_length=64, unique=True,
                                   editable=False)
    phone_masked = models.CharField(_("手机号"), max_length=20, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=AccountStatus.choices,
                              default=AccountStatus.PENDING, db_index=True)
    person = models.OneToOneField("people.Person", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="resident_account",
                                  verbose_name=_("居民档案"))
    method = models.CharField(_("关联方式"), max_length=16, choices=MatchMethod.choices,
                              blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("确认人"))
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("居民账号")
        verbose_name_plural = _("居民账号")
        ordering = ["community", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AccountStatus.MATCHED) | Q(person__isnull=False),
                name="portal_account_matched_has_person"),
        ]

    def __str__(self):
        return self.claimed_name

    @property
    def sees_portal_only(self) -> bool:
        """Not (yet) linked to the registry: the workbench sends this login to the portal."""
        return self.status != AccountStatus.MATCHED

    @property
    def is_pending(self) -> bool:
        return self.status == AccountStatus.PENDING
