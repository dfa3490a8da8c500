"""Organisations the domain apps share: partner units (共建单位) with their contacts' logins
and co-building agreements, and the party roll (organisations as a tree, members, officers).

They sit below notifications, casework, co-building and party, so that each of those can refer
to a unit or a member without importing another domain app. A member's party status and its
dates are sensitive (DOMAIN_RULES: party membership is treated as sensitive personal data):
they are stored encrypted in `status_encrypted` and only shown after an audited read.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import ScopedModel
from gongzhi.organisations.choices import (
    Cadence,
    Category,
    MemberKind,
    OfficerTitle,
    OrganisationKind,
    UnitKind,
)
from gongzhi.places.models import COMMUNITY_PATHS, CommunityRowModel


class CommunityRow(ScopedModel):
    """Abstract: a row that belongs to one community (and so to its street and district).

    Unlike places' CommunityRowModel, deleting a community is refused while such rows exist
    (PROTECT) and the community gets no reverse accessor: co-building's tables were created so.
    """

    community = models.ForeignKey("places.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))

    scope_paths = COMMUNITY_PATHS

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
        # The table keeps the name it had in cobuilding (moved without copying a row).
        db_table = "cobuilding_partnerunit"
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
        db_table = "cobuilding_partnercontact"
        verbose_name = _("共建单位联络人账号")
        verbose_name_plural = _("共建单位联络人账号")

    def __str__(self):
        return f"{self.user} · {self.unit}"


class Agreement(CommunityRow):
    """A co-building agreement between the community and one partner unit, for a term."""

    unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, related_name="agreements",
                             verbose_name=_("共建单位"))
    title = models.CharField(_("协议名称"), max_length=128)
    community_liaison = models.CharField(_("社区联络人"), max_length=32, blank=True)
    unit_liaison = models.CharField(_("单位联络人"), max_length=32, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("到期日期"))
    commitments = models.TextField(_("共建承诺"), blank=True,
                                   help_text=_("其他承诺或补充说明"))
    venue = models.CharField(_("场地"), max_length=200, blank=True)
    staff_days = models.PositiveIntegerField(_("人力（人·天/年）"), null=True, blank=True)
    money = models.DecimalField(_("资金（元/年）"), max_digits=12, decimal_places=2, null=True,
                                blank=True, validators=[MinValueValidator(0)])
    expertise = models.CharField(_("专业支持"), max_length=200, blank=True)
    supplies = models.CharField(_("物资"), max_length=200, blank=True)
    cadence = models.CharField(_("联席会议频次"), max_length=16, choices=Cadence.choices,
                               default=Cadence.QUARTERLY)
    reviewed_on = models.DateField(_("最近评估日期"), null=True, blank=True)
    review_note = models.TextField(_("评估意见"), blank=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="renewal", verbose_name=_("续签自"))
    expiry_reminded_on = models.DateField(_("到期提醒日期"), null=True, blank=True)

    class Meta:
        db_table = "cobuilding_agreement"
        verbose_name = _("共建协议")
        verbose_name_plural = _("共建协议")
        ordering = ["ends_on"]
        constraints = [models.CheckConstraint(name="agreement_ends_after_start",
                                              condition=Q(ends_on__gt=models.F("starts_on")))]

    def __str__(self):
        return self.title

    def commitment_list(self) -> list[tuple[str, str]]:
        """(label, value) of the commitments that are filled in, for display."""
        names = ["venue", "staff_days", "money", "expertise", "supplies", "commitments"]
        return [(str(self._meta.get_field(name).verbose_name), str(getattr(self, name)))
                for name in names if getattr(self, name) not in (None, "")]

    def is_expiring(self, today, days: int = 30) -> bool:
        return today <= self.ends_on <= today + timedelta(days=days)


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
        # The party roll's tables keep the names they had in party (moved without copying).
        db_table = "party_organisation"
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
    partner_unit = models.ForeignKey(PartnerUnit, null=True, blank=True,
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
        db_table = "party_member"
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
        db_table = "party_officer"
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
