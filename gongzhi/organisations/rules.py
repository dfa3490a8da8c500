"""Permission predicates for partner units and the party roll; the role → permission table is
accounts.roles.

The permission names keep the app users know them by ("cobuilding.manage_partners",
"party.view_member"): roles, audit searches and API clients already use them.
"""

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
