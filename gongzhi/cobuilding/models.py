from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.choices import (
    MatchStatus,
    NeedStatus,
    ProjectStatus,
    ResourceKind,
    Urgency,
)
from gongzhi.organisations.choices import Category
from gongzhi.organisations.models import CommunityRow, Member, PartnerUnit


class Need(CommunityRow):
    """A need (需求) of the community that a partner unit or party member could meet."""

    title = models.CharField(_("需求"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    affected = models.CharField(_("受益对象"), max_length=128, blank=True,
                                help_text=_("例如：某楼栋、60岁以上独居老人"))
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices,
                               default=Urgency.MEDIUM)
    people_count = models.PositiveIntegerField(_("预计人数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=NeedStatus.choices,
                              default=NeedStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("提出人"))
    # A need that came out of a resident request: the request lists its needs (case.needs).
    source_case = models.ForeignKey("casework.Case", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="needs",
                                    verbose_name=_("来源诉求"))
    close_reason = models.CharField(_("关闭原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN


class Resource(CommunityRow):
    """A resource (资源) a partner unit or a party member offers the community: a clinic, a
    talk, a venue, a member's professional skill ..."""

    unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, related_name="resources",
                             null=True, blank=True, verbose_name=_("提供单位"))
    # A party member on the community's roll who offers the resource; their page and 我的报到
    # list it, and matching counts their past projects.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="resources", verbose_name=_("提供党员"))
    # Kept for a party member who has no record on the roll yet (e.g. registered elsewhere):
    # their name only. Migration 0004 linked the names that matched one member unambiguously.
    offered_by_member = models.CharField(_("提供党员（未登记）"), max_length=64, blank=True)
    title = models.CharField(_("资源"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    kind = models.CharField(_("形式"), max_length=16, choices=ResourceKind.choices)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    capacity = models.PositiveIntegerField(_("每次可服务人数"), null=True, blank=True)
    available_from = models.DateField(_("可提供起"), null=True, blank=True)
    available_until = models.DateField(_("可提供至"), null=True, blank=True)
    is_active = models.BooleanField(_("在供"), default=True)

    class Meta:
        verbose_name = _("资源")
        verbose_name_plural = _("资源")
        ordering = ["unit__name", "title"]
        constraints = [models.CheckConstraint(
            name="resource_offered_by_unit_or_member",
            condition=Q(unit__isnull=False) | Q(member__isnull=False)
            | ~Q(offered_by_member=""))]

    def __str__(self):
        return f"{self.provider_name} · {self.title}"

    @property
    def provider_name(self) -> str:
        if self.unit_id:
            return self.unit.name
        if self.member_id:
            return self.member.person.name
        return self.offered_by_member

    @property
    def provider_key(self) -> tuple[str, int] | None:
        """Who offers it, for counting past performance: ("unit", id) or ("member", id)."""
        if self.unit_id:
            return ("unit", self.unit_id)
        if self.member_id:
            return ("member", self.member_id)
        return None

    def is_available_on(self, day) -> bool:
        return (self.is_active and (self.available_from is None or self.available_from <= day)
                and (self.available_until is None or day <= self.available_until))


class Match(CommunityRow):
    """Staff's proposal that a resource meets a need, and the unit's answer to it."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches",
                             verbose_name=_("需求"))
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="matches",
                                 verbose_name=_("资源"))
    score = models.DecimalField(_("匹配度"), max_digits=4, decimal_places=3,
                                validators=[MinValueValidator(0), MaxValueValidator(1)])
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=MatchStatus.choices,
                              default=MatchStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("确认人"))
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("回复人"))
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    response_note = models.CharField(_("回复说明"), max_length=200, blank=True)
    # The project this match feeds: set when staff plan it into a project, or on acceptance.
    project = models.ForeignKey("Project", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="matches", verbose_name=_("项目"))

    class Meta:
        verbose_name = _("匹配")
        verbose_name_plural = _("匹配")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["need", "resource"],
                                               name="match_once_per_need_and_resource")]

    def __str__(self):
        return f"{self.need} ← {self.resource}"


class Project(CommunityRow):
    """A project (项目) that meets one or more needs with one or more resources."""

    title = models.CharField(_("项目名称"), max_length=128)
    needs = models.ManyToManyField(Need, related_name="projects", verbose_name=_("需求"))
    resources = models.ManyToManyField(Resource, related_name="projects",
                                       verbose_name=_("资源"))
    lead_unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, related_name="projects",
                                  null=True, blank=True, verbose_name=_("牵头单位"))
    lead_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("牵头人"))
    plan = models.TextField(_("实施计划"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.RUNNING)
    result = models.TextField(_("成效"), blank=True)
    evaluation = models.TextField(_("居民评价"), blank=True)
    summary = models.TextField(_("公开摘要"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(
            name="project_led_by_unit_or_user",
            condition=Q(lead_unit__isnull=False) | Q(lead_user__isnull=False))]

    def __str__(self):
        return self.title

    @property
    def lead_name(self) -> str:
        return self.lead_unit.name if self.lead_unit_id else str(self.lead_user)


class Milestone(CommunityRow):
    """One step of a project's plan, with its due date and whether it is done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones",
                                verbose_name=_("项目"))
    title = models.CharField(_("节点"), max_length=128)
    due_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Evaluation(CommunityRow):
    """One resident's rating (1–5) and comment on a finished project; one per resident."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evaluations",
                                verbose_name=_("项目"))
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("评价居民"))
    rating = models.PositiveSmallIntegerField(
        _("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("居民评价")
        verbose_name_plural = _("居民评价")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "resident"],
                                    name="evaluation_once_per_resident"),
            models.CheckConstraint(name="evaluation_rating_1_to_5",
                                   condition=Q(rating__gte=1, rating__lte=5)),
        ]

    def __str__(self):
        return f"{self.project} · {self.rating}"


class ProgressReport(CommunityRow):
    """One progress report on a project, with an optional photo."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("项目"))
    text = models.TextField(_("进展"))
    photo = models.ImageField(_("照片"), upload_to="cobuilding/%Y/%m/", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("填报人"))

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:30]
