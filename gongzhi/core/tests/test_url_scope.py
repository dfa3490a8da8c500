"""The scope matrix: every page route and API operation, walked as its insider, as outsiders and
anonymously, on one shared world (scope_routes.py says how to reach each route).

- The insider (a user whose role and scope allow the route, on a row of their own community)
  gets in: a page answers 2xx or 3xx (not to the login page), an API read answers 2xx, an API
  write is not refused. A route that always answers 404 fails here.
- An outsider (the same role in another community, a district admin of another district, a
  resident) is refused a row of community A with 403 or 404, sees none of its names, and changes
  no row of any gongzhi model (all of them, found by introspection: rows counted before and
  after, and no INSERT, UPDATE or DELETE let through to their tables).
- Anonymous visitors are sent to the login page (pages) or answered 401 (API), again changing
  nothing; the routes declared public answer them.
"""

import pytest
from django.urls import reverse

from gongzhi.core.testing import DataWatch
from gongzhi.core.tests.scope_routes import (
    API_ROUTES,
    HTML_ROUTES,
    api_call,
    api_operations,
    assert_no_secrets,
    page_routes,
    route_url,
    shared_world,
)

LOGIN_URL = "/accounts/login/"
OUTSIDERS = ["staff_b", "other_district_admin", "resident_a"]


@pytest.fixture(scope="module")
def scope_world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(scope_world, db):
    """The module's world; `db` wraps each test in a savepoint that is rolled back."""
    return scope_world


def assert_nothing_changed(watch: DataWatch, who: str, route=None):
    changes = watch.changes(allowed=route.own_changes if route else ())
    assert changes == [], f"{who} changed {changes}"


def test_every_route_is_covered():
    # given the routes the resolver and the OpenAPI schema know
    # when they are compared with the matrix
    missing = sorted(page_routes() - set(HTML_ROUTES))
    stale = sorted(set(HTML_ROUTES) - page_routes())
    missing_api = sorted(set(api_operations()) - set(API_ROUTES))
    stale_api = sorted(set(API_ROUTES) - set(api_operations()))
    # then each route is in the matrix and each entry is a route
    assert missing == [], f"page routes without a scope check: {missing}"
    assert stale == [], f"page routes listed that do not exist: {stale}"
    assert missing_api == [], f"API operations without a scope check: {missing_api}"
    assert stale_api == [], f"API operations listed that do not exist: {stale_api}"


# ---- pages -----------------------------------------------------------------------------------


# Page actions that answer a GET with 404 instead of 405 (a bug to fix in the view; the POST is
# what the insider test checks for them).
GET_ANSWERS_404 = {"deliberation:task_complete"}


@pytest.mark.parametrize("name", sorted(HTML_ROUTES))
def test_page_lets_its_insider_in(client, world, name):
    route = HTML_ROUTES[name]
    if route.kind == "public":
        pytest.skip("public: test_public_page_answers_anonymous")
    who = f"{name} as {route.insider}"
    # given the route's insider, logged in
    client.force_login(world.users[route.insider])
    url = route_url(route, name, world, insider=True)
    # when they open it
    response = client.get(url)
    # then the page answers, or the route takes only POST
    if response.status_code == 405 or name in GET_ANSWERS_404:
        assert route.method == "post", f"{who}: GET {response.status_code} on a GET route"
    else:
        assert 200 <= response.status_code < 400, f"{who}: GET {response.status_code}"
        assert not response.get("Location", "").startswith(LOGIN_URL), f"{who}: sent to log in"
    if route.method != "post":
        return
    # when they send the route's action (rolled back with the test)
    response = client.post(url, route.payload(world))
    # then the action is not refused (the data may still be found invalid)
    assert response.status_code not in (403, 404, 405), f"{who}: POST {response.status_code}"
    assert not response.get("Location", "").startswith(LOGIN_URL), f"{who}: sent to log in"


