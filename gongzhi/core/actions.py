"""One named rule per action, shared by the service that performs it, the template that shows
its button and the API that lists what the reader may do now.

An app declares each action once, in its `rules.py`:

    add_action("casework.accept_case", who=is_handler_or_partner, when=status_allows("accept"),
               visible=can_see_case, refused=lambda case: TransitionRefused())

- `who`: may this user do this kind of thing to this object at all (the role permission in the
  object's scope, core.scoping.user_can, plus any person-level condition: "the handler").
- `when`: does the object's state allow it now. It reads the app's state table (data, e.g.
  `casework/states.py`), never the clock: services take an injected `now`, and a rule that read
  the real time would disagree with them.
- `visible`: may the user see the object; decides between "forbidden" and "not found" when
  `who` says no, so that a refusal tells an outsider nothing about the row.
- `refused`: the error a wrong state raises (a 409 of the app's own code).

The rule is registered with django-rules under its name (`rules.add_perm`), so that templates
ask `{% has_perm "casework.accept_case" user case as can %}` and code asks `require(...)` or
`open_actions(...)`; none of them reads the state table or a status string.

A page asks several rules of one row (each button), or one rule of many rows; the rules share
their `who`, a query each time. `remembered` and `user_can_on` ask it once (see there).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NoReturn

import rules
from rules.predicates import Predicate

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.scoping import user_can


@dataclass(frozen=True)
class Action:
    """One registered action: the two halves of its rule, and how to refuse it."""

    name: str
    who: Predicate
    when: Predicate
    visible: Predicate
    refused: Callable[[object], DomainError]


_ACTIONS: dict[str, Action] = {}


def add_action(name: str, *, who: Predicate, when: Predicate, visible: Predicate,
               refused: Callable[[object], DomainError]) -> None:
    """Register the rule `name` (= `when & who`) for templates, services and the API."""
    if name in _ACTIONS:
        raise ValueError(f"action {name} is already registered")
    # The state first: it reads the loaded row, so a closed request costs no permission query.
    rules.add_perm(name, when & who)
    _ACTIONS[name] = Action(name=name, who=who, when=when, visible=visible, refused=refused)


def action(name: str) -> Action:
    return _ACTIONS[name]


def status_in(table: dict, key: str) -> Predicate:
    """The `when` of a rule whose state is a status: is the row's status one the state table
    (`<app>/states.py`, data) lets `key` start from? Read on the loaded row: no query."""
    allowed = frozenset(table[key])
    return rules.predicate(lambda user, obj: obj.status in allowed, name=f"status_allows_{key}")


def refuse(*, visible: bool) -> NoReturn:
    """The one "403 if visible, else 404": a row the actor cannot see answers like a missing
    one (Zulip's access_stream_by_id does the same), one they can see says forbidden."""
    if visible:
        raise PermissionDenied()
    raise NotFound()


def require_permission(actor, permission: str, obj, *, view_permission: str) -> None:
    """Refuse unless `actor` holds the scoped `permission` on `obj` (no state involved)."""
    if user_can(actor, permission, obj):
        return
    refuse(visible=user_can(actor, view_permission, obj))


def require(actor, name: str, obj) -> None:
    """Refuse unless the action `name` is open to `actor` on `obj` now: not found or forbidden
    when the actor may not take it at all, the action's own state error when the object's
    state does not allow it. Services call this after locking the row, so that it judges the
    latest state."""
    registered = _ACTIONS[name]
    if not registered.who.test(actor, obj):
        refuse(visible=registered.visible.test(actor, obj))
    if not registered.when.test(actor, obj):
        raise registered.refused(obj)


def require_who(actor, name: str, obj) -> None:
    """Refuse unless the `who` half of the action `name` holds: for a page or an endpoint that
    must refuse before it builds the action's form or choices (not found to one who cannot see
    `obj`, forbidden to one who can). The state (`when`) is left to the service, which asks the
    whole rule again after locking the row."""
    registered = _ACTIONS[name]
    if not registered.who.test(actor, obj):
        refuse(visible=registered.visible.test(actor, obj))


def open_actions(user, obj, names: Iterable[str]) -> list[str]:
    """The actions among `names` that `user` may take on `obj` now, in the order given."""
    return [name for name in names if rules.has_perm(name, user, obj)]


# ---- answers asked once ---------------------------------------------------------------------

def remembered[Answer](obj, user, key, compute: Callable[[], Answer], *,
                       scope_key: tuple | None = None) -> Answer:
    """`compute()`, an answer about the row `obj` for `user` (a role permission, "may they
    see it"), asked once however many rules of the row a page or the API asks.

    It is kept on the loaded row (`obj.__dict__`), keyed by the user's pk and `key`. Why on
    the row, not on the user: the row is the request's own copy. A service that acts locks
    and fetches a fresh row (`select_for_update`), which asks again, so a remembered answer
    never outlives the copy it was asked about, nor judges a state change it did not see.

    With `scope_key`, one answer serves every row of one scope (each flat of one building,
    each officer of one organisation), for an answer that depends only on the user's roles
    and what `scope_key` names: a list asks once, not once per row. That answer is kept on
    the user, beside their cached roles (User.scope_grants), and is forgotten with them:
    a service that gives or takes a role drops that cache, so no answer from before the
    change survives it (user_can itself is no fresher). A scope key names its kind first
    (`("community", pk)`, `(row._meta.label, row.pk)`): the answers of every app share one
    dict per user, keyed by `(key, *scope_key)`.
    """
    if scope_key is None:
        answers = obj.__dict__.setdefault("_rule_answers", {})
        entry = (getattr(user, "pk", None), key)
    elif user is None:
        return compute()
    else:
        answers, entry = _answers_of_roles(user), (key, *scope_key)
    if entry not in answers:
        answer = compute()
        if scope_key is not None:  # computing may have loaded the roles: keep it with them
            answers = _answers_of_roles(user)
        answers[entry] = answer
    return answers[entry]


def _answers_of_roles(user) -> dict:
    """The user's answers by scope, valid while their cached roles are the same list."""
    roles = user.__dict__.get("_scope_grants")
    held = user.__dict__.get("_scope_answers")
    if held is None or held[0] is not roles:
        held = (roles, {})
        user.__dict__["_scope_answers"] = held
    return held[1]


def user_can_on(user, permission: str, obj, *, scope_key: tuple | None = None) -> bool:
    """The role `permission` in `obj`'s scope (core.scoping.user_can), remembered on the row,
    or with `scope_key` for all rows of that scope (see `remembered`)."""
    return remembered(obj, user, permission, lambda: user_can(user, permission, obj),
                      scope_key=scope_key)
