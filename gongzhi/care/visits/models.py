"""Visits to households in difficulty: who went, when, what they found and gave, and what
needs following up. What was found can hold health and money matters: it is encrypted like
the household's profile and read through the audited full read."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.visits.choices import FollowUpStatus, VisitKind
from gongzhi.organisations.models import CommunityRow


class Visit(CommunityRow):
    household = models.ForeignKey(CareHousehold, on_delete=models.PROTECT,
                                  related_name="visits", verbose_name=_("帮扶对象"))
    # the pairing the visit was made under; none when staff visited themselves
    pairing = models.ForeignKey(Pairing, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="visits", verbose_name=_("结对"))
    kind = models.CharField(_("方式"), max_length=16, choices=VisitKind.choices,
                            default=VisitKind.HOME)
    visited_on = models.DateField(_("走访日期"), db_index=True)
    # who went, as the page shows them (display names; the login that recorded it is below)
    visitors = models.CharField(_("走访人"), max_length=200)
    # {"found": str}, encrypted: what the visitor found (health, money, housing)
    found_encrypted = models.TextField(_("走访情况（加密）"), blank=True, editable=False)
    given = models.CharField(_("送去的物品或帮助"), max_length=200, blank=True)
    follow_up = models.CharField(_("需跟进事项"), max_length=500, blank=True)
    follow_up_status = models.CharField(_("跟进状态"), max_length=16, blank=True,
                                        choices=FollowUpStatus.choices, default=FollowUpStatus.NONE)
    # a follow-up becomes a resident request or a co-building need: linked, not copied
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("转办的诉求"))
    need = models.ForeignKey("cobuilding.Need", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("转入的需求"))
    photo = models.FileField(_("照片"), upload_to="care/visits/%Y/%m/", blank=True)
    # the time the visit took, which may count as the visitor's service hours once confirmed
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=4, decimal_places=1, null=True,
                                blank=True, validators=[MinValueValidator(0),
                                                        MaxValueValidator(12)])
    hours_entry = models.OneToOneField("activities.HoursEntry", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("服务时长记录"))
    # a festival campaign's visit to one of its households
    campaign_target = models.OneToOneField("care.CampaignHousehold", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="visit",
                                           verbose_name=_("慰问活动对象"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["household", "visited_on"])]
        constraints = [
            models.CheckConstraint(name="care_visit_one_follow_up_link",
                                   condition=Q(case__isnull=True) | Q(need__isnull=True)),
        ]

    def __str__(self):
        return str(_("走访 %(date)s") % {"date": self.visited_on})
