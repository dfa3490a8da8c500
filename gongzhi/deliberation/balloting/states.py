"""The state machine owners' votes and residents' polls share, as data: which statuses each
action may start from. Both have the same four statuses (votes.choices.VoteStatus,
polls.choices.PollStatus); the table names them as plain strings so that this module needs
neither part.

Read only by the rules (votes/rules.py, polls/rules.py through their own states.py), which
combine it with who may act; services, templates and the API ask the rules (`require`,
`{% has_perm %}`, `open_actions`), never this table or a status string."""

from collections.abc import Callable

from gongzhi.core.errors import DomainError

DRAFT, OPEN, CLOSED, PUBLISHED = "draft", "open", "closed", "published"


class StateRefused(DomainError):
    """The vote or poll is not in a status from which this action may be taken. Each action
    keeps its own code and message (not_draft, vote_not_open ...), as before the rules."""

    status = 409
    code = "state_refused"


# action -> the statuses of the vote or poll it may start from; the actions both parts have
# (their page's action names: the dispatcher's URL says which one)
ALLOWED_FROM = {
    "open": {DRAFT},           # freeze the electorate and start
    "paper": {OPEN},           # staff enter a signed paper ballot with its scan
    "check": {OPEN},           # a second person checks a paper ballot
    "correct": {OPEN, CLOSED},  # a counted ballot replaced by a new row, until published
    "close": {OPEN},
    "publish": {CLOSED},       # the result for its publicity period (公示)
    "objection": {PUBLISHED},  # staff record an objection on someone's behalf
    "answer": {PUBLISHED},     # staff answer an objection
    "ballot": {OPEN},          # an elector's own ballot, online
    "own_objection": {PUBLISHED},  # an elector's own objection
}


def refusal(code: str, message) -> Callable[[object], StateRefused]:
    """The `refused` of a rule: its own code and message, as a 409."""
    return lambda obj: StateRefused(message, code=code)
