import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.casework.choices import (
    NEVER_PUBLIC_GROUPS,
    OPEN_STATUSES,
    CategoryGroup,
    Channel,
    DayKind,
    Status,
    StepAction,
    Urgency,
)
from gongzhi.places.models import COMMUNITY_PATHS, Building, CommunityRowModel, Unit

CASE_PATHS = {**COMMUNITY_PATHS, "grid": "building__grid"}


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday or a make-up working day."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Category(CommunityRowModel):
    """A kind of request a community handles, with its default handler and time limits."""

    name = models.CharField(_("名称"), max_length=64)
    group = models.CharField(_("类别组"), max_length=16, choices=CategoryGroup.choices)
    default_handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("默认承办人"))
    accept_days = models.PositiveSmallIntegerField(
        _("接单时限（工作日）"), default=1, validators=[MinValueValidator(1),
                                                  MaxValueValidator(30)])
    resolve_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), default=7, validators=[MinValueValidator(1),
                                                  MaxValueValidator(60)])
    # Urgent kinds (a burst pipe, a power cut, someone who cannot get out) have limits in
    # hours. Hours run on the clock, not on the working-day calendar: a pipe that bursts on a
    # Saturday night must not wait for Monday, and the 12345 hotline counts its urgent orders
    # in clock hours too. Set, they replace the working days of the same stage.
    accept_hours = models.PositiveSmallIntegerField(
        _("接单时限（小时）"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text=_("填写后按自然小时计算（不看节假日），代替接单工作日时限。"))
    resolve_hours = models.PositiveSmallIntegerField(
        _("办理时限（小时）"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("填写后按自然小时计算（不看节假日），代替办理工作日时限。"))
    is_public = models.BooleanField(_("办结后可公开"), default=False,
                                    help_text=_("纠纷和个人事项永不公开。"))

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["community", "group", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"],
                                               name="case_category_name_per_community")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.is_public and self.group in NEVER_PUBLIC_GROUPS:
            raise ValidationError({"is_public": _("纠纷和个人事项不能公开。")})

    @property
    def may_be_public(self) -> bool:
        return self.is_public and self.group not in NEVER_PUBLIC_GROUPS

    def accept_deadline(self, start):
        from gongzhi.casework.calendar import deadline_after  # lazy: calendar imports this module

        return deadline_after(start, working_days=self.accept_days, hours=self.accept_hours)

    def resolve_deadline(self, start):
        from gongzhi.casework.calendar import deadline_after  # lazy: calendar imports this module

        return deadline_after(start, working_days=self.resolve_days, hours=self.resolve_hours)

    def limit_text(self, stage: str) -> str:
        """'2 小时' or '3 个工作日': the limit of a stage ("accept" or "resolve") as shown."""
        hours = self.accept_hours if stage == "accept" else self.resolve_hours
        if hours:
            return _("%(n)s 小时") % {"n": hours}
        days = self.accept_days if stage == "accept" else self.resolve_days
        return _("%(n)s 个工作日") % {"n": days}


class Case(CommunityRowModel):
    """A resident request (诉求): one problem reported once, from intake to follow-up."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name=_("类别"))
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name=_("楼栋"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("单元"))
    description = models.TextField(_("问题描述"), max_length=2000)
    channel = models.CharField(_("来源"), max_length=16, choices=Channel.choices)
    external_ref = models.CharField(_("12345 工单号"), max_length=64, blank=True)
    reporter = models.ForeignKey("people.Person", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="cases",
                                 verbose_name=_("反映人"))
    reporter_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="reported_cases",
                                      verbose_name=_("反映人账号"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("登记人"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices,
                              default=Status.NEW, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_cases",
                                verbose_name=_("承办人"))
    # dispatched to a partner unit instead of a person: its contacts accept, return or answer
    # in a narrow view without the residents' personal data (see selectors.partner_cases)
    partner_unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="cases",
                                     verbose_name=_("承办共建单位"))
    due_at = models.DateTimeField(_("本阶段时限"), null=True, blank=True)
    accept_due_at = models.DateTimeField(_("接单时限"), null=True, blank=True, editable=False,
                                         help_text=_("登记时按类别算出，供响应率使用。"))
    reminded_due_at = models.DateTimeField(_("已提醒的期限"), null=True, blank=True, editable=False)
    is_escalated = models.BooleanField(_("已吹哨上报街道"), default=False)
    answer = models.TextField(_("办理结果"), blank=True)
    is_solved = models.BooleanField(_("已解决"), null=True, blank=True)
    is_satisfied = models.BooleanField(_("满意"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    unreasonable_reason = models.TextField(_("不合理诉求理由"), blank=True)
    is_unreasonable = models.BooleanField(_("经街道认定为不合理诉求"), default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged_cases", verbose_name=_("合并到"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    scope_paths = CASE_PATHS

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.category.name} · {self.building.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_proactive(self) -> bool:
        """未诉先办: found by a grid worker on patrol before anyone complained."""
        return self.channel == Channel.PATROL

    @property
    def stage_hours(self) -> int | None:
        """The current stage's limit in clock hours, or None when it runs in working days."""
        if self.status in (Status.NEW, Status.DISPATCHED, Status.RETURNED):
            return self.category.accept_hours
        return self.category.resolve_hours

    def warning_window(self, window: datetime.timedelta) -> datetime.timedelta:
        """How long before the deadline to warn (yellow, reminder): `window`, but at most half
        of an hour-based limit, else a two-hour emergency would be yellow from the start."""
        hours = self.stage_hours
        if hours:
            return min(window, datetime.timedelta(hours=hours) / 2)
        return window

    def urgency(self, now=None) -> str:
        if self.due_at is None or not self.is_open:
            return Urgency.NONE
        now = now or timezone.now()
        if now > self.due_at:
            return Urgency.RED
        if self.due_at - now <= self.warning_window(settings.CASEWORK_NEARLY_DUE):
            return Urgency.YELLOW
        return Urgency.GREEN


class CaseStep(CommunityRowModel):
    """One recorded step of a request: who moved it from which status to which, when, why."""

    case = models.ForeignKey(Case, verbose_name=_("诉求"), on_delete=models.CASCADE,
                             related_name="steps")
    action = models.CharField(_("操作"), max_length=24, choices=StepAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True,
                                blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    partner_unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("共建单位"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "case__building__grid"}

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        # the request by its number: naming it in full would load it (an audit page names many)
        return f"#{self.case_id} · {self.get_action_display()}"


class CasePhoto(CommunityRowModel):
    """A photo attached when reporting or answering; served only through a checked view."""

    case = models.ForeignKey(Case, verbose_name=_("诉求"), on_delete=models.CASCADE,
                             related_name="photos")
    step = models.ForeignKey(CaseStep, verbose_name=_("步骤"), null=True, on_delete=models.SET_NULL,
                             related_name="photos")
    file = models.FileField(_("文件"), upload_to="casework/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    scope_paths = {**COMMUNITY_PATHS, "grid": "case__building__grid"}

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["created_at", "pk"]
