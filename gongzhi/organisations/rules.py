"""Permission predicates for partner units and the party roll; the role → permission table is
accounts.roles.

The permission names keep the app users know them by ("cobuilding.manage_partners",
"party.view_member"): roles, audit searches and API clients already use them.
"""

from rules import predicate

from gongzhi.core.actions import add_action
from gongzhi.core.errors import Conflict
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.models import PartnerContact

# partner units, their contacts and agreements: read on co-building's board
VIEW_BOARD = "cobuilding.view_board"
MANAGE_PARTNERS = "cobuilding.manage_partners"
# the party roll
VIEW_ORGANISATION = "party.view_organisation"
CHANGE_ORGANISATION = "party.change_organisation"
VIEW_MEMBER = "party.view_member"
CHANGE_MEMBER = "party.change_member"
REVEAL_STATUS = "party.reveal_status"


def can_manage_partners(user, obj=None) -> bool:
    if obj is None:
        return has_permission_somewhere(user, MANAGE_PARTNERS)
    return user_can(user, MANAGE_PARTNERS, obj)


def partner_unit_id(user) -> int | None:
    """The unit a partner contact's login is bound to, or None."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_partner_unit_id", False)
    if cached is False:
        cached = PartnerContact.objects.filter(user=user).values_list(
            "unit_id", flat=True).first()
        user._partner_unit_id = cached
    return cached


def can_view_organisations(user) -> bool:
    return has_permission_somewhere(user, VIEW_ORGANISATION)


def can_change_organisation(user, organisation) -> bool:
    return user_can(user, CHANGE_ORGANISATION, organisation)


def can_view_members(user) -> bool:
    return has_permission_somewhere(user, VIEW_MEMBER)


def can_change_member(user, member) -> bool:
    return user_can(user, CHANGE_MEMBER, member)


def can_reveal_status(user, member) -> bool:
    return user_can(user, REVEAL_STATUS, member)


def is_own_member(user, member) -> bool:
    return (user is not None and user.is_authenticated
            and member.person.user_id == user.pk)


# ---- one rule per action on the roll's rows ------------------------------------------------
# Named after the app users know the roll by (party.<verb>_<thing>); party's pages, API and
# rule tests name them through party.rules. Posts and claims have theirs in party.rules.

always = predicate(lambda user, obj: True, name="always")
never = predicate(lambda user, obj: False, name="never")


def _user_can_once(user, permission: str, obj) -> bool:
    """user_can, asked once per user, permission and row: a page asks several rules that
    share a permission (the post's three status changes), or one rule of each of its rows
    that share a scope (each officer's organisation); a row's scope does not change with its
    status, so the answer holds for the user object's life (one request)."""
    if user is None or not user.is_authenticated:
        return False
    memo = user.__dict__.setdefault("_party_scope_memo", {})
    key = (permission, obj._meta.label, obj.pk)
    if key not in memo:
        memo[key] = user_can(user, permission, obj)
    return memo[key]


def may_hold(permission: str, of=lambda obj: obj, name: str = ""):
    """The role permission `permission` in the scope of `of(obj)`."""
    return predicate(lambda user, obj: _user_can_once(user, permission, of(obj)),
                     name=name or f"may_{permission}")


def refusal(error_class, message=None):
    return lambda obj: error_class(message) if message else error_class()


def stateless(obj) -> Conflict:
    """The `refused` of an action whose `when` is always true: never raised."""
    return Conflict()


may_change_member = may_hold(CHANGE_MEMBER)
may_see_member = may_hold(VIEW_MEMBER)
is_own_member_rule = predicate(is_own_member, name="is_own_member")
may_reveal_status = is_own_member_rule | may_hold(REVEAL_STATUS)
may_change_organisation = may_hold(CHANGE_ORGANISATION)
may_see_organisation = may_hold(VIEW_ORGANISATION)
may_change_officer = may_hold(CHANGE_ORGANISATION, of=lambda officer: officer.organisation,
                          name="may_change_officer")
may_see_officer = may_hold(VIEW_ORGANISATION, of=lambda officer: officer.organisation,
                       name="may_see_officer")

CREATE_MEMBER = "party.create_member"
REGISTER_MEMBER = "party.register_member"
EDIT_MEMBER = "party.edit_member"
EDIT_OWN_MEMBER = "party.edit_own_member"
REVEAL_MEMBER = "party.reveal_member"
CREATE_STREET_COMMITTEE = "party.create_street_committee"
CREATE_ORGANISATION = "party.create_organisation"
APPOINT_OFFICER = "party.appoint_officer"
END_OFFICER_TERM = "party.end_officer_term"

# the actions on each kind of row, in the order its page shows them (and the API lists them)
MEMBER_ACTIONS = (EDIT_MEMBER, REVEAL_MEMBER)
ORGANISATION_ACTIONS = (CREATE_ORGANISATION, APPOINT_OFFICER)
OFFICER_ACTIONS = (END_OFFICER_TERM,)


def _register_roll_actions() -> None:
    # members are created (and registered, 双报到) in a community (the object)
    add_action(CREATE_MEMBER, who=may_change_member, when=always, visible=never,
               refused=stateless)
    add_action(REGISTER_MEMBER, who=may_change_member, when=always, visible=never,
               refused=stateless)
    add_action(EDIT_MEMBER, who=may_change_member, when=always, visible=may_see_member,
               refused=stateless)
    add_action(EDIT_OWN_MEMBER, who=is_own_member_rule, when=always, visible=never,
               refused=stateless)
    add_action(REVEAL_MEMBER, who=may_reveal_status, when=always, visible=may_see_member,
               refused=stateless)
    # organisations: a street committee in a street (the object), others under a parent
    add_action(CREATE_STREET_COMMITTEE, who=may_change_organisation, when=always,
               visible=never, refused=stateless)
    add_action(CREATE_ORGANISATION, who=may_change_organisation, when=always,
               visible=may_see_organisation, refused=stateless)
    add_action(APPOINT_OFFICER, who=may_change_organisation, when=always,
               visible=may_see_organisation, refused=stateless)
    add_action(END_OFFICER_TERM, who=may_change_officer, when=always, visible=may_see_officer,
               refused=stateless)


_register_roll_actions()
