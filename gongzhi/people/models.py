import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.people.choices import CorrectionStatus, HukouType, ImportStatus, Relation, Sex
from gongzhi.places.models import COMMUNITY_PATHS, CommunityRowModel, Flat

PERSON_PATHS = {**COMMUNITY_PATHS, "grid": "flat__building__grid"}


class Person(CommunityRowModel):
    """A resident or owner registered with a community. ID number and phone are encrypted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person",
                                verbose_name=_("登录账号"))
    flat = models.ForeignKey(Flat, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="residents", verbose_name=_("现住房屋"),
                             help_text=_("由迁入、迁出登记维护。"))
    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True, db_index=True)
    hukou_type = models.CharField(_("户籍类型"), max_length=16, choices=HukouType.choices,
                                  default=HukouType.LOCAL)
    # Sensitive values: ciphertext, a keyed search index, and a masked form for lists.
    id_number_encrypted = models.TextField(_("身份证号（加密）"), blank=True, editable=False)
    id_number_index = models.CharField(_("身份证号检索索引"), max_length=64, blank=True,
                                       db_index=True,
                                       editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=32, blank=True, editable=False)
    phone_encrypted = models.TextField(_("联系电话（加密）"), blank=True, editable=False)
    phone_index = models.CharField(_("联系电话检索索引"), max_length=64, blank=True, db_index=True,
                                   editable=False)
    phone_last4_index = models.CharField(_("手机尾号检索索引"), max_length=64, blank=True,
                                         db_index=True,
                                         editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    sensitive_flags_encrypted = models.TextField(_("敏感标签（加密）"), blank=True, editable=False)
    is_living_alone = models.BooleanField(_("独居"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    scope_paths = PERSON_PATHS

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["community", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "id_number_index"],
                                    condition=~Q(id_number_index=""),
                                    name="person_id_number_once_per_community"),
        ]

    def __str__(self):
        return self.name

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class PersonFlag(CommunityRowModel):
    """A sensitive tag on a person, stored as a keyed index so lists can filter and count it."""

    person = models.ForeignKey(Person, verbose_name=_("居民"), on_delete=models.CASCADE,
                               related_name="flag_rows")
    token = models.CharField(_("标签检索索引"), max_length=64, db_index=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "person__flat__building__grid"}

    class Meta:
        verbose_name = _("敏感标签")
        verbose_name_plural = _("敏感标签")
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_flag_once"),
        ]

    def __str__(self):
        return f"{self.person_id}:{self.token[:8]}"


class Household(CommunityRowModel):
    """A household (户) living in one flat; a flat may hold more than one (e.g. tenants)."""

    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="households",
                             verbose_name=_("房屋"))
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("户主"))

    scope_paths = {**COMMUNITY_PATHS, "grid": "flat__building__grid"}

    class Meta:
        verbose_name = _("住户")
        verbose_name_plural = _("住户")

    def __str__(self):
        return f"{self.flat} · {self.head or '—'}"


class Residence(CommunityRowModel):
    """One person's membership of a household, from move-in to move-out (history is kept)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="residences",
                                  verbose_name=_("住户"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences",
                               verbose_name=_("居民"))
    relation = models.CharField(_("与户主关系"), max_length=16, choices=Relation.choices)
    moved_in_on = models.DateField(_("迁入日期"), null=True, blank=True)
    moved_out_on = models.DateField(_("迁出日期"), null=True, blank=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "household__flat__building__grid"}

    class Meta:
        verbose_name = _("居住记录")
        verbose_name_plural = _("居住记录")
        ordering = ["household", "moved_out_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(moved_out_on__isnull=True),
                                    name="one_current_residence_per_person"),
            models.CheckConstraint(
                name="residence_moves_out_after_moving_in",
                condition=Q(moved_out_on__isnull=True) | Q(moved_in_on__isnull=True)
                | Q(moved_out_on__gte=models.F("moved_in_on"))),
        ]

    def __str__(self):
        return f"{self.person} @ {self.household_id}"

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None


class Ownership(CommunityRowModel):
    """An owner's share of a flat (产权份额, in percent); co-owners of a flat share 100 %."""

    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="ownerships",
                             verbose_name=_("房屋"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ownerships",
                               verbose_name=_("业主"))
    share_percent = models.DecimalField(
        _("产权份额（%）"), max_digits=5, decimal_places=2, default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))])
    since = models.DateField(_("登记日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "flat__building__grid"}

    class Meta:
        verbose_name = _("产权")
        verbose_name_plural = _("产权")
        constraints = [
            models.UniqueConstraint(fields=["flat", "person"], condition=Q(ended_on__isnull=True),
                                    name="one_current_ownership_per_owner_and_flat"),
            models.CheckConstraint(name="ownership_share_in_range",
                                   condition=Q(share_percent__gt=0, share_percent__lte=100)),
        ]

    def __str__(self):
        return f"{self.person} · {self.flat} · {self.share_percent}%"


class CorrectionRequest(CommunityRowModel):
    """A resident's request to correct their own record (PIPL art. 46), handled by staff."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections",
                               verbose_name=_("居民"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("申请人"))
    text = models.TextField(_("需要更正的内容"), max_length=1000)
    status = models.CharField(_("状态"), max_length=16, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("处理人"))
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    response = models.TextField(_("处理说明"), blank=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "person__flat__building__grid"}

    class Meta:
        verbose_name = _("更正申请")
        verbose_name_plural = _("更正申请")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.person} · {self.get_status_display()}"


class ImportRun(CommunityRowModel):
    """One uploaded registry file: checked row by row, then imported only when confirmed.

    The file itself holds personal data: it is kept encrypted and dropped once the run ends;
    the row-level report stays.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    file_name = models.CharField(_("文件名"), max_length=255)
    content_encrypted = models.TextField(_("文件内容（加密）"), blank=True, editable=False)
    content_digest = models.CharField(_("文件摘要"), max_length=64, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices,
                              default=ImportStatus.CHECKING)
    only_clean_rows = models.BooleanField(_("仅导入无误的行"), default=False)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("无误行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    errors = models.JSONField(_("错误报告"), default=list, blank=True)
    summary = models.JSONField(_("导入结果"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.INVALID, ImportStatus.READY, ImportStatus.DONE,
                               ImportStatus.FAILED}

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0 if not self.is_finished else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))
