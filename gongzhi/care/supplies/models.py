"""The supplies ledger (物资台账): donated goods received into a store, issued, returned and
written off. Every movement is a row that is never changed or deleted (a mistake is put right
by a correction row); the stock of an item in a store is kept beside the ledger in `Stock`,
changed in the same transaction as the row, under a lock, and never below zero (a database
constraint as well as the service's check)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.care.supplies.choices import ItemKind, MovementKind, WriteOffReason
from gongzhi.organisations.models import CommunityRow


class Store(CommunityRow):
    name = models.CharField(_("仓库名称"), max_length=64)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    keeper = models.CharField(_("保管人"), max_length=32, blank=True)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("物资仓库")
        verbose_name_plural = _("物资仓库")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"],
                                               name="care_store_name_unique_in_community")]

    def __str__(self):
        return self.name


class Item(CommunityRow):
    """A kind of goods the community keeps, counted in whole units (箱, 件, 袋 ...)."""

    name = models.CharField(_("物资名称"), max_length=64)
    unit = models.CharField(_("计量单位"), max_length=8)
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices,
                            default=ItemKind.OTHER)

    class Meta:
        verbose_name = _("物资品种")
        verbose_name_plural = _("物资品种")
        ordering = ["community", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name", "unit"],
                                               name="care_item_unique_in_community")]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class Donation(CommunityRow):
    """One donation received (受赠): from a partner unit or a named donor, on a day, into a
    store; its lines are the receipt movements. Its serial is on the donation receipt."""

    serial = models.CharField(_("收据编号"), max_length=32, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="donations",
                              verbose_name=_("入库仓库"))
    donor_unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="donations",
                                   verbose_name=_("捐赠单位"))
    # a donor who is not a partner unit (a company, a resident who agreed to be named)
    donor_name = models.CharField(_("捐赠方"), max_length=64, blank=True)
    received_on = models.DateField(_("受赠日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("经办人"))

    class Meta:
        verbose_name = _("受赠记录")
        verbose_name_plural = _("受赠记录")
        ordering = ["-received_on", "-pk"]
        constraints = [models.CheckConstraint(
            name="care_donation_names_its_donor",
            condition=Q(donor_unit__isnull=False) | ~Q(donor_name=""))]

    def __str__(self):
        return self.serial

    @property
    def donor_display(self) -> str:
        return self.donor_unit.name if self.donor_unit_id else self.donor_name


class Movement(CommunityRow):
    """One row of the ledger. `quantity` is signed: what the row adds to (receipt, return) or
    takes from (issue, write-off) the store's stock; a correction may be either."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="movements",
                              verbose_name=_("仓库"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="movements",
                             verbose_name=_("物资"))
    kind = models.CharField(_("类型"), max_length=16, choices=MovementKind.choices)
    quantity = models.IntegerField(_("数量"))
    moved_on = models.DateField(_("日期"), db_index=True)
    donation = models.ForeignKey(Donation, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="lines", verbose_name=_("受赠记录"))
    # an issue: to whom (as written on the slip), and what for
    recipient = models.CharField(_("领用人"), max_length=64, blank=True)
    activity = models.ForeignKey("activities.Activity", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("用于活动"))
    household = models.ForeignKey("care.CareHousehold", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("发给帮扶对象"))
    shift = models.ForeignKey("activities.Shift", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("用于值守班次"))
    visit = models.ForeignKey("care.Visit", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="goods_issued", verbose_name=_("走访"))
    # a return names the issue it returns; a correction the row it corrects
    returns = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="returned_by", verbose_name=_("退回的发放"))
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("更正的记录"))
    reason = models.CharField(_("报损原因"), max_length=16, blank=True,
                              choices=WriteOffReason.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("经办人"))

    class Meta:
        verbose_name = _("物资出入库记录")
        verbose_name_plural = _("物资出入库记录")
        ordering = ["-moved_on", "-pk"]
        indexes = [models.Index(fields=["store", "item"]),
                   models.Index(fields=["community", "moved_on"])]
        constraints = [
            models.CheckConstraint(
                name="care_movement_sign_of_its_kind",
                condition=(Q(kind=MovementKind.RECEIPT, quantity__gt=0, donation__isnull=False)
                           | Q(kind=MovementKind.ISSUE, quantity__lt=0)
                           | Q(kind=MovementKind.RETURN, quantity__gt=0, returns__isnull=False)
                           | (Q(kind=MovementKind.WRITE_OFF, quantity__lt=0) & ~Q(reason=""))
                           | (Q(kind=MovementKind.CORRECTION, corrects__isnull=False)
                              & ~Q(quantity=0)))),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item} {self.quantity}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("物资台账只能新增记录，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("物资台账只能新增记录，不能删除。"))


class Stock(CommunityRow):
    """What a store holds of an item now: the sum of its movements, kept in step with them."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="stock",
                              verbose_name=_("仓库"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="stock",
                             verbose_name=_("物资"))
    quantity = models.IntegerField(_("库存"), default=0)

    class Meta:
        verbose_name = _("库存")
        verbose_name_plural = _("库存")
        ordering = ["store", "item"]
        constraints = [
            models.UniqueConstraint(fields=["store", "item"], name="care_stock_once_per_item"),
            models.CheckConstraint(name="care_stock_never_negative",
                                   condition=Q(quantity__gte=0)),
        ]

    def __str__(self):
        return f"{self.store} {self.item} {self.quantity}"
