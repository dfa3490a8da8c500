"""Permission predicates of care's supplies ledger, and one named rule per action.

The community's secretary and staff keep the ledger (care.manage_supplies); every staff role,
street and district admins included, reads it (care.view_supplies); a partner unit's contact
reads the statement of what their own unit donated (care.donor_statement + their login's unit,
organisations.PartnerContact). The states each action may start from are supplies/states.py."""

from django.db.models import Q, Sum
from rules import predicate

from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Movement
from gongzhi.care.supplies.states import (
    STORE_ALLOWED_WHEN_ACTIVE,
    NotCorrectable,
    NothingToReturn,
    StoreActive,
    StoreInactive,
)
from gongzhi.core.actions import add_action
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import always, may_hold, never, partner_unit_id, stateless

VIEW_SUPPLIES = "care.view_supplies"
MANAGE_SUPPLIES = "care.manage_supplies"
DONOR_STATEMENT = "care.donor_statement"

# ---- one rule per action -------------------------------------------------------------------
# on a community
CREATE_STORE = "care.create_store"
CREATE_ITEM = "care.create_item"
# on a store
EDIT_STORE = "care.edit_store"
DEACTIVATE_STORE = "care.deactivate_store"
ACTIVATE_STORE = "care.activate_store"
RECEIVE = "care.receive_donation"
ISSUE = "care.issue_supplies"
WRITE_OFF = "care.write_off_supplies"
# on an item
EDIT_ITEM = "care.edit_item"
# on a movement (a ledger row)
RETURN = "care.return_issue"
CORRECT = "care.correct_movement"
# on a partner unit
READ_STATEMENT = "care.read_donor_statement"

# the page's action -> its rule; the order is the page's and the API's
STORE_ACTION_RULES = {
    "edit": EDIT_STORE,
    "receive": RECEIVE,
    "issue": ISSUE,
    "write_off": WRITE_OFF,
    "deactivate": DEACTIVATE_STORE,
    "activate": ACTIVATE_STORE,
}
STORE_ACTIONS = tuple(STORE_ACTION_RULES.values())
ITEM_ACTIONS = (EDIT_ITEM,)
MOVEMENT_ACTIONS = (RETURN, CORRECT)
UNIT_ACTIONS = (READ_STATEMENT,)


def _community(row):
    return row.community


may_manage = may_hold(MANAGE_SUPPLIES, of=_community, name="may_manage_supplies")
may_view = may_hold(VIEW_SUPPLIES, of=_community, name="may_view_supplies")
may_manage_movement = may_hold(MANAGE_SUPPLIES, of=lambda row: row.store.community,
                               name="may_manage_movement")
may_view_movement = may_hold(VIEW_SUPPLIES, of=lambda row: row.store.community,
                             name="may_view_movement")


def is_own_unit(user, unit) -> bool:
    return unit is not None and partner_unit_id(user) == unit.pk


is_unit_contact = (predicate(is_own_unit, name="is_own_unit")
                   & may_hold(DONOR_STATEMENT, of=_community, name="may_read_own_statement"))
may_read_statement = may_view | is_unit_contact


def store_state(action: str):
    allowed = frozenset(STORE_ALLOWED_WHEN_ACTIVE[action])
    return predicate(lambda user, store: store.is_active in allowed,
                     name=f"store_allows_{action}")


def returnable_quantity(movement) -> int:
    """What is left to return of an issue: its issued quantity (corrections included) less
    what came back. A list annotates it (selectors.with_returnable); else one query."""
    if movement.kind != MovementKind.ISSUE:
        return 0
    cached = getattr(movement, "returnable", None)
    if cached is not None:
        return cached
    return returnable_of(movement)


def returnable_of(issue) -> int:
    """Issued (with the issue's corrections) less returned (with theirs), in one query."""
    rows = Movement.objects.filter(Q(pk=issue.pk) | Q(corrects=issue) | Q(returns=issue)
                                   | Q(corrects__returns=issue))
    total = rows.aggregate(total=Sum("quantity"))["total"] or 0
    return -total


has_returnable = predicate(lambda user, movement: returnable_quantity(movement) > 0,
                           name="issue_has_returnable")
is_original = predicate(lambda user, movement: movement.kind != MovementKind.CORRECTION,
                        name="movement_is_original")
# a return or a correction moves stock too: not in a stopped store
in_store_in_use = predicate(lambda user, movement: movement.store.is_active,
                            name="movement_store_in_use")


def _refused_in(refusal):
    return lambda movement: StoreInactive() if not movement.store.is_active else refusal()


def can_view_supplies(user) -> bool:
    return has_permission_somewhere(user, VIEW_SUPPLIES)


def can_manage_supplies(user) -> bool:
    return has_permission_somewhere(user, MANAGE_SUPPLIES)


def can_read_own_statement(user) -> bool:
    return (has_permission_somewhere(user, DONOR_STATEMENT)
            and partner_unit_id(user) is not None)


def _register_actions() -> None:
    for name in (CREATE_STORE, CREATE_ITEM):
        add_action(name, who=may_hold(MANAGE_SUPPLIES, name=f"may_{name}"), when=always,
                   visible=never, refused=stateless)
    for action, name in STORE_ACTION_RULES.items():
        add_action(name, who=may_manage, when=store_state(action), visible=may_view,
                   refused=(lambda store: StoreActive()) if action == "activate"
                   else (lambda store: StoreInactive()))
    add_action(EDIT_ITEM, who=may_manage, when=always, visible=may_view, refused=stateless)
    add_action(RETURN, who=may_manage_movement, when=in_store_in_use & has_returnable,
               visible=may_view_movement, refused=_refused_in(NothingToReturn))
    add_action(CORRECT, who=may_manage_movement, when=in_store_in_use & is_original,
               visible=may_view_movement, refused=_refused_in(NotCorrectable))
    add_action(READ_STATEMENT, who=may_read_statement, when=always, visible=may_read_statement,
               refused=stateless)


_register_actions()
