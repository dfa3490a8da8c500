"""Activities the community holds (clinics, talks, themed party days ...), who signed up for
them, who came, and the photos of the day."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, Audience, SignUpStatus
from gongzhi.organisations.models import CommunityRow


class Activity(CommunityRow):
    """An activity held on one occasion: a clinic, a talk, a themed party day, a clean-up ..."""

    title = models.CharField(_("活动名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=16, choices=ActivityKind.choices)
    description = models.TextField(_("活动内容"), blank=True)
    place = models.CharField(_("地点"), max_length=128)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(
        _("名额"), validators=[MinValueValidator(1), MaxValueValidator(5000)])
    audience = models.CharField(_("报名对象"), max_length=16, choices=Audience.choices,
                                default=Audience.EVERYONE)
    building = models.ForeignKey("places.Building", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("指定楼栋"))
    grid = models.ForeignKey("places.Grid", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("指定网格"))
    partner_units = models.ManyToManyField("organisations.PartnerUnit", blank=True,
                                           related_name="activities",
                                           verbose_name=_("协办共建单位"))
    project = models.ForeignKey("cobuilding.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="activities",
                                verbose_name=_("来源项目"))
    resource = models.ForeignKey("cobuilding.Resource", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="activities",
                                 verbose_name=_("来源资源"))
    status = models.CharField(_("状态"), max_length=16, choices=ActivityStatus.choices,
                              default=ActivityStatus.DRAFT)
    # participants who are registered volunteers earn service hours (a clean-up, a patrol);
    # at a talk or a clinic they are the audience
    counts_hours = models.BooleanField(_("参加者计入志愿服务时长"), default=False)
    # how long a place offered to the first on the waiting list is held for their answer
    offer_hours = models.PositiveSmallIntegerField(
        _("候补确认时限（小时）"), default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)])
    # part of what the check-in code signs: a new key makes every code shown before invalid
    checkin_key = models.CharField(_("签到码密钥"), max_length=32, blank=True, editable=False)
    report = models.TextField(_("活动小结"), blank=True)
    reported_at = models.DateTimeField(_("小结时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("组织人"))

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="activity_ends_after_start",
                                   condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(name="activity_capacity_positive",
                                   condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="activity_audience_place",
                condition=(~Q(audience=Audience.BUILDING) | Q(building__isnull=False))
                & (~Q(audience=Audience.GRID) | Q(grid__isnull=False))),
        ]

    def __str__(self):
        return self.title


class SignUp(CommunityRow):
    """A resident's sign-up for an activity: a place, or a place on the waiting list, and
    whether they came."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="signups",
                                 verbose_name=_("活动"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="activity_signups", verbose_name=_("居民"))
    status = models.CharField(_("状态"), max_length=16, choices=SignUpStatus.choices,
                              default=SignUpStatus.CONFIRMED)
    # staff who signed up a resident without a phone; the resident themself otherwise
    signed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("报名操作人"))
    offered_at = models.DateTimeField(_("递补时间"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("递补确认截止"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    # null when the resident checked in with the code shown at the door
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("代签到人"))
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        # the waiting list moves up in the order people signed up
        ordering = ["activity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"],
                                    condition=~Q(status=SignUpStatus.CANCELLED),
                                    name="activity_signup_once_per_person"),
            models.CheckConstraint(
                name="activity_signup_checkout_after_checkin",
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gte=F("checked_in_at"))),
        ]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self):
        return f"{self.activity} · {self.person}"


class ActivityPhoto(models.Model):
    """A photo taken at an activity, shown with its report."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="photos",
                                 verbose_name=_("活动"))
    file = models.FileField(_("照片"), upload_to="activities/photos/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    caption = models.CharField(_("说明"), max_length=128, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "pk"]

    def __str__(self):
        return self.caption or f"{self.activity} #{self.pk}"

    def scope_ids(self) -> dict:
        return self.activity.scope_ids()
