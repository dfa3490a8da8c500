"""Permission predicates of the places app, and one named rule per action on a place.

The role → permission table is accounts.roles. No place has a state that closes an action, so
every rule's `when` is always true; `who` is the role permission in the row's scope.
"""

from rules import always_true, predicate

from gongzhi.core.actions import add_action, user_can_on
from gongzhi.core.errors import DomainError
from gongzhi.core.scoping import has_permission_somewhere, user_can

VIEW_COMMUNITY = "places.view_community"
CHANGE_COMMUNITY = "places.change_community"
VIEW_PLACE = "places.view_place"
CHANGE_PLACE = "places.change_place"
VIEW_STREET = "places.view_street"
VIEW_DISTRICT = "places.view_district"


def can_change_community(user, community) -> bool:
    return user_can(user, CHANGE_COMMUNITY, community)


def can_change_place(user, obj) -> bool:
    return user_can(user, CHANGE_PLACE, obj)


def can_view_places(user) -> bool:
    return has_permission_somewhere(user, VIEW_PLACE)


# ---- one rule per action -------------------------------------------------------------------

def _scope_key(obj) -> tuple:
    """What decides a row's scope (Model.scope_paths): its community, and for a building and
    what is in it, the building's grid. Rows with the same key answer every role alike."""
    kind = obj._meta.model_name
    if kind == "community":
        return ("community", obj.pk)
    if kind == "building":
        return ("building", obj.community_id, obj.grid_id)
    if kind in ("unit", "flat"):
        return ("building", obj.community_id, obj.building.grid_id)
    return ("community", obj.community_id)


def _holds(permission: str):
    """user_can asked once per user and scope key (core.actions.user_can_on): a page that
    lists the flats of a building or the honours of a community costs one query per
    permission, not one per row."""
    def check(user, obj) -> bool:
        if user is None:
            return False
        return user_can_on(user, permission, obj, scope_key=_scope_key(obj))
    return predicate(check, name=f"holds_{permission}")


def _never(obj) -> DomainError:  # no state refuses: `when` is always true
    return DomainError()


EDIT_COMMUNITY = "places.edit_community"
CREATE_HONOUR = "places.create_honour"
DELETE_HONOUR = "places.delete_honour"
CREATE_BUILDING = "places.create_building"
EDIT_BUILDING = "places.edit_building"
CREATE_FLAT = "places.create_flat"
EDIT_FLAT = "places.edit_flat"
MARK_FLAT_UNSOLD = "places.mark_flat_unsold"

# rule -> (permission to act, permission to see: refused as "forbidden", else "not found")
_RULES = {
    EDIT_COMMUNITY: (CHANGE_COMMUNITY, VIEW_COMMUNITY),    # on a community
    CREATE_HONOUR: (CHANGE_COMMUNITY, VIEW_COMMUNITY),     # on a community
    DELETE_HONOUR: (CHANGE_COMMUNITY, VIEW_COMMUNITY),     # on an honour
    CREATE_BUILDING: (CHANGE_COMMUNITY, VIEW_COMMUNITY),   # on a community
    EDIT_BUILDING: (CHANGE_PLACE, VIEW_PLACE),             # on a building
    CREATE_FLAT: (CHANGE_PLACE, VIEW_PLACE),               # on a unit
    EDIT_FLAT: (CHANGE_PLACE, VIEW_PLACE),                 # on a flat
    MARK_FLAT_UNSOLD: (CHANGE_PLACE, VIEW_PLACE),          # on a flat (marks or unmarks)
}

# The actions the API lists for each kind of row, in the order its page shows them.
COMMUNITY_ACTIONS = (EDIT_COMMUNITY, CREATE_BUILDING, CREATE_HONOUR)
BUILDING_ACTIONS = (EDIT_BUILDING,)
UNIT_ACTIONS = (CREATE_FLAT,)
FLAT_ACTIONS = (EDIT_FLAT, MARK_FLAT_UNSOLD)

for _name, (_act, _see) in _RULES.items():
    add_action(_name, who=_holds(_act), when=always_true, visible=_holds(_see), refused=_never)