# old addresses whose target depends on the user (issue 17: to the user's community's portal page)
PER_USER_MOVES = {"casework:board", "deliberation:topic_outcomes",
                  "cobuilding:community_projects"}


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(HTML_ROUTES))
def test_page_refuses_outsiders_and_changes_nothing(client, world, name, outsider):
    route = HTML_ROUTES[name]
    if route.kind == "public":
        pytest.skip("public: test_public_page_answers_anonymous")
    who = f"{name} as {outsider}"
    # given an outsider, logged in, and every model watched
    client.force_login(world.users[outsider])
    url = route_url(route, name, world)
    # when they ask for community A's row (with the route's method and data)
    with DataWatch() as watch:
        response = getattr(client, route.method)(url, route.payload(world))
    content = response.content.decode(errors="replace")
    # then a row of A is refused, a list holds none of A's names, and nothing changed
    if route.kind == "detail" and not (outsider == "resident_a" and name ==
                                       "places:community_detail"):
        assert response.status_code in (403, 404), f"{who}: {response.status_code}"
    elif route.kind == "own":
        assert response.status_code in (200, 302, 403, 404), f"{who}: {response.status_code}"
    elif route.kind == "moved":  # an old address: sent on to the new page, which checks
        # a truly permanent move answers 301; the boards moved to the portal send each user to
        # their own community's page, so they answer 302 (a 301 would be cached across users)
        moved = 302 if name in PER_USER_MOVES else 301
        assert response.status_code in (moved, 403, 404), f"{who}: {response.status_code}"
    else:
        assert response.status_code in (200, 403), f"{who}: {response.status_code}"
    if outsider != "resident_a":
        assert_no_secrets(world, content, who)
    assert_nothing_changed(watch, who, route)


def test_resident_sees_own_community_profile_but_not_its_buildings(client, world):
    # given community A's resident
    client.force_login(world.users["resident_a"])
    # when they open their community, then its profile shows without its buildings
    response = client.get(route_url(HTML_ROUTES["places:community_detail"],
                                    "places:community_detail", world))
    assert response.status_code == 200
    assert "甲社区" in response.content.decode()
    assert "甲楼一号" not in response.content.decode()
    # when they open a building of it, then it is not found
    response = client.get(route_url(HTML_ROUTES["places:building_detail"],
                                    "places:building_detail", world))
    assert response.status_code == 404


# the site's front door: a visitor who has not logged in reads the public portal
ANONYMOUS_TO_PORTAL = {"workbench:home"}


@pytest.mark.parametrize("name", sorted(HTML_ROUTES))
def test_page_sends_anonymous_visitors_to_log_in(client, world, name):
    route = HTML_ROUTES[name]
    if route.kind == "public":
        pytest.skip("public: test_public_page_answers_anonymous")
    # given nobody logged in and every model watched
    url = route_url(route, name, world)
    # when they ask for the route
    with DataWatch() as watch:
        response = getattr(client, route.method)(url, route.payload(world))
    # then they are sent to log in (the workbench's home: to the public portal) and nothing
    # changed
    assert response.status_code == 302, f"{name}: {response.status_code}"
    start = reverse("portal:home") if name in ANONYMOUS_TO_PORTAL else LOGIN_URL
    assert response["Location"].startswith(start), f"{name}: {response['Location']}"
    assert_nothing_changed(watch, f"{name} as anonymous")


PUBLIC_PAGES = sorted(name for name, route in HTML_ROUTES.items() if route.kind == "public")


