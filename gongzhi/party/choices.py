from django.db import models
from django.utils.translation import gettext_lazy as _


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


class PostStatus(models.TextChoices):
    OPEN = "open", _("招募中")
    CLOSED = "closed", _("已截止")
    DONE = "done", _("已完成")


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("已认领")
    CONFIRMED = "confirmed", _("已确认")
