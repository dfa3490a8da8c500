"""The state machines of posts and shift sign-ups, as data: which statuses each action may start
from.

Read only by the rules (rota/rules.py), which combine them with who may act; services,
templates and the API ask the rules (`require`, `{% has_perm %}`, `open_actions`), never these
tables or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.rota.choices import PostStatus, ShiftSignUpStatus
from gongzhi.core.errors import Conflict


class PostStatusRefused(Conflict):
    """The post is not in a status from which this change may be made."""

    code = "post_status_refused"
    default_message = _("岗位当前状态下不能进行此操作。")


class PostClosed(Conflict):
    """The post no longer takes sign-ups."""

    code = "post_closed"
    default_message = _("该岗位已停止认领。")


class SignUpConfirmed(Conflict):
    """The organiser has confirmed the service: it can be neither confirmed again nor
    withdrawn."""

    code = "already_confirmed"
    default_message = _("该班次的服务已确认。")


# the status a post is set to -> the statuses it may be set from (any change but to itself)
POST_STATUS_FROM = {
    PostStatus.OPEN: {PostStatus.CLOSED, PostStatus.DONE},
    PostStatus.CLOSED: {PostStatus.OPEN, PostStatus.DONE},
    PostStatus.DONE: {PostStatus.OPEN, PostStatus.CLOSED},
}
# a post's shifts are taken while it is open; its shifts are laid out while it is not done
TAKE_POST_FROM = {PostStatus.OPEN}
LAYOUT_POST_FROM = {PostStatus.OPEN, PostStatus.CLOSED}
# sign-up action -> the sign-up statuses it may start from
SIGNUP_ALLOWED_FROM = {
    "withdraw": {ShiftSignUpStatus.TAKEN},
    "confirm": {ShiftSignUpStatus.TAKEN},
    "check_in": {ShiftSignUpStatus.TAKEN},
    "check_out": {ShiftSignUpStatus.TAKEN},
}
