"""Query-count baselines: every list and detail page and API read, opened by its insider, asks
the database as many times as its app's `tests/query_counts.json` says, and no more when the
data grows (every model's rows copied five times over).

`GONGZHI_UPDATE_QUERY_COUNTS=1 pytest gongzhi/core/tests/test_query_counts.py` rewrites the
baselines. Without it, a count above its baseline fails (a new query per row, or a new query
per page), and a count below it asks for the baseline to be lowered, so the files stay exact.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongzhi.core.testing import (
    UPDATE_QUERY_COUNTS,
    grow_every_model,
    read_query_counts,
    write_query_counts,
)
from gongzhi.core.tests.scope_routes import (
    API_ROUTES,
    HTML_ROUTES,
    api_call,
    route_url,
    shared_world,
)

COPIES = 5
# Routes whose count moves with the data but not with its size, listed so the rest stay
# checked. The test fails when one stops moving, so that it leaves this list.
MOVES_WITH_THE_DATA = {
    # One query per kind of row named in the page's 50 entries (bounded by the number of
    # models; parents come in the same query, audit/tests/test_display.py): the newest page's
    # mix of kinds changes as the data grows.
    "audit:entry_list": "one query per kind of row named on the page, not per row",
}
# The API's first path segment where it is not the app's label.
API_APPS = {"auth": "accounts"}


# public pages are measured as the anonymous visitor who reads them (the portal's above all);
# these few answer no page worth measuring (a login form, a redirect, a badge of nothing)
UNMEASURED_PUBLIC = {"accounts:login", "accounts:logout", "accounts:preferences",
                     "core:healthz", "notifications:unread_badge"}


def measured_pages() -> list[str]:
    return sorted(name for name, route in HTML_ROUTES.items()
                  if route.method == "get" and name not in UNMEASURED_PUBLIC
                  and (route.kind != "public" or name.startswith("portal:")))


def measured_operations() -> list[str]:
    return sorted(f"{method} {path}" for (method, path), route in API_ROUTES.items()
                  if method == "GET" and (route.kind != "public" or "/portal/" in path))


def app_of(key: str) -> str:
    if key.startswith("GET /api/v1/"):
        segment = key.removeprefix("GET /api/v1/").split("/")[0]
        return API_APPS.get(segment, segment)
    return key.split(":")[0]


def count_queries(client, world, key: str) -> int:
    """Queries of the insider's GET of a page or API read (after one GET to warm the caches)."""
    if key.startswith("GET "):
        route = API_ROUTES[("GET", key.removeprefix("GET "))]
        path = route_url(route, route_path(key), world, api=True,
                         insider=route.kind != "public")

        def get():
            token = None if route.kind == "public" else world.tokens[route.insider]
            return api_call(client, route, path, token, world)
    else:
        route = HTML_ROUTES[key]
        if route.kind == "public":
            client.logout()
        else:
            client.force_login(world.users[route.insider])
        url = route_url(route, key, world, insider=route.kind != "public")

        def get():
            return client.get(url)
    get()
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code < 400, f"{key} as {route.insider}: {response.status_code}"
    return len(queries.captured_queries)


def route_path(key: str) -> str:
    return key.removeprefix("GET ")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """The query count of every measured route, in the world as built and grown."""
    keys = measured_pages() + measured_operations()
    with shared_world(django_db_blocker) as world:
        client = Client()
        before = {key: count_queries(client, world, key) for key in keys}
        grow_every_model(COPIES)
        after = {key: count_queries(client, world, key) for key in keys}
    if UPDATE_QUERY_COUNTS:
        for app in sorted({app_of(key) for key in keys}):
            write_query_counts(app, {key: count for key, count in after.items()
                                     if app_of(key) == app})
    return before, after


@pytest.mark.parametrize("key", measured_pages() + measured_operations())
def test_query_count_holds_and_does_not_grow_with_the_data(measured, db, key):
    # given the route's queries in the world as built and with every row copied five times
    before, after = measured
    # when they are compared with each other and with the app's baseline
    baseline = read_query_counts(app_of(key)).get(key)
    # then the count does not move with the data
    if key in MOVES_WITH_THE_DATA:
        assert after[key] != before[key], \
            f"{key} no longer moves with the data: remove it from MOVES_WITH_THE_DATA"
    else:
        assert after[key] == before[key], \
            f"{key}: {before[key]} queries, {after[key]} with {COPIES}× the rows"
    # and it equals the baseline: a rise fails, a drop asks for the baseline to be lowered
    assert baseline is not None, \
        f"{key}: no baseline in {app_of(key)}/tests/query_counts.json " \
        "(GONGZHI_UPDATE_QUERY_COUNTS=1 writes it)"
    assert after[key] <= baseline, f"{key}: queries rose {baseline} → {after[key]}"
    assert after[key] >= baseline, \
        f"{key}: queries dropped {baseline} → {after[key]}: lower the baseline " \
        "(GONGZHI_UPDATE_QUERY_COUNTS=1)"


def test_baselines_name_only_measured_routes():
    # given every app's baseline file
    keys = set(measured_pages() + measured_operations())
    apps_measured = {app_of(key) for key in keys}
    # when its entries are compared with the measured routes, then none is stale
    stale = sorted(key for app in apps_measured for key in read_query_counts(app)
                   if key not in keys)
    assert stale == [], f"baselines of routes no longer measured: {stale}"
