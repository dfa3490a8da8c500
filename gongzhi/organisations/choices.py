"""Choices shared by the apps above: the service categories (needs, resources, posts,
in-service members' preferences), partner units and their agreements, the party roll."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Service categories of the needs list (common practice for 在职党员 posts)."""

    PARTY = "party", _("组织建设")
    LEGAL = "legal", _("法律服务")
    HARDSHIP = "hardship", _("帮困就业")
    GOVERNANCE = "governance", _("社区治理")
    HEALTH = "health", _("医疗健康")
    CULTURE = "culture", _("文体教育")
    SAFETY = "safety", _("平安建设")
    OTHER = "other", _("其他")


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    HEALTH = "health", _("医院/卫生服务中心")
    BANK = "bank", _("银行")
    STATE_COMPANY = "state_company", _("国有企业")
    BUREAU = "bureau", _("政府部门")
    POLICE = "police", _("派出所")
    PARK = "park", _("公园")
    SHOP = "shop", _("商场/商户")
    SOCIAL = "social", _("社会组织")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


class OrganisationKind(models.TextChoices):
    """The levels of the party organisation tree, top down."""

    STREET_COMMITTEE = "street_committee", _("街道党工委")
    COMMUNITY_COMMITTEE = "community_committee", _("社区党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    GROUP = "group", _("党小组")


# Which kind may sit under which: a group only under a branch, a branch under a general branch
# or straight under the community committee.
ALLOWED_PARENTS = {
    OrganisationKind.STREET_COMMITTEE: set(),
    OrganisationKind.COMMUNITY_COMMITTEE: {OrganisationKind.STREET_COMMITTEE},
    OrganisationKind.GENERAL_BRANCH: {OrganisationKind.COMMUNITY_COMMITTEE},
    OrganisationKind.BRANCH: {OrganisationKind.COMMUNITY_COMMITTEE,
                              OrganisationKind.GENERAL_BRANCH},
    OrganisationKind.GROUP: {OrganisationKind.BRANCH},
}
# Organisations that hold members' party membership (a group only organises them).
HOLDING_KINDS = {OrganisationKind.COMMUNITY_COMMITTEE, OrganisationKind.GENERAL_BRANCH,
                 OrganisationKind.BRANCH}


class OfficerTitle(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    ORGANISATION = "organisation", _("组织委员")
    PUBLICITY = "publicity", _("宣传委员")
    DISCIPLINE = "discipline", _("纪检委员")
    MEMBER = "member", _("委员")
    GROUP_LEADER = "group_leader", _("党小组组长")


class MemberStatus(models.TextChoices):
    """The steps towards membership (DOMAIN_RULES: party organisations); sensitive."""

    APPLICANT = "applicant", _("申请人")
    ACTIVIST = "activist", _("积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


# The date that goes with each status, in the encrypted status record.
STATUS_DATE_KEYS = {
    MemberStatus.APPLICANT: "applied_on",
    MemberStatus.ACTIVIST: "activist_on",
    MemberStatus.CANDIDATE: "candidate_on",
    MemberStatus.PROBATIONARY: "probationary_on",
    MemberStatus.FULL: "full_on",
}
# Statuses that make a person a party member (people.Person's party_member flag).
PARTY_MEMBER_STATUSES = {MemberStatus.PROBATIONARY, MemberStatus.FULL}


class MemberKind(models.TextChoices):
    COMMUNITY = "community", _("社区党员")
    IN_SERVICE = "in_service", _("在职党员（双报到）")
