"""The state machines of posts and claims, as data: which statuses each action may start from.

Read only by the rules (party/rules.py), which combine them with who may act; services,
templates and the API ask the rules (`require`, `{% has_perm %}`, `open_actions`), never these
tables or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import Conflict
from gongzhi.party.choices import ClaimStatus, PostStatus


class PostStatusRefused(Conflict):
    """The post is not in a status from which this change may be made."""

    code = "post_status_refused"
    default_message = _("岗位当前状态下不能进行此操作。")


class PostClosed(Conflict):
    """The post no longer takes claims."""

    code = "post_closed"
    default_message = _("该岗位已停止认领。")


class ClaimConfirmed(Conflict):
    """The organiser has confirmed the claim: it can be neither confirmed again nor
    withdrawn."""

    code = "already_confirmed"
    default_message = _("该认领已确认。")


# the status a post is set to -> the statuses it may be set from (any change but to itself)
POST_STATUS_FROM = {
    PostStatus.OPEN: {PostStatus.CLOSED, PostStatus.DONE},
    PostStatus.CLOSED: {PostStatus.OPEN, PostStatus.DONE},
    PostStatus.DONE: {PostStatus.OPEN, PostStatus.CLOSED},
}
# a post takes claims while it is open
CLAIM_POST_FROM = {PostStatus.OPEN}
# claim action -> the claim statuses it may start from
CLAIM_ALLOWED_FROM = {
    "withdraw": {ClaimStatus.CLAIMED},
    "confirm": {ClaimStatus.CLAIMED},
}
