"""The state machine of a residents' poll, as data: the table both parts share
(balloting/states.py), and the refusal each action gives in a wrong status (its code and
message, unchanged from before the rules).

Read only by polls/rules.py; services, templates and the API ask the rules."""

from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting import states as shared

ALLOWED_FROM = dict(shared.ALLOWED_FROM)

_NOT_OPEN = ("poll_not_open", _("投票未在进行中。"))
_NOT_PUBLISHED = ("not_published", _("结果公示期间才能提出异议。"))

# action -> (code, message) of its refusal in a wrong status
REFUSED = {
    "open": ("not_draft", _("只有草稿状态的投票可以开始。")),
    "paper": _NOT_OPEN,
    "check": _NOT_OPEN,
    "correct": ("poll_published", _("已公示的投票不能再更正。")),
    "close": _NOT_OPEN,
    "publish": ("not_closed", _("投票截止后才能公示结果。")),
    "objection": _NOT_PUBLISHED,
    "answer": ("not_published", _("结果公示期间才能答复异议。")),
    "ballot": _NOT_OPEN,
    "own_objection": _NOT_PUBLISHED,
}
