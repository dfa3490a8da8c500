from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Action, Outcome
from gongzhi.core.scoping import ScopedQuerySet


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One recorded event: a write, a read of sensitive data, or a security event. Never changed."""

    # set when the entry is made (not by auto_now_add at insert): it is part of the hash
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
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
    # the hash chain (audit/chain.py): the predecessor's hash, and this entry's own
    previous_hash = models.CharField(_("前一条记录的哈希"), max_length=64, blank=True,
                                     editable=False)
    entry_hash = models.CharField(_("本条记录的哈希"), max_length=64, blank=True, editable=False)

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


class AuditChain(models.Model):
    """The head of one hash chain of audit entries: locked to append, kept past retention."""

    name = models.CharField(_("链名"), max_length=16, primary_key=True)
    # the newest entry's hash; and the hash of the last entry retention deleted, which the
    # oldest remaining entry names as its predecessor ("" while nothing was deleted)
    last_hash = models.CharField(_("最新记录的哈希"), max_length=64, blank=True)
    pruned_hash = models.CharField(_("最后清理记录的哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")

    def __str__(self):
        return self.name
