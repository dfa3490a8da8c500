"""Volunteers and their service hours: the profile, the append-only hours ledger and the
corrections volunteers ask for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering.choices import CorrectionStatus, EntryKind, VolunteerStatus
from gongzhi.organisations.models import CommunityRow


class Volunteer(CommunityRow):
    """A registered volunteer of a community: a resident (party members included), or a
    partner unit's staff member, who need not live there."""

    person = models.OneToOneField("people.Person", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="volunteer",
                                  verbose_name=_("居民"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="volunteer",
                                verbose_name=_("登录账号"))
    # the name of a partner unit's staff member who is not in the registry; a resident's name
    # is read from the registry (person.name)
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="volunteers",
                             verbose_name=_("所属共建单位"))
    skills = models.CharField(_("特长"), max_length=200, blank=True)
    availability = models.CharField(_("可服务时间"), max_length=200, blank=True)
    # activity kinds and post kinds the volunteer prefers (events / rota choices' values)
    preferred_kinds = models.JSONField(_("服务意向"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=VolunteerStatus.choices,
                              default=VolunteerStatus.APPLIED)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["community", "pk"]
        constraints = [
            models.CheckConstraint(
                name="volunteer_is_resident_or_partner_staff",
                condition=Q(person__isnull=False) | (Q(unit__isnull=False) & ~Q(name=""))),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.name


class HoursEntry(CommunityRow):
    """One row of a volunteer's service-hours ledger (志愿服务记录): the confirmed hours of one
    service, or a correction of them. Rows are only ever added: a correction is a new row that
    names the row it corrects, never a change to it."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT,
                                  related_name="hours_entries", verbose_name=_("志愿者"))
    kind = models.CharField(_("类型"), max_length=16, choices=EntryKind.choices)
    # actual time served, travel excluded; a correction may be negative
    hours = models.DecimalField(
        _("时长（小时）"), max_digits=6, decimal_places=1,
        validators=[MinValueValidator(-24), MaxValueValidator(24)])
    served_on = models.DateField(_("服务日期"), db_index=True)
    description = models.CharField(_("服务内容"), max_length=200)
    # the service: a shift taken on a post, or an activity that counts participants' hours
    shift_signup = models.ForeignKey("activities.ShiftSignUp", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="hours_entries",
                                     verbose_name=_("排班认领"))
    signup = models.ForeignKey("activities.SignUp", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="hours_entries",
                               verbose_name=_("活动报名"))
    # a service recorded by an app above activities, named by it ("care.visit:12"): such an app
    # hands its rows down by name rather than by a foreign key activities would have to know
    source = models.CharField(_("服务来源"), max_length=64, blank=True, default="")
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("更正的记录"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("确认人"))

    class Meta:
        verbose_name = _("服务时长记录")
        verbose_name_plural = _("服务时长记录")
        ordering = ["volunteer", "served_on", "pk"]
        constraints = [
            # one service is recorded once: a second confirmation cannot count it twice
            models.UniqueConstraint(fields=["shift_signup"], condition=Q(kind=EntryKind.SERVICE),
                                    name="hours_service_once_per_shift_signup"),
            models.UniqueConstraint(fields=["signup"], condition=Q(kind=EntryKind.SERVICE),
                                    name="hours_service_once_per_signup"),
            models.UniqueConstraint(fields=["source"],
                                    condition=Q(kind=EntryKind.SERVICE) & ~Q(source=""),
                                    name="hours_service_once_per_source"),
            models.CheckConstraint(
                name="hours_service_positive_with_one_source",
                condition=~Q(kind=EntryKind.SERVICE)
                | (Q(hours__gt=0, corrects__isnull=True)
                   & (Q(shift_signup__isnull=False, signup__isnull=True, source="")
                      | Q(shift_signup__isnull=True, signup__isnull=False, source="")
                      | (Q(shift_signup__isnull=True, signup__isnull=True) & ~Q(source=""))))),
            models.CheckConstraint(
                name="hours_correction_names_its_row",
                condition=~Q(kind=EntryKind.CORRECTION)
                | (Q(corrects__isnull=False) & ~Q(hours=0))),
        ]
        indexes = [models.Index(fields=["community", "served_on"])]

    def __str__(self):
        return f"{self.volunteer} {self.served_on} {self.hours}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("服务时长记录只能新增，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("服务时长记录只能新增，不能删除。"))


class HoursCorrection(CommunityRow):
    """A volunteer's request to correct the hours of one recorded service, and staff's
    decision; an approved request adds a correction row to the ledger."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT,
                                  related_name="hours_corrections", verbose_name=_("志愿者"))
    entry = models.ForeignKey(HoursEntry, on_delete=models.PROTECT,
                              related_name="correction_requests",
                              verbose_name=_("更正的记录"))
    # what the volunteer says the service's hours should be, all corrections included
    hours = models.DecimalField(
        _("应记时长（小时）"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)])
    reason = models.TextField(_("理由"))
    status = models.CharField(_("状态"), max_length=16, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("申请人"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    # the ledger row an approval added
    result = models.OneToOneField(HoursEntry, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="from_request", verbose_name=_("更正结果"))

    class Meta:
        verbose_name = _("时长更正申请")
        verbose_name_plural = _("时长更正申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(status=CorrectionStatus.PENDING),
                                    name="hours_correction_one_pending_per_entry"),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.entry.served_on} → {self.hours}"


class HoursCertificate(CommunityRow):
    """One issued service-record certificate (志愿服务记录证明): its serial number, the period
    and total it stated and who issued it, so that a printed copy can be verified."""

    serial = models.CharField(_("证明编号"), max_length=32, unique=True)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT,
                                  related_name="certificates", verbose_name=_("志愿者"))
    # the period the certificate covers; no start: from the first recorded service
    period_start = models.DateField(_("起始日期"), null=True, blank=True)
    period_end = models.DateField(_("截止日期"))
    total_hours = models.DecimalField(_("服务时长合计（小时）"), max_digits=8, decimal_places=1)
    service_count = models.PositiveIntegerField(_("服务次数"))
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("出具人"))

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.serial
