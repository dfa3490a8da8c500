"""Permission predicates of residents' polls, and one named rule per action on a poll.

The role → permission table is accounts.roles; the statuses each action may start from are
polls/states.py. A rule `deliberation.<verb>_poll` is both: who may take the action (the
staff's role permission in the poll's scope, or, for a resident's own ballot and objection,
standing in the frozen electorate: a fact of the poll, not a role) and whether the poll's
status allows it now. Every rule is asked on the poll, also for an action on one of its rows
(a ballot to check or correct, an objection to answer): the row's own state is the service's
check.
"""

from rules import predicate

from gongzhi.core.actions import add_action, status_in, user_can_on
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.deliberation.balloting.states import refusal
from gongzhi.deliberation.polls.states import ALLOWED_FROM, REFUSED

VIEW_POLL = "deliberation.view_poll"
MANAGE_POLL = "deliberation.manage_poll"


def can_manage_poll(user, poll) -> bool:
    """The staff's role permission in the poll's scope, remembered on the row
    (core.actions.user_can_on): one query per reader and row, however many of the poll's rules
    a page or the API asks."""
    return user_can_on(user, MANAGE_POLL, poll)


def can_view_polls(user) -> bool:
    return has_permission_somewhere(user, VIEW_POLL)


def is_elector(user, poll) -> bool:
    """The user's person stands in the poll's frozen electorate. The resident's own list
    (selectors.own_polls) has read their elector row already and leaves the answer on the
    poll (`own_elector`), so that its page asks no query per poll."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return False
    known = poll.__dict__.get("own_elector")
    if known is not None:
        return known.person_id_frozen == person.pk
    return poll.electors.filter(person_id_frozen=person.pk).exists()


# ---- one rule per action -------------------------------------------------------------------

# the page's action (the dispatcher's URL) -> its rule; the order is the page's and the API's
POLL_ACTION_RULES = {
    "open": "deliberation.open_poll",
    "paper": "deliberation.enter_paper_poll",
    "check": "deliberation.check_paper_poll",
    "correct": "deliberation.correct_poll",
    "close": "deliberation.close_poll",
    "publish": "deliberation.publish_poll",
    "objection": "deliberation.record_objection_poll",
    "answer": "deliberation.answer_objection_poll",
}
# a resident's own actions, on their page (my_poll_ballot's URL names them)
OWN_POLL_ACTION_RULES = {
    "ballot": "deliberation.cast_poll",
    "objection": "deliberation.object_poll",
}

# every action on a poll, in the order its page shows them and the API lists them
POLL_ACTIONS = (*POLL_ACTION_RULES.values(), *OWN_POLL_ACTION_RULES.values())

is_poll_manager = predicate(can_manage_poll, name="is_poll_manager")
is_poll_elector = predicate(is_elector, name="is_poll_elector")
can_see_poll = predicate(lambda user, poll: user_can(user, VIEW_POLL, poll)
                         or is_elector(user, poll), name="can_see_poll")


def _register(action: str, name: str, who) -> None:
    add_action(name, who=who, when=status_in(ALLOWED_FROM, action), visible=can_see_poll,
               refused=refusal(*REFUSED[action]))


def _register_poll_actions() -> None:
    for action, name in POLL_ACTION_RULES.items():
        _register(action, name, is_poll_manager)
    _register("ballot", OWN_POLL_ACTION_RULES["ballot"], is_poll_elector)
    _register("own_objection", OWN_POLL_ACTION_RULES["objection"], is_poll_elector)


_register_poll_actions()
