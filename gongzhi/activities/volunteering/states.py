"""The state machines of volunteer profiles and correction requests, as data: the statuses each
action may start from, and the refusal a wrong status gives.

Read only by volunteering/rules.py; services, templates and the API ask the rules."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.core.errors import Conflict


class VolunteerStatusRefused(Conflict):
    """The profile is not in a status from which this change may be made."""

    code = "volunteer_status_refused"
    default_message = _("志愿者当前状态下不能进行此操作。")


class CorrectionDecided(Conflict):
    """The correction request has been decided already."""

    code = "correction_decided"
    default_message = _("该更正申请已审核。")


class CorrectionNotOpen(Conflict):
    """The ledger row cannot take a correction request now (one is pending, or it is not a
    recorded service)."""

    code = "correction_not_open"
    default_message = _("这条记录已有待审核的更正申请，或不能申请更正。")


# volunteer action -> the statuses it may start from
VOLUNTEER_ALLOWED_FROM = {
    "confirm": {VolunteerStatus.APPLIED},
    "suspend": {VolunteerStatus.APPLIED, VolunteerStatus.ACTIVE},
    "reinstate": {VolunteerStatus.SUSPENDED},
}
# correction request action -> the statuses it may start from
CORRECTION_ALLOWED_FROM = {
    "approve": {CorrectionStatus.PENDING},
    "reject": {CorrectionStatus.PENDING},
}
