"""Permission predicates for partner units and the party roll; the role → permission table is
accounts.roles.

The permission names keep the app users know them by ("cobuilding.manage_partners",
"party.view_member"): roles, audit searches and API clients already use them.
"""

from django.utils.translation import gettext_lazy as _
from rules import always_true, predicate

from gongzhi.core.actions import add_action, user_can_on
from gongzhi.core.errors import Conflict, DomainError
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.models import Agreement, PartnerContact
from gongzhi.places.rules import VIEW_COMMUNITY

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


def may_hold(permission: str, of=lambda obj: obj, name: str = ""):
    """The role permission `permission` in the scope of `of(obj)`, asked once per user and
    row, whichever copy of the row asks (core.actions.user_can_on with the row as scope key):
    a page asks several rules that share a permission (the organisation's two buttons), or
    one rule of each of its rows that share a scope (each officer's copy of the same
    organisation)."""
    def check(user, obj) -> bool:
        if user is None or not user.is_authenticated:
            return False
        row = of(obj)
        return user_can_on(user, permission, row, scope_key=(row._meta.label, row.pk))
    return predicate(check, name=name or f"may_{permission}")


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


# ---- one rule per action on a partner unit, its contacts and agreements --------------------
# Named after the app that offers them (co-building's pages and API); the rows live here.
# Units, contacts and agreements have no state machine: their `when` is always true, except
# that an agreement is renewed once.

class AgreementRenewed(DomainError):
    """The agreement already has its renewal."""

    status = 409
    code = "already_renewed"
    default_message = _("该协议已续签。")


def _unit_of(obj):
    """The unit a rule about a contact is judged on (contacts are scoped by their unit)."""
    return obj.unit if isinstance(obj, PartnerContact) else obj


def _manages(user, obj) -> bool:
    """On the unit, remembered on it: a page that asks the same rule of each contact of one
    unit asks the database once."""
    return user_can_on(user, MANAGE_PARTNERS, _unit_of(obj))


may_manage_partners = predicate(_manages, name="may_manage_partners")
can_see_partner_row = predicate(lambda user, obj: user_can(user, VIEW_BOARD, _unit_of(obj)),
                                name="can_see_partner_row")
can_see_community = predicate(lambda user, community: user_can(user, VIEW_COMMUNITY, community),
                              name="can_see_community")
is_not_renewed = predicate(
    lambda user, agreement: not Agreement.objects.filter(previous=agreement).exists(),
    name="is_not_renewed")


def _state_never_refuses(obj) -> DomainError:  # `when` is always true for these
    return DomainError()


CREATE_UNIT = "cobuilding.create_unit"            # on a community
UNIT_ACTIONS = ("cobuilding.change_unit", "cobuilding.add_contact",
                "cobuilding.create_agreement")   # on a unit
REMOVE_CONTACT = "cobuilding.remove_contact"      # on a contact
AGREEMENT_ACTIONS = ("cobuilding.change_agreement", "cobuilding.review_agreement",
                     "cobuilding.renew_agreement")  # on an agreement


def _register_partner_actions() -> None:
    add_action(CREATE_UNIT, who=may_manage_partners, when=always_true,
               visible=can_see_community, refused=_state_never_refuses)
    for name in (*UNIT_ACTIONS, REMOVE_CONTACT, *AGREEMENT_ACTIONS):
        when, refused = always_true, _state_never_refuses
        if name == "cobuilding.renew_agreement":
            when, refused = is_not_renewed, lambda agreement: AgreementRenewed()
        add_action(name, who=may_manage_partners, when=when, visible=can_see_partner_row,
                   refused=refused)


_register_partner_actions()
