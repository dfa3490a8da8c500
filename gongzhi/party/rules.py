"""Permission predicates of party building, and one named rule per action.

The role → permission table is accounts.roles. A rule `party.<verb>_<thing>` is both: who may
take the action (the role permission in the row's scope) and whether the row's state allows it
now. A rule may share its name with the role permission it refines (`party.export_summary`):
`user_can` asks the role, `has_perm` / `require` the rule. In-service members' posts, shifts
and hours are activities' (activities/rota/rules.py: activities.take_shift ...).
"""

from gongzhi.activities.rota import rules as rota_rules
from gongzhi.core.actions import add_action
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import APPOINT_OFFICER as APPOINT_OFFICER

# The roll's rules live with the roll (organisations); party's pages and API name them here too.
from gongzhi.organisations.rules import CHANGE_MEMBER as CHANGE_MEMBER
from gongzhi.organisations.rules import CHANGE_ORGANISATION as CHANGE_ORGANISATION
from gongzhi.organisations.rules import CREATE_MEMBER as CREATE_MEMBER
from gongzhi.organisations.rules import CREATE_ORGANISATION as CREATE_ORGANISATION
from gongzhi.organisations.rules import CREATE_STREET_COMMITTEE as CREATE_STREET_COMMITTEE
from gongzhi.organisations.rules import EDIT_MEMBER as EDIT_MEMBER
from gongzhi.organisations.rules import EDIT_OWN_MEMBER as EDIT_OWN_MEMBER
from gongzhi.organisations.rules import END_OFFICER_TERM as END_OFFICER_TERM
from gongzhi.organisations.rules import MEMBER_ACTIONS as MEMBER_ACTIONS
from gongzhi.organisations.rules import OFFICER_ACTIONS as OFFICER_ACTIONS
from gongzhi.organisations.rules import ORGANISATION_ACTIONS as ORGANISATION_ACTIONS
from gongzhi.organisations.rules import REGISTER_MEMBER as REGISTER_MEMBER
from gongzhi.organisations.rules import REVEAL_MEMBER as REVEAL_MEMBER
from gongzhi.organisations.rules import REVEAL_STATUS as REVEAL_STATUS
from gongzhi.organisations.rules import VIEW_MEMBER as VIEW_MEMBER
from gongzhi.organisations.rules import VIEW_ORGANISATION as VIEW_ORGANISATION
from gongzhi.organisations.rules import always, may_hold, never, stateless
from gongzhi.organisations.rules import can_change_member as can_change_member
from gongzhi.organisations.rules import can_change_organisation as can_change_organisation
from gongzhi.organisations.rules import can_reveal_status as can_reveal_status
from gongzhi.organisations.rules import can_view_members as can_view_members
from gongzhi.organisations.rules import can_view_organisations as can_view_organisations
from gongzhi.organisations.rules import is_own_member as is_own_member
from gongzhi.organisations.selectors import own_member

VIEW_SUMMARY = "party.view_summary"
EXPORT_SUMMARY = "party.export_summary"


def can_view_posts(user) -> bool:
    """May see service posts (activities.view_post): staff and volunteers, members included."""
    return rota_rules.can_view_posts(user)


def can_view_summary(user) -> bool:
    return has_permission_somewhere(user, VIEW_SUMMARY)


def can_use_party(user) -> bool:
    """Show the 党建 entry: staff, and party members on a community's roll (我的报到)."""
    return can_view_organisations(user) or own_member_of(user) is not None


def own_member_of(user):
    """The user's own roll entry, or None. Read afresh each time: a cache on the user object
    would outlive a registration made meanwhile (tests and tasks keep the object)."""
    return own_member(user)


# ---- one rule per action -------------------------------------------------------------------

EXPORT = "party.export_summary"


def _register_party_actions() -> None:
    # the yearly summary of a community (the object), as an Excel file
    add_action(EXPORT, who=may_hold(EXPORT_SUMMARY), when=always, visible=never,
               refused=stateless)


_register_party_actions()
