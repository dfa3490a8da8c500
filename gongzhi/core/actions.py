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


def open_actions(user, obj, names: Iterable[str]) -> list[str]:
    """The actions among `names` that `user` may take on `obj` now, in the order given."""
    return [name for name in names if rules.has_perm(name, user, obj)]
