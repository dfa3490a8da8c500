"""The state tables of duty, as data: from which statuses each action may start.

Read only by the rules (duty/rules.py), which combine them with who may act; services,
templates and the API ask the rules (`require`, `{% has_perm %}`, `open_actions`), never these
tables or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.duty.choices import SwapKind, SwapStatus
from gongzhi.activities.rota.choices import PostKind, ShiftSignUpStatus
from gongzhi.core.errors import Conflict


class SwapClosed(Conflict):
    """The request is no longer open: taken, accepted, declined or withdrawn meanwhile."""

    code = "swap_closed"
    default_message = _("该申请已处理或已撤回。")


class SignUpStarted(Conflict):
    """The shift has been checked in to or confirmed: it can no longer change hands."""

    code = "signup_started"
    default_message = _("该班次已签到或已确认，不能再换班或替班。")


class SwapAlreadyOpen(Conflict):
    code = "swap_already_open"
    default_message = _("该班次已有一个待处理的替班或换班申请。")


class NotPatrol(Conflict):
    code = "not_patrol"
    default_message = _("只有巡查岗位的班次可以记录巡查发现。")


class FindingConverted(Conflict):
    code = "finding_converted"
    default_message = _("该巡查发现已转为诉求。")


# a sign-up may change hands (cover or swap) while it is only taken: not checked in, not
# confirmed (ShiftSignUp.checked_in_at is read with the status: see rules.signup_is_open)
SIGNUP_CHANGES_FROM = {ShiftSignUpStatus.TAKEN}

# request action -> (the kinds it applies to, the statuses it may start from)
SWAP_ALLOWED_FROM = {
    "take": ({SwapKind.COVER}, {SwapStatus.OPEN}),
    "assign": ({SwapKind.COVER}, {SwapStatus.OPEN}),
    "accept": ({SwapKind.SWAP}, {SwapStatus.OPEN}),
    "decline": ({SwapKind.SWAP}, {SwapStatus.OPEN}),
    "withdraw": ({SwapKind.COVER, SwapKind.SWAP}, {SwapStatus.OPEN}),
}

# the posts whose shifts record findings (a finding becomes a request once: rules.py)
FINDING_POST_KINDS = {PostKind.PATROL}
