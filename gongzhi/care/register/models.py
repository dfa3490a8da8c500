"""The care register (结对帮扶): households in difficulty, their care plan, and the helpers
paired with them.

What makes a household one in difficulty, its needs and the help it needs are sensitive
personal data (health, income, disability): they live encrypted in `profile_encrypted`
(core.crypto) and are read only through register.services, each full read audited."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.care.register.choices import HelperKind, HouseholdStatus, PairingStatus
from gongzhi.organisations.models import CommunityRow


class CareHousehold(CommunityRow):
    """A household in difficulty: the resident it is registered under (the person helped;
    their flat and household come from the registry) and its care plan."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="care_records", verbose_name=_("帮扶对象"))
    # {"kinds": [Difficulty...], "details": str, "needs": str, "help": str}, encrypted
    profile_encrypted = models.TextField(_("困难情况（加密）"), blank=True, editable=False)
    # the care plan's visit frequency: a visit at least every so many days
    visit_every_days = models.PositiveSmallIntegerField(
        _("走访周期（天）"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)])
    status = models.CharField(_("状态"), max_length=16, choices=HouseholdStatus.choices,
                              default=HouseholdStatus.ACTIVE)
    registered_on = models.DateField(_("纳入日期"))
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    closed_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("登记人"))
    # the due date its helpers and staff were last reminded of (care.visits' reminders job
    # claims a household by a conditional update of this, so each due date is told once)
    reminded_for = models.DateField(_("已提醒的走访到期日"), null=True, blank=True,
                                    editable=False)

    class Meta:
        verbose_name = _("帮扶对象")
        verbose_name_plural = _("帮扶对象")
        ordering = ["community", "pk"]
        constraints = [
            # one open care record per person
            models.UniqueConstraint(fields=["person"], condition=Q(status=HouseholdStatus.ACTIVE),
                                    name="care_household_one_active_per_person"),
        ]

    def __str__(self):
        return str(_("帮扶对象 #%(number)s") % {"number": self.pk})


class Pairing(CommunityRow):
    """A helper paired with a household (结对): a party member, a volunteer (a resident or a
    partner unit's staff member) or a partner unit as a whole (a school's branch, the bank),
    from a start to an end, with the goals agreed."""

    household = models.ForeignKey(CareHousehold, on_delete=models.PROTECT,
                                  related_name="pairings", verbose_name=_("帮扶对象"))
    helper_kind = models.CharField(_("帮扶人类型"), max_length=16, choices=HelperKind.choices)
    member = models.ForeignKey("organisations.Member", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="care_pairings",
                               verbose_name=_("党员"))
    volunteer = models.ForeignKey("activities.Volunteer", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="care_pairings",
                                  verbose_name=_("志愿者"))
    unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="care_pairings",
                             verbose_name=_("共建单位"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    goals = models.TextField(_("帮扶目标"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=PairingStatus.choices,
                              default=PairingStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("结对登记人"))

    class Meta:
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        ordering = ["household", "pk"]
        constraints = [
            models.CheckConstraint(
                name="care_pairing_names_its_helper",
                condition=(Q(helper_kind=HelperKind.MEMBER, member__isnull=False,
                             volunteer__isnull=True, unit__isnull=True)
                           | Q(helper_kind=HelperKind.VOLUNTEER, member__isnull=True,
                               volunteer__isnull=False, unit__isnull=True)
                           | Q(helper_kind=HelperKind.UNIT, member__isnull=True,
                               volunteer__isnull=True, unit__isnull=False))),
            models.CheckConstraint(name="care_pairing_ends_after_start",
                                   condition=Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on"))),
        ]

    def __str__(self):
        return f"{self.household} · {self.helper_name}"

    @property
    def helper_name(self) -> str:
        """The helper's display name (a unit's name; a person's registry name)."""
        if self.helper_kind == HelperKind.MEMBER:
            return self.member.person.name
        if self.helper_kind == HelperKind.VOLUNTEER:
            return self.volunteer.display_name
        return self.unit.name
