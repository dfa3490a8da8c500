"""Permission predicates of co-building; the role → permission table is accounts.roles.

Partner-unit contacts hold RESPOND_MATCH in their community, and see only the rows of the unit
their login is bound to (PartnerContact): the board's permissions are for staff only.
"""

import rules

from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_BOARD = "cobuilding.view_board"
CHANGE_LISTS = "cobuilding.change_lists"
PARTNER_PORTAL = "cobuilding.partner_portal"
MANAGE_PARTNERS = "cobuilding.manage_partners"
EVALUATE_PROJECT = "cobuilding.evaluate_project"
OFFER_RESOURCE = "cobuilding.offer_resource"


def can_view_board(user) -> bool:
    return has_permission_somewhere(user, VIEW_BOARD)


def can_change(user, obj) -> bool:
    return user_can(user, CHANGE_LISTS, obj)


def can_manage_partners(user, obj=None) -> bool:
    if obj is None:
        return has_permission_somewhere(user, MANAGE_PARTNERS)
    return user_can(user, MANAGE_PARTNERS, obj)


def can_evaluate_projects(user) -> bool:
    return has_permission_somewhere(user, EVALUATE_PROJECT)


def can_use_partner_portal(user) -> bool:
    return has_permission_somewhere(user, PARTNER_PORTAL) and partner_unit_id(user) is not None


def partner_unit_id(user) -> int | None:
    """The unit a partner contact's login is bound to, or None."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_partner_unit_id", False)
    if cached is False:
        from gongzhi.cobuilding.models import PartnerContact

        cached = PartnerContact.objects.filter(user=user).values_list(
            "unit_id", flat=True).first()
        user._partner_unit_id = cached
    return cached


def can_offer_resource(user) -> bool:
    """A party member (with a login linked to their roll entry) offers their own resources."""
    return has_permission_somewhere(user, OFFER_RESOURCE)


# ---- hand-off from casework: a request the community cannot solve alone becomes a need -----
# Asked by the request's page ({% has_perm %}); casework does not import this app.
rules.add_perm("cobuilding.create_need_from_case", rules.predicate(
    lambda user, case: user_can(user, CHANGE_LISTS, case.community),
    name="may_create_need_from_case"))
