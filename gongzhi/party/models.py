"""Party organisations, party members (community and in-service), posts and claims.

A member's party status and its dates are sensitive (DOMAIN_RULES: party membership is treated
as sensitive personal data): they are stored encrypted in `status_encrypted` and only shown
after an audited read.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.choices import Category
from gongzhi.core.models import ScopedModel
from gongzhi.party.choices import (
    ClaimStatus,
    MemberKind,
    OfficerTitle,
    OrganisationKind,
    PostStatus,
)
from gongzhi.places.models import COMMUNITY_PATHS, CommunityRowModel


class Organisation(ScopedModel):
    """A party organisation: the street's working committee, a community committee, a general
    branch, a branch or a group. Street-level rows have no community."""

    kind = models.CharField(_("类型"), max_length=24, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("上级组织"))
    street = models.ForeignKey("places.Street", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("街道"))
    community = models.ForeignKey("places.Community", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    scope_paths = {"district": "street__district", "street": "street", "community": "community"}

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["street", "community", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "community", "name"],
                                    name="party_organisation_name_unique"),
        ]

    def __str__(self):
        return self.name

    def scope_ids(self) -> dict:
        return {"district_id": self.street.district_id, "street_id": self.street_id,
                "community_id": self.community_id}


class Member(CommunityRowModel):
    """A party member (or someone on the way to membership) registered with a community.

    One row per person. Community members hold their membership in one of the community's
    branches; in-service members (在职党员, 双报到) hold it at their work unit and report to the
    community where they live.
    """

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT,
                                  related_name="party_member", verbose_name=_("居民"))
    kind = models.CharField(_("类别"), max_length=16, choices=MemberKind.choices,
                            default=MemberKind.COMMUNITY)
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="members",
                                     verbose_name=_("所在党组织"))
    group = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="group_members", verbose_name=_("党小组"))
    # {"status": ..., "applied_on": "YYYY-MM-DD", ..., "full_on": ...}, encrypted (core.crypto)
    status_encrypted = models.TextField(_("政治面貌（加密）"), blank=True, editable=False)
    # in-service members (双报到)
    work_unit_name = models.CharField(_("工作单位"), max_length=64, blank=True)
    partner_unit = models.ForeignKey("cobuilding.PartnerUnit", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="party_members",
                                     verbose_name=_("共建单位"))
    unit_party_organisation = models.CharField(_("单位党组织"), max_length=64, blank=True)
    skills = models.CharField(_("特长"), max_length=200, blank=True)
    preferred_categories = models.JSONField(_("服务意向"), default=list, blank=True)
    grid = models.ForeignKey("places.Grid", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("所在网格"))
    registered_on = models.DateField(_("报到日期"), null=True, blank=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "grid"}

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["community", "person__name", "pk"]

    def __str__(self):
        return self.person.name

    def preferred_category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in self.preferred_categories if c in labels]


class Officer(ScopedModel):
    """One officer post (书记, 委员 ...) of an organisation, held by a person for a term."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="officers", verbose_name=_("党组织"))
    title = models.CharField(_("职务"), max_length=24, choices=OfficerTitle.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("居民"))
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="offices", verbose_name=_("党员"))
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"), null=True, blank=True)

    scope_paths = {"district": "organisation__street__district",
                   "street": "organisation__street", "community": "organisation__community"}

    class Meta:
        verbose_name = _("党组织委员")
        verbose_name_plural = _("党组织委员")
        ordering = ["organisation", "title", "-term_start"]
        constraints = [
            models.CheckConstraint(name="party_officer_is_someone",
                                   condition=Q(person__isnull=False) | Q(member__isnull=False)),
            models.CheckConstraint(name="party_officer_term_ends_after_start",
                                   condition=Q(term_end__isnull=True)
                                   | Q(term_end__gte=models.F("term_start"))),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_title_display()} · {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.member.person.name if self.member_id else self.person.name

    def is_current_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)

    def scope_ids(self) -> dict:
        return self.organisation.scope_ids()


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
