"""The state machines of activities and sign-ups, as data: the statuses each action may start
from, and the refusal each gives in a wrong status.

Read only by events/rules.py; services, templates and the API ask the rules."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.core.errors import Conflict

DRAFT, PUBLISHED, CLOSED = ActivityStatus.DRAFT, ActivityStatus.PUBLISHED, ActivityStatus.CLOSED
DONE, CANCELLED = ActivityStatus.DONE, ActivityStatus.CANCELLED


class ActivityStatusRefused(Conflict):
    """The activity is not in a status from which this action may be taken."""

    code = "activity_status_refused"
    default_message = _("活动当前状态下不能进行此操作。")


class SignUpStatusRefused(Conflict):
    code = "signup_status_refused"
    default_message = _("该报名当前状态下不能进行此操作。")


# activity action -> the activity statuses it may start from
ALLOWED_FROM = {
    "edit": {DRAFT, PUBLISHED, CLOSED},
    "publish": {DRAFT},
    "close": {PUBLISHED},
    "cancel": {DRAFT, PUBLISHED, CLOSED},
    "done": {PUBLISHED, CLOSED},
    "report": {DONE},
    "photo": {CLOSED, DONE},
    "rotate_code": {PUBLISHED, CLOSED},
    # residents sign themselves up while sign-up is open; staff add a resident without a
    # phone until the day (also at the door, after sign-up closed)
    "signup": {PUBLISHED},
    "signup_for": {PUBLISHED, CLOSED},
    # the code at the door, and staff's taps on the attendance list (also after the day, to
    # put the list right before hours are confirmed)
    "checkin": {PUBLISHED, CLOSED},
    "attendance": {PUBLISHED, CLOSED, DONE},
    "confirm_hours": {DONE},
}

REFUSED = {
    "edit": ("activity_finished", _("活动已结束或已取消，不能再修改。")),
    "publish": ("not_draft", _("只有草稿可以发布。")),
    "close": ("not_published", _("只有报名中的活动可以截止报名。")),
    "cancel": ("activity_finished", _("活动已结束或已取消。")),
    "done": ("not_running", _("只有报名中或报名截止的活动可以标记结束。")),
    "report": ("not_done", _("活动结束后才能填写小结。")),
    "photo": ("not_held", _("活动报名截止或结束后才能上传照片。")),
    "rotate_code": ("not_running", _("只有报名中或报名截止的活动有签到码。")),
    "signup": ("signup_closed", _("该活动不在报名中。")),
    "signup_for": ("signup_closed", _("该活动不能再代为报名。")),
    "checkin": ("checkin_closed", _("该活动当前不能签到。")),
    "attendance": ("checkin_closed", _("该活动当前不能签到签退。")),
    "confirm_hours": ("not_done", _("活动结束后才能确认服务时长。")),
}

# sign-up action -> the sign-up statuses it may start from (the activity's own status is asked
# too, ACTIVITY_OF_SIGNUP_ACTION)
SIGNUP_ALLOWED_FROM = {
    "cancel_signup": {SignUpStatus.CONFIRMED, SignUpStatus.WAITING, SignUpStatus.OFFERED},
    "accept_offer": {SignUpStatus.OFFERED},
    "decline_offer": {SignUpStatus.OFFERED},
    "staff_checkin": {SignUpStatus.CONFIRMED},
    "staff_checkout": {SignUpStatus.CONFIRMED},
    "confirm_hours": {SignUpStatus.CONFIRMED},
}
# ... and the activity statuses each may start from
ACTIVITY_OF_SIGNUP_ACTION = {
    "cancel_signup": {PUBLISHED, CLOSED},
    "accept_offer": {PUBLISHED, CLOSED},
    "decline_offer": {PUBLISHED, CLOSED},
    "staff_checkin": ALLOWED_FROM["attendance"],
    "staff_checkout": ALLOWED_FROM["attendance"],
    "confirm_hours": ALLOWED_FROM["confirm_hours"],
}

SIGNUP_REFUSED = {
    "cancel_signup": ("signup_not_cancellable", _("活动已截止或该报名已取消，不能取消。")),
    "accept_offer": ("no_offer", _("没有待确认的递补名额。")),
    "decline_offer": ("no_offer", _("没有待确认的递补名额。")),
    "staff_checkin": ("not_checkin", _("该报名不能签到（已签到、候补或已取消）。")),
    "staff_checkout": ("not_checkout", _("尚未签到或已签退。")),
    "confirm_hours": ("not_attended", _("只有已签到、已签退的参加者才能确认时长。")),
}


def signup_state_allows(action: str, signup) -> bool:
    """Does the sign-up's own state (and its activity's) allow `action`? Reads the loaded rows
    (the sign-up with its activity): no query."""
    if signup.status not in SIGNUP_ALLOWED_FROM[action]:
        return False
    if signup.activity.status not in ACTIVITY_OF_SIGNUP_ACTION[action]:
        return False
    if action == "staff_checkin":
        return signup.checked_in_at is None
    if action == "staff_checkout":
        return signup.checked_in_at is not None and signup.checked_out_at is None
    if action == "confirm_hours":
        return (signup.activity.counts_hours and signup.checked_in_at is not None
                and signup.checked_out_at is not None)
    return True
