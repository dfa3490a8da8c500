"""Posts for in-service party members and their claims. The roll they draw on (organisations,
members, officers) lives in `organisations`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.choices import Category
from gongzhi.organisations.models import Member
from gongzhi.party.choices import ClaimStatus, PostStatus
from gongzhi.places.models import COMMUNITY_PATHS, CommunityRowModel


class Post(CommunityRowModel):
    """A post or task (岗位/任务) the community publishes for in-service party members."""

    title = models.CharField(_("岗位"), max_length=128)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    description = models.TextField(_("说明"), blank=True)
    place = models.CharField(_("地点"), max_length=128, blank=True)
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    slots = models.PositiveSmallIntegerField(
        _("名额"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    status = models.CharField(_("状态"), max_length=16, choices=PostStatus.choices,
                              default=PostStatus.OPEN)
    need = models.ForeignKey("cobuilding.Need", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="party_posts", verbose_name=_("来源需求"))
    source_case = models.ForeignKey("casework.Case", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="party_posts",
                                    verbose_name=_("来源诉求"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发布人"))

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("在职党员岗位")
        verbose_name_plural = _("在职党员岗位")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(name="party_post_slots_positive", condition=Q(slots__gte=1)),
            models.CheckConstraint(name="party_post_ends_after_start",
                                   condition=Q(end_time__isnull=True) | Q(start_time__isnull=True)
                                   | Q(end_time__gt=models.F("start_time"))),
        ]

    def __str__(self):
        return self.title

    def is_open(self) -> bool:
        return self.status == PostStatus.OPEN


class Claim(CommunityRowModel):
    """A member's claim of a post, and what the organiser confirmed they did.

    This row is the record of one service: a later volunteer service-hours ledger links to it
    one-to-one (its hours are the actual time served, confirmed by the organiser), rather than
    keeping a second count of the same hours.
    """

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="claims",
                             verbose_name=_("岗位"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="claims",
                               verbose_name=_("党员"))
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices,
                              default=ClaimStatus.CLAIMED)
    work_done = models.TextField(_("服务内容"), blank=True)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1, null=True,
                                blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(24)])
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("岗位认领")
        verbose_name_plural = _("岗位认领")
        ordering = ["post", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="party_claim_once_per_member"),
            models.CheckConstraint(
                name="party_claim_confirmed_has_hours",
                condition=~Q(status=ClaimStatus.CONFIRMED)
                | Q(hours__isnull=False, confirmed_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.post} · {self.member}"
