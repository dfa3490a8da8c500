"""Fetch one supplies row by id within the actor's scope; missing and forbidden alike.

Stores, items, donations and ledger rows are seen by the staff of their community and the
admins above it (care.view_supplies); a partner unit's statement also by the contact of that
unit (and of no other)."""

from gongzhi.care.supplies import rules, selectors
from gongzhi.care.supplies.models import Donation, Item, Movement, Store
from gongzhi.core.access import get_scoped
from gongzhi.organisations.models import PartnerUnit


def access_store(*, actor, id) -> Store:
    return get_scoped(Store.objects.for_user(actor, rules.VIEW_SUPPLIES)
                      .select_related("community"), pk=id)


def access_item(*, actor, id) -> Item:
    return get_scoped(Item.objects.for_user(actor, rules.VIEW_SUPPLIES)
                      .select_related("community"), pk=id)


def access_donation(*, actor, id) -> Donation:
    return get_scoped(selectors.donation_list(actor).select_related("store__community"), pk=id)


def access_movement(*, actor, id) -> Movement:
    return get_scoped(selectors.movement_list(actor), pk=id)


def access_statement_unit(*, actor, id) -> PartnerUnit:
    return get_scoped(selectors.statement_units(actor), pk=id)


def own_statement_unit(actor) -> PartnerUnit | None:
    """The unit of a contact who may read its statement, or None."""
    unit_id = rules.partner_unit_id(actor)
    if unit_id is None or not rules.can_read_own_statement(actor):
        return None
    return access_statement_unit(actor=actor, id=unit_id)