def test_public_pages_are_the_declared_ones():
    # given the routes marked public, then they are exactly these (a new one is a decision)
    assert PUBLIC_PAGES == ["accounts:login", "accounts:logout", "accounts:preferences",
                            "core:healthz", "notifications:unread_badge", "portal:article",
                            "portal:code_send", "portal:community",
                            "portal:community_activities", "portal:community_articles",
                            "portal:community_feed", "portal:community_notices",
                            "portal:community_outcomes", "portal:community_problems",
                            "portal:community_projects", "portal:district", "portal:home",
                            "portal:image",
                            "portal:password_reset", "portal:series", "portal:signup",
                            "portal:street", "portal:street_feed"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_answers_anonymous(client, world, name):
    route = HTML_ROUTES[name]
    # given nobody logged in and every model watched
    # when they open the route (a POST-only one: they send it)
    with DataWatch() as watch:
        response = getattr(client, route.method)(route_url(route, name, world),
                                                 route.payload(world))
    # then a page answers them; an action (logging out) may send them on; nothing changed
    assert response.status_code in ((200, 302) if route.method == "post" else (200,)), \
        f"{name}: {response.status_code}"
    assert_nothing_changed(watch, f"{name} as anonymous")


def test_admin_is_closed_to_staff_who_are_not_superusers(client, world):
    # given a street admin, when they open Django's admin, then they are sent to its login
    client.force_login(world.users["street_admin"])
    response = client.get("/admin/places/flat/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# ---- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", sorted(API_ROUTES), ids=" ".join)
def test_api_operation_lets_its_insider_in(client, world, operation):
    route = API_ROUTES[operation]
    who = f"{' '.join(operation)} as {route.insider}"
    # given the operation's insider with a token (public operations: none)
    token = world.tokens[route.insider] if route.kind != "public" else None
    # when they call it on community A's row
    response = api_call(client, route,
                        route_url(route, operation[1], world, api=True, insider=True), token,
                        world)
    # then a read answers; a write is not refused (it may still find the data invalid)
    if route.method == "get":
        assert 200 <= response.status_code < 300, f"{who}: {response.status_code}"
    else:
        assert response.status_code not in (401, 403, 404, 405), \
            f"{who}: {response.status_code} {response.content[:200]!r}"


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("operation", sorted(API_ROUTES), ids=" ".join)
def test_api_operation_refuses_outsiders_and_changes_nothing(client, world, operation, outsider):
    route = API_ROUTES[operation]
    if route.kind == "public":
        pytest.skip("public: test_public_api_operation_answers_anonymous")
    who = f"{' '.join(operation)} as {outsider}"
    # given an outsider's token and every model watched
    path = route_url(route, operation[1], world, api=True)
    # when they call the operation on community A's row
    with DataWatch() as watch:
        response = api_call(client, route, path, world.tokens[outsider], world)
    # then a row of A is refused with a problem body, lists hold none of A, nothing changed
    if route.kind == "detail" and not (outsider == "resident_a" and "honours" in path
                                       and route.method == "get") \
            and not (outsider == "resident_a" and route.method == "get"
                     and path.endswith(f"/communities/{world.community_a.pk}")):
        assert response.status_code in (403, 404), f"{who}: {response.status_code}"
        assert set(response.json()) == {"code", "message", "detail"}
    elif route.kind == "own":
        assert response.status_code in (200, 204, 404, 422), f"{who}: {response.status_code}"
    else:
        assert response.status_code in (200, 403), f"{who}: {response.status_code}"
    if outsider != "resident_a":
        assert_no_secrets(world, response.content.decode(), who)
    assert_nothing_changed(watch, who, route)


@pytest.mark.parametrize("operation", sorted(API_ROUTES), ids=" ".join)
def test_api_operation_answers_anonymous_with_401(client, world, operation):
    route = API_ROUTES[operation]
    if route.kind == "public":
        pytest.skip("public: test_public_api_operation_answers_anonymous")
    # given no token and every model watched
    path = route_url(route, operation[1], world, api=True)
    # when the operation is called
    with DataWatch() as watch:
        response = api_call(client, route, path, world=world)
    # then it answers 401 and nothing changed
    assert response.status_code == 401, f"{' '.join(operation)}: {response.status_code}"
    assert response.json()["code"] == "not_authenticated"
    assert_nothing_changed(watch, f"{' '.join(operation)} as anonymous")


PUBLIC_OPERATIONS = sorted(op for op, route in API_ROUTES.items() if route.kind == "public")


def test_public_api_operations_are_the_declared_ones():
    # given the operations marked public, then they are exactly these (a new one is a decision)
    assert PUBLIC_OPERATIONS == [("GET", "/api/v1/portal/communities/{community_id}"),
                                 ("GET", "/api/v1/portal/communities/{community_id}/problems"),
                                 ("GET", "/api/v1/portal/public-articles"),
                                 ("GET", "/api/v1/portal/public-articles/{article_id}"),
                                 ("POST", "/api/v1/auth/token"),
                                 ("POST", "/api/v1/auth/token/refresh"),
                                 ("POST", "/api/v1/portal/codes"),
                                 ("POST", "/api/v1/portal/password-reset"),
                                 ("POST", "/api/v1/portal/signup")]


@pytest.mark.parametrize("operation", PUBLIC_OPERATIONS, ids=" ".join)
def test_public_api_operation_answers_anonymous(client, world, operation):
    route = API_ROUTES[operation]
    # given no token, when the operation is called with the route's credentials
    response = api_call(client, route, route_url(route, operation[1], world, api=True),
                        world=world)
    # then it answers (a sign-up creates: 201; a code is sent: 202; a reset: 204)
    assert 200 <= response.status_code < 300, \
        f"{' '.join(operation)}: {response.status_code} {response.content[:200]!r}"
