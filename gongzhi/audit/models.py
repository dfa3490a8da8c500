from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Action, Outcome
from gongzhi.core.scoping import ScopedQuerySet


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One recorded event: a write, a read of sensitive data, or a security event. Never changed."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # No database constraint: an entry must outlive the user and the row it speaks of.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    actor_username = models.CharField(_("操作人账号"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("事件"), max_length=32, choices=Action.choices, db_index=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices,
                               default=Outcome.SUCCESS)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    district_id = models.BigIntegerField(_("区"), null=True, blank=True, db_index=True)
    street_id = models.BigIntegerField(_("街道"), null=True, blank=True, db_index=True)
    community_id = models.BigIntegerField(_("社区"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.CharField(_("事由"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_paths = {"district": "district_id", "street": "street_id",
                   "community": "community_id"}

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")
