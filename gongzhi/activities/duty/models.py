"""Duty on a rota beyond taking a shift: asking for cover or a swap, and what a patrol found."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.duty.choices import SwapKind, SwapStatus
from gongzhi.organisations.models import CommunityRow


class SwapRequest(CommunityRow):
    """A volunteer's request that someone cover their shift, or swap it for one of theirs."""

    signup = models.ForeignKey("activities.ShiftSignUp", on_delete=models.PROTECT,
                               related_name="swap_requests", verbose_name=_("排班认领"))
    kind = models.CharField(_("类型"), max_length=16, choices=SwapKind.choices)
    # a swap: the other volunteer's shift the requester would take instead of theirs
    target = models.ForeignKey("activities.ShiftSignUp", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="swap_offers",
                               verbose_name=_("交换的班次"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=SwapStatus.choices,
                              default=SwapStatus.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("申请人"))
    taken_by = models.ForeignKey("activities.Volunteer", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("接替人"))
    decided_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("替班换班申请")
        verbose_name_plural = _("替班换班申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["signup"], condition=Q(status=SwapStatus.OPEN),
                                    name="swap_one_open_per_signup"),
            models.CheckConstraint(name="swap_names_target",
                                   condition=~Q(kind=SwapKind.SWAP) | Q(target__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.signup}"


class Finding(CommunityRow):
    """Something a patrol found on its round (a blocked fire lane, a broken light); staff may
    turn it into a resident request handled before anyone complains (未诉先办)."""

    signup = models.ForeignKey("activities.ShiftSignUp", on_delete=models.PROTECT,
                               related_name="findings", verbose_name=_("巡查班次"))
    building = models.ForeignKey("places.Building", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("楼栋"))
    description = models.TextField(_("发现的问题"))
    case = models.OneToOneField("casework.Case", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="patrol_finding",
                                verbose_name=_("转为诉求"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.description[:40]
