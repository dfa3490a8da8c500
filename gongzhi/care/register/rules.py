"""Permission predicates of the care register, and one named rule per action.

The role → permission table is accounts.roles (care.*); the statuses each action may start
from are register/states.py; who a login helps is register/helpers.py. A household is seen in
full by the community's secretary and staff (care.view_household) and by the helpers of its
active pairings (care.help_household + the pairing); nobody else sees it at all."""

from rules import predicate

from gongzhi.care.register import helpers
from gongzhi.care.register.states import (
    HOUSEHOLD_ALLOWED_FROM,
    PAIRING_ALLOWED_FROM,
    HouseholdClosed,
    PairingEnded,
)
from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.rules import always, may_hold, never, refusal, stateless

VIEW_HOUSEHOLD = "care.view_household"
MANAGE_HOUSEHOLD = "care.manage_household"
HELP_HOUSEHOLD = "care.help_household"
VIEW_STATISTICS = "care.view_statistics"

# ---- one rule per action -------------------------------------------------------------------
# on a community
REGISTER = "care.register_household"
# on a household
EDIT = "care.edit_household"
PAIR = "care.pair_household"
CLOSE = "care.close_household"
REOPEN = "care.reopen_household"
READ_FULL = "care.read_household"
# on a pairing
END_PAIRING = "care.end_pairing"

# the page's action -> its rule; the order is the page's and the API's
HOUSEHOLD_ACTION_RULES = {
    "edit": EDIT,
    "pair": PAIR,
    "close": CLOSE,
    "reopen": REOPEN,
}
HOUSEHOLD_ACTIONS = tuple(HOUSEHOLD_ACTION_RULES.values())
PAIRING_ACTIONS = (END_PAIRING,)


def _community(row):
    return row.community


def in_community(permission: str, name: str = ""):
    return may_hold(permission, of=_community, name=name or f"may_{permission}_in_community")


may_manage = in_community(MANAGE_HOUSEHOLD)
may_view = in_community(VIEW_HOUSEHOLD)
is_helper = (in_community(HELP_HOUSEHOLD, name="may_help_household")
             & predicate(helpers.helps, name="helps_household"))
may_see_household = may_view | is_helper
may_see_pairing = predicate(lambda user, pairing: may_see_household(user, pairing.household),
                            name="may_see_pairing")


def can_view_register(user) -> bool:
    """Show the register (the list of all the community's households): staff only."""
    return has_permission_somewhere(user, VIEW_HOUSEHOLD)


def can_help(user) -> bool:
    """Show "my households": anyone with an active pairing."""
    return has_permission_somewhere(user, HELP_HOUSEHOLD) and helpers.helps_anyone(user)


# who is a party member is sensitive (DOMAIN_RULES, personal data): only those who keep the
# roll learn that a helper is one; others see a member or a volunteer alike as "个人"
VIEW_PARTY_MEMBER = "party.view_member"


def may_know_membership(user, community) -> bool:
    """Asked once per user object and community (a list of many rows asks it of each)."""
    if user is None or not user.is_authenticated:
        return False
    known = user.__dict__.setdefault("_care_knows_membership", {})
    if community.pk not in known:
        known[community.pk] = user_can(user, VIEW_PARTY_MEMBER, community)
    return known[community.pk]


def can_view_statistics(user) -> bool:
    return has_permission_somewhere(user, VIEW_STATISTICS)


def _register_actions() -> None:
    add_action(REGISTER, who=may_hold(MANAGE_HOUSEHOLD, name="may_register_household"),
               when=always, visible=never, refused=stateless)
    for action, name in HOUSEHOLD_ACTION_RULES.items():
        add_action(name, who=may_manage, when=status_in(HOUSEHOLD_ALLOWED_FROM, action),
                   visible=may_see_household, refused=refusal(HouseholdClosed))
    # the full profile (difficulty, needs, help): staff and the household's helpers; audited
    add_action(READ_FULL, who=may_see_household, when=always, visible=may_see_household,
               refused=stateless)
    add_action(END_PAIRING, who=in_community(MANAGE_HOUSEHOLD, name="may_end_pairing"),
               when=status_in(PAIRING_ALLOWED_FROM, "end"), visible=may_see_pairing,
               refused=refusal(PairingEnded))


_register_actions()
