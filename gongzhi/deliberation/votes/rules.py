"""Permission predicates of owners' votes, and one named rule per action on a vote.

The role → permission table is accounts.roles; the statuses each action may start from are
votes/states.py. A rule `deliberation.<verb>_vote` is both: who may take the action (the
staff's role permission in the vote's scope, or, for an owner's own ballot and objection,
owning a flat of the frozen electorate: a fact of the vote, not a role) and whether the vote's
status allows it now. Every rule is asked on the vote, also for an action on one of its rows
(a ballot to check, a proxy to revoke, an objection to answer): the row's own state (pending,
revoked, answered) is the service's check.
"""

from rules import add_perm, predicate

from gongzhi.core.actions import add_action, status_in, user_can_on
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.deliberation.balloting.states import refusal
from gongzhi.deliberation.votes.states import ALLOWED_FROM, REFUSED

VIEW_VOTE = "deliberation.view_vote"
MANAGE_VOTE = "deliberation.manage_vote"


def can_manage_vote(user, vote) -> bool:
    """The staff's role permission in the vote's scope, remembered on the row
    (core.actions.user_can_on): one query per reader and row, however many of the vote's rules
    a page or the API asks."""
    return user_can_on(user, MANAGE_VOTE, vote)


def can_view_votes(user) -> bool:
    return has_permission_somewhere(user, VIEW_VOTE)


def owns_a_flat(user, vote) -> bool:
    """The user's person owns a flat of the vote's frozen electorate (selectors.own_electors
    without the import: the selectors import these rules). Reads `vote.electors.all()`, which
    the owner's pages prefetch."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and any(person.pk in elector.owner_ids
                                      for elector in vote.electors.all())


# ---- one rule per action -------------------------------------------------------------------

# the page's action (the dispatcher's URL) -> its rule; the order is the page's and the API's
VOTE_ACTION_RULES = {
    "edit": "deliberation.edit_vote",
    "document": "deliberation.add_document_vote",
    "open": "deliberation.open_vote",
    "paper": "deliberation.enter_paper_vote",
    "proxy": "deliberation.authorise_proxy_vote",
    "proxy_ballot": "deliberation.enter_proxy_vote",
    "proxy_revoke": "deliberation.revoke_proxy_vote",
    "check": "deliberation.check_paper_vote",
    "correct": "deliberation.correct_vote",
    "elector_correct": "deliberation.correct_elector_vote",
    "close": "deliberation.close_vote",
    "publish": "deliberation.publish_vote",
    "photo": "deliberation.add_photo_vote",
    "objection": "deliberation.record_objection_vote",
    "answer": "deliberation.answer_objection_vote",
}
# an owner's own actions, on the owner's page (my_ballot's URL names them)
OWN_VOTE_ACTION_RULES = {
    "ballot": "deliberation.cast_vote",
    "objection": "deliberation.object_vote",
}
# an explicit correction of the frozen electorate (unsold, area, affected), with a reason
CORRECT_ELECTOR = VOTE_ACTION_RULES["elector_correct"]
# not an action: who reads the running tally (the page's result box, the API's `tally`)
VIEW_TALLY = "deliberation.view_tally_vote"

# every action on a vote, in the order its page shows them and the API lists them
VOTE_ACTIONS = (*VOTE_ACTION_RULES.values(), *OWN_VOTE_ACTION_RULES.values())

is_vote_manager = predicate(can_manage_vote, name="is_vote_manager")
is_vote_owner = predicate(owns_a_flat, name="is_vote_owner")
can_see_vote = predicate(lambda user, vote: user_can(user, VIEW_VOTE, vote)
                         or owns_a_flat(user, vote), name="can_see_vote")

# The running tally, before its publication, is the staff's (those who may see the vote in
# their scope), never the owners': an owner sees the result once it is published (vote.result).
# A draft has no rule set, so no tally.
is_vote_staff = predicate(lambda user, vote: user_can_on(user, VIEW_VOTE, vote),
                          name="is_vote_staff")
has_tally = predicate(lambda user, vote: vote.rule_set_id is not None, name="has_tally")
add_perm(VIEW_TALLY, has_tally & is_vote_staff)


def _register(action: str, name: str, who) -> None:
    add_action(name, who=who, when=status_in(ALLOWED_FROM, action), visible=can_see_vote,
               refused=refusal(*REFUSED[action]))


def _register_vote_actions() -> None:
    for action, name in VOTE_ACTION_RULES.items():
        _register(action, name, is_vote_manager)
    _register("ballot", OWN_VOTE_ACTION_RULES["ballot"], is_vote_owner)
    _register("own_objection", OWN_VOTE_ACTION_RULES["objection"], is_vote_owner)


_register_vote_actions()
