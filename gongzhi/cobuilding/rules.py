"""Permission predicates of co-building; the role → permission table is accounts.roles.

Partner-unit contacts hold RESPOND_MATCH in their community, and see only the rows of the unit
their login is bound to (PartnerContact): the board's permissions are for staff only.
"""

import rules

from gongzhi.core.scoping import has_permission_somewhere, user_can

# Units and agreements live in organisations with their rules; co-building names them here too.
from gongzhi.organisations.rules import MANAGE_PARTNERS as MANAGE_PARTNERS
from gongzhi.organisations.rules import VIEW_BOARD as VIEW_BOARD
from gongzhi.organisations.rules import can_manage_partners as can_manage_partners
from gongzhi.organisations.rules import partner_unit_id as partner_unit_id

CHANGE_LISTS = "cobuilding.change_lists"
PARTNER_PORTAL = "cobuilding.partner_portal"
EVALUATE_PROJECT = "cobuilding.evaluate_project"
OFFER_RESOURCE = "cobuilding.offer_resource"


def can_view_board(user) -> bool:
    return has_permission_somewhere(user, VIEW_BOARD)


def can_change(user, obj) -> bool:
    return user_can(user, CHANGE_LISTS, obj)


def can_evaluate_projects(user) -> bool:
    return has_permission_somewhere(user, EVALUATE_PROJECT)


def can_use_partner_portal(user) -> bool:
    return has_permission_somewhere(user, PARTNER_PORTAL) and partner_unit_id(user) is not None


def can_offer_resource(user) -> bool:
    """A party member (with a login linked to their roll entry) offers their own resources."""
    return has_permission_somewhere(user, OFFER_RESOURCE)


# ---- hand-off from casework: a request the community cannot solve alone becomes a need -----
# Asked by the request's page ({% has_perm %}); casework does not import this app.
rules.add_perm("cobuilding.create_need_from_case", rules.predicate(
    lambda user, case: user_can(user, CHANGE_LISTS, case.community),
    name="may_create_need_from_case"))
