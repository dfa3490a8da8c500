"""The one scoping mechanism: which rows of a model may a user see or change?

Every role a user holds is bound to a district, a street, a community or a grid, and grants a set
of permissions (gongzhi.accounts.roles). A model says how each scope level reaches it through
`scope_paths`, for example for a flat:

    scope_paths = {"district": "community__district", "street": "community__street",
                   "community": "community", "grid": "building__grid"}

`Model.objects.for_user(user, "places.view_place")` then returns exactly the rows covered by the
scopes of the user's roles that grant that permission. Pages, API endpoints, exports and the
permission checks on single objects all go through it, so there is one place to get it right.
A path of "pk" means the model is itself that level (a Community row for a community scope).
A grid-level role on a model without a grid path falls back to the grid's community.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

LEVELS = ("district", "street", "community", "grid")


@dataclass(frozen=True)
class ScopeGrant:
    """One scope in which a user holds a permission."""

    level: str
    place_id: int
    community_id: int | None = None  # for grid grants: the grid's community


def grants_for(user, permission: str) -> list[ScopeGrant] | None:
    """The scopes in which `user` holds `permission`; None means everywhere (superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return [grant for perm, grant in user.scope_grants() if perm == permission]


def scope_q(model, grants: list[ScopeGrant]) -> Q | None:
    paths = getattr(model, "scope_paths", None)
    if paths is None:
        raise TypeError(f"{model.__name__} does not declare scope_paths")
    condition = None
    for grant in grants:
        path = paths.get(grant.level)
        place_id = grant.place_id
        if path is None and grant.level == "grid" and grant.community_id:
            path, place_id = paths.get("community"), grant.community_id
        if path is None:
            continue
        term = Q(pk=place_id) if path == "pk" else Q(**{path: place_id})
        condition = term if condition is None else condition | term
    return condition


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, permission: str):
        grants = grants_for(user, permission)
        if grants is None:
            return self
        condition = scope_q(self.model, grants)
        if condition is None:
            return self.none()
        return self.filter(condition)


def user_can(user, permission: str, obj) -> bool:
    """Does `user` hold `permission` over this object? One query, same rule as the lists."""
    grants = grants_for(user, permission)
    if grants is None:
        return True
    if not grants:
        return False
    return type(obj)._default_manager.for_user(user, permission).filter(pk=obj.pk).exists()


def has_permission_somewhere(user, permission: str) -> bool:
    grants = grants_for(user, permission)
    return grants is None or bool(grants)
