from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.choices import (
    Cadence,
    Category,
    MatchStatus,
    NeedStatus,
    ProjectStatus,
    ResourceKind,
    UnitKind,
    Urgency,
)
from gongzhi.core.models import ScopedModel

COMMUNITY_SCOPE = {"district": "community__district", "street": "community__street",
                   "community": "community"}


class CommunityRow(ScopedModel):
    """Abstract: a row that belongs to one community (and so to its street and district)."""

    community = models.ForeignKey("places.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))

    scope_paths = COMMUNITY_SCOPE

    class Meta:
        abstract = True

    def scope_ids(self) -> dict:
        return {"community_id": self.community_id, "street_id": self.community.street_id,
                "district_id": self.community.district_id}


class PartnerUnit(CommunityRow):
    """An institution in the community's area that co-builds with it (机团单位 / 共建单位)."""

    name = models.CharField(_("单位名称"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    party_organisation = models.CharField(_("单位党组织"), max_length=64, blank=True)
    liaison_name = models.CharField(_("联络人"), max_length=32, blank=True)
    liaison_phone = models.CharField(_("联络电话"), max_length=20, blank=True)
    offers = models.TextField(_("可提供的支持"), blank=True)

    class Meta:
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"],
                                               name="partner_unit_name_unique_in_community")]

    def __str__(self):
        return self.name


class PartnerContact(models.Model):
    """Binds a login with the partner_contact role to the one unit whose data it may see.

    The role assignment says in which community; this row says for which unit. A contact
    without this row sees nothing of any unit.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="partner_contact", verbose_name=_("用户"))
    unit = models.ForeignKey(PartnerUnit, on_delete=models.CASCADE, related_name="contacts",
                             verbose_name=_("共建单位"))

    class Meta:
        verbose_name = _("共建单位联络人账号")
        verbose_name_plural = _("共建单位联络人账号")

    def __str__(self):
        return f"{self.user} · {self.unit}"


class Agreement(CommunityRow):
    """A co-building agreement between the community and one partner unit, for a term."""

    unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, related_name="agreements",
                             verbose_name=_("共建单位"))
    title = models.CharField(_("协议名称"), max_length=128)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("到期日期"))
    commitments = models.TextField(_("共建承诺"), help_text=_("场地、人力、资金、专业、物资等"))
    cadence = models.CharField(_("联席会议频次"), max_length=16, choices=Cadence.choices,
                               default=Cadence.QUARTERLY)
    expiry_reminded_on = models.DateField(_("到期提醒日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("共建协议")
        verbose_name_plural = _("共建协议")
        ordering = ["ends_on"]
        constraints = [models.CheckConstraint(name="agreement_ends_after_start",
                                              condition=Q(ends_on__gt=models.F("starts_on")))]

    def __str__(self):
        return self.title


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

    class Meta:
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN


class Resource(CommunityRow):
    """A resource (资源) a partner unit offers the community: a clinic, a talk, a venue ..."""

    unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, related_name="resources",
                             verbose_name=_("提供单位"))
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

    def __str__(self):
        return f"{self.unit} · {self.title}"

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
                                  verbose_name=_("牵头单位"))
    plan = models.TextField(_("实施计划"), blank=True)
    milestones = models.TextField(_("节点"), blank=True, help_text=_("每行一个节点"))
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

    def __str__(self):
        return self.title

    def milestone_list(self) -> list[str]:
        return [line.strip() for line in self.milestones.splitlines() if line.strip()]


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
