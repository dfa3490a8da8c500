"""Festival campaigns (春节、七一走访慰问): the households to visit, who visits each, and the
goods each household receives from the campaign's store."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.care.campaigns.choices import CampaignKind, CampaignStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.organisations.models import CommunityRow


class Campaign(CommunityRow):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=CampaignKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=16, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    # the store the campaign's goods are issued from
    store = models.ForeignKey("care.Store", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="campaigns", verbose_name=_("物资仓库"))
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发起人"))

    class Meta:
        verbose_name = _("走访慰问活动")
        verbose_name_plural = _("走访慰问活动")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="care_campaign_ends_after_start",
                                   condition=Q(ends_on__gte=models.F("starts_on"))),
        ]

    def __str__(self):
        return self.name


class CampaignGoods(models.Model):
    """What each of the campaign's households receives: so many of an item."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="goods",
                                 verbose_name=_("走访慰问活动"))
    item = models.ForeignKey("care.Item", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("物资"))
    quantity = models.PositiveIntegerField(_("每户数量"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("慰问物资")
        verbose_name_plural = _("慰问物资")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "item"],
                                               name="care_campaign_goods_item_once"),
                       models.CheckConstraint(name="care_campaign_goods_positive",
                                              condition=Q(quantity__gte=1))]

    def __str__(self):
        return f"{self.item} × {self.quantity}"


class CampaignHousehold(CommunityRow):
    """One of the campaign's target households and the pairing whose helper visits it; it is
    visited once its visit is recorded (Visit.campaign_target)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets",
                                 verbose_name=_("走访慰问活动"))
    household = models.ForeignKey(CareHousehold, on_delete=models.PROTECT,
                                  related_name="campaign_targets", verbose_name=_("帮扶对象"))
    pairing = models.ForeignKey(Pairing, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="campaign_targets", verbose_name=_("负责走访的结对"))

    class Meta:
        verbose_name = _("慰问对象")
        verbose_name_plural = _("慰问对象")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "household"],
                                               name="care_campaign_household_once")]

    def __str__(self):
        return f"{self.campaign} · {self.household}"
