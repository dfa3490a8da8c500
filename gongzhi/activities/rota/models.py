"""Service posts and their shifts, and who took each shift: the one concept behind in-service
party members' posts (双报到), partner staff's duty and any volunteer's service."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus, ShiftSignUpStatus
from gongzhi.organisations.choices import Category
from gongzhi.organisations.models import CommunityRow


class Post(CommunityRow):
    """A service post (岗位): a task from the needs list, a checkpoint, a patrol route, an
    escort, stewarding an activity; its shifts are what volunteers take."""

    title = models.CharField(_("岗位"), max_length=128)
    kind = models.CharField(_("岗位类型"), max_length=16, choices=PostKind.choices,
                            default=PostKind.SERVICE)
    category = models.CharField(_("服务类别"), max_length=16, choices=Category.choices,
                                default=Category.OTHER)
    description = models.TextField(_("说明"), blank=True)
    place = models.CharField(_("地点"), max_length=128, blank=True)
    open_to = models.CharField(_("可认领人员"), max_length=16, choices=OpenTo.choices,
                               default=OpenTo.VOLUNTEERS)
    # with open_to=partner_staff: only this unit's staff (any unit's when empty)
    unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="posts",
                             verbose_name=_("指定共建单位"))
    status = models.CharField(_("状态"), max_length=16, choices=PostStatus.choices,
                              default=PostStatus.OPEN)
    activity = models.ForeignKey("activities.Activity", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="posts",
                                 verbose_name=_("所属活动"))
    need = models.ForeignKey("cobuilding.Need", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="posts", verbose_name=_("来源需求"))
    source_case = models.ForeignKey("casework.Case", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="posts",
                                    verbose_name=_("来源诉求"))
    # the rota template the shifts were laid out from, kept to show and to extend the rota:
    # {"first_day": "YYYY-MM-DD", "days": 14, "starts": ["00:00", "08:00", "16:00"],
    #  "hours": 8, "slots": 2}
    rota = models.JSONField(_("排班模板"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发布人"))

    class Meta:
        verbose_name = _("服务岗位")
        verbose_name_plural = _("服务岗位")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Shift(CommunityRow):
    """One shift of a post: a day, and on a timed shift its start and end; the slots are how
    many people it needs."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="shifts",
                             verbose_name=_("岗位"))
    date = models.DateField(_("日期"), db_index=True)
    # both empty: a task to be done on that day, at no fixed time
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    slots = models.PositiveSmallIntegerField(
        _("名额"), validators=[MinValueValidator(1), MaxValueValidator(500)])

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["post", "date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(name="shift_slots_positive", condition=Q(slots__gte=1)),
            models.CheckConstraint(
                name="shift_timed_ends_after_start",
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=F("starts_at"))),
        ]

    def __str__(self):
        if self.starts_at is None:
            return f"{self.post} {self.date:%Y-%m-%d}"
        return f"{self.post} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_timed(self) -> bool:
        return self.starts_at is not None


class ShiftSignUp(CommunityRow):
    """A volunteer's taking of one slot of a shift, when they checked in and out, and what the
    organiser confirmed they did (the confirmed hours go to the hours ledger)."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="signups",
                              verbose_name=_("班次"))
    volunteer = models.ForeignKey("activities.Volunteer", on_delete=models.PROTECT,
                                  related_name="shift_signups", verbose_name=_("志愿者"))
    status = models.CharField(_("状态"), max_length=16, choices=ShiftSignUpStatus.choices,
                              default=ShiftSignUpStatus.TAKEN)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    work_done = models.TextField(_("服务内容"), blank=True)
    hours = models.DecimalField(_("确认时长（小时）"), max_digits=5, decimal_places=1, null=True,
                                blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(24)])
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("排班认领")
        verbose_name_plural = _("排班认领")
        ordering = ["shift", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"],
                                    name="shift_signup_once_per_volunteer"),
            models.CheckConstraint(
                name="shift_signup_confirmed_has_hours",
                condition=~Q(status=ShiftSignUpStatus.CONFIRMED)
                | Q(hours__isnull=False, confirmed_at__isnull=False)),
            models.CheckConstraint(
                name="shift_signup_checkout_after_checkin",
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gte=F("checked_in_at"))),
        ]

    def __str__(self):
        return f"{self.shift} · {self.volunteer}"
