"""The state machines of care records and pairings, as data: the statuses each action may
start from, and the refusal a wrong status gives. Read only by register/rules.py."""

from django.utils.translation import gettext_lazy as _

from gongzhi.care.register.choices import HouseholdStatus, PairingStatus
from gongzhi.core.errors import Conflict


class HouseholdClosed(Conflict):
    code = "care_household_closed"
    default_message = _("该帮扶对象的帮扶已结束。")


class PairingEnded(Conflict):
    code = "care_pairing_ended"
    default_message = _("该结对已结束。")


HOUSEHOLD_ALLOWED_FROM = {
    "edit": {HouseholdStatus.ACTIVE},
    "pair": {HouseholdStatus.ACTIVE},
    "close": {HouseholdStatus.ACTIVE},
    "reopen": {HouseholdStatus.CLOSED},
    "visit": {HouseholdStatus.ACTIVE},
}
PAIRING_ALLOWED_FROM = {
    "end": {PairingStatus.ACTIVE},
}
