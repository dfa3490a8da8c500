"""Every action a page offers has an API twin, or is declared missing or UI-only (api_twins.py).

The page actions are found from the views themselves, so a new form or button route is caught
without editing this test; the matrix's declared method must agree with what the view does.
"""

import inspect
import re

from gongzhi.core.testing import page_takes_post, view_function
from gongzhi.core.tests.api_twins import API_ONLY, DISPATCHERS, MISSING_TWINS, TWINS, UI_ONLY
from gongzhi.core.tests.scope_routes import (
    EXTERNAL_PREFIXES,
    HTML_ROUTES,
    api_operations,
    route_callbacks,
)


def page_actions() -> set[str]:
    """Page routes that take a POST; a dispatcher counts once per action."""
    actions = set()
    for name, callback in route_callbacks():
        if name.startswith(EXTERNAL_PREFIXES) or not page_takes_post(callback):
            continue
        if name in DISPATCHERS:
            actions |= {f"{name} {action}" for action in DISPATCHERS[name]}
        else:
            actions.add(name)
    return actions


def declared() -> list[str]:
    return [*TWINS, *MISSING_TWINS, *UI_ONLY]


def test_the_lists_do_not_overlap():
    # given the three lists, then no action stands in two of them
    names = declared()
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_page_action_has_a_twin_or_is_declared():
    # given the page actions found from the views
    actions = page_actions()
    # when they are compared with the declared lists
    undeclared = sorted(actions - set(declared()))
    stale = sorted(set(declared()) - actions)
    # then each action is declared once, and each declaration is an action
    assert undeclared == [], f"page actions with no API twin, not declared missing: {undeclared}"
    assert stale == [], f"declared page actions that no view takes: {stale}"


def test_every_twin_is_an_operation_of_the_openapi_schema():
    # given the operations of the OpenAPI schema
    operations = {f"{method} {path}" for method, path in api_operations()}
    # when the twins are looked up in it
    unknown = sorted(f"{name} → {op}" for name, ops in TWINS.items() for op in ops
                     if op not in operations)
    # then every twin exists
    assert unknown == [], f"twins that are not API operations: {unknown}"


def test_every_api_write_is_a_twin_or_api_only():
    # given the API's writes
    writes = {f"{method} {path}" for method, path in api_operations() if method != "GET"}
    # when they are compared with the twins and the API-only list
    twinned = {op for ops in TWINS.values() for op in ops}
    unclaimed = sorted(writes - twinned - set(API_ONLY))
    stale = sorted(set(API_ONLY) - writes) + sorted(set(API_ONLY) & twinned)
    # then a new write is claimed: when it is the twin of a MISSING_TWINS entry, that entry
    # moves to TWINS (so the missing list only shrinks); otherwise it is declared API-only
    assert unclaimed == [], f"API writes that twin no page action: {unclaimed}"
    assert stale == [], f"API_ONLY entries that are not API-only writes: {stale}"


def test_matrix_methods_agree_with_the_views():
    # given each page route's view and the method the scope matrix sends it
    callbacks = dict(route_callbacks())
    # when what the view takes is compared with the matrix
    disagree = sorted(
        f"{name}: view takes POST={page_takes_post(callbacks[name])}, matrix sends {route.method}"
        for name, route in HTML_ROUTES.items()
        if page_takes_post(callbacks[name]) != (route.method == "post"))
    # then they agree (the matrix posts to each action as outsider, anonymous and insider)
    assert disagree == [], "\n".join(disagree)


def test_dispatchers_declare_every_action_their_view_handles():
    # given each dispatcher's view: its branches on the action and its *ACTION_FORMS tables
    callbacks = dict(route_callbacks())
    for name, actions in DISPATCHERS.items():
        function = view_function(callbacks[name])
        # `action == "x"` or `request.POST.get("action") == "x"`
        handled = set(re.findall(r'action(?:"\))? == "([\w-]+)"', inspect.getsource(function)))
        for global_name, value in inspect.getclosurevars(function).globals.items():
            if global_name.endswith("ACTION_FORMS"):
                handled |= set(value)
        assert handled, f"{name}: no action found in its view"
        # when they are compared with the declared actions, then none is left out
        assert sorted(handled - set(actions)) == [], f"{name}: actions not in DISPATCHERS"
