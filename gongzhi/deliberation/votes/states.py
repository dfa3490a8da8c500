"""The state machine of an owners' vote, as data: the statuses each action may start from (the
table both parts share, balloting/states.py, and the vote's own actions), and the refusal each
action gives in a wrong status (its code and message, unchanged from before the rules).

Read only by votes/rules.py; services, templates and the API ask the rules."""

from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting import states as shared
from gongzhi.deliberation.balloting.states import CLOSED, DRAFT, OPEN, PUBLISHED

ALLOWED_FROM = {
    **shared.ALLOWED_FROM,
    "edit": {DRAFT},                  # the draft's own fields, until it opens
    "document": {DRAFT},              # plan documents, so every owner sees the same ones
    "proxy": {OPEN},                  # record a written authorisation
    "proxy_ballot": {OPEN},           # the ballot a proxy cast under it
    "proxy_revoke": {OPEN},
    "elector_correct": {OPEN, CLOSED},  # an explicit correction of the frozen electorate
    "photo": {PUBLISHED},             # a photo of the result notice on the board
}

_NOT_OPEN = ("vote_not_open", _("表决未在进行中。"))
_NOT_PUBLISHED = ("not_published", _("结果公示期间才能提出异议。"))

# action -> (code, message) of its refusal in a wrong status
REFUSED = {
    "open": ("not_draft", _("只有草稿状态的表决可以开始。")),
    "edit": ("not_draft", _("表决开始后不能再修改。")),
    "document": ("not_draft", _("表决开始后不能再增加方案文件。")),
    "paper": _NOT_OPEN,
    "check": _NOT_OPEN,
    "proxy": _NOT_OPEN,
    "proxy_ballot": _NOT_OPEN,
    "proxy_revoke": _NOT_OPEN,
    "correct": ("vote_published", _("已公示的表决不能再更正。")),
    "elector_correct": ("vote_published", _("已公示的表决不能再更正表决权人。")),
    "close": _NOT_OPEN,
    "publish": ("not_closed", _("表决截止后才能公示结果。")),
    "objection": _NOT_PUBLISHED,
    "answer": ("not_published", _("结果公示期间才能答复异议。")),
    "photo": ("not_published", _("表决结果公示后才能上传公示照片。")),
    "ballot": _NOT_OPEN,
    "own_objection": _NOT_PUBLISHED,
}
