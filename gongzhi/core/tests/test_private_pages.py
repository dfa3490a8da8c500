"""A logged-in person's pages are not kept by shared caches or the browser's history
(`Cache-Control: private, no-store`); the anonymous public portal is left cacheable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_staff_page_is_private_and_not_stored(client, world):
    # given staff logged in
    client.force_login(world.users["staff_a"])
    # when they open their list of requests and the portal's home
    for url in (reverse("casework:case_list"), reverse("portal:home")):
        response = client.get(url)
        # then the page says it must not be stored
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_an_anonymous_portal_page_is_left_alone(client, world):
    # given nobody logged in, when they open the portal's pages
    for url in (reverse("portal:home"),
                reverse("portal:community", args=[world.community_a.pk])):
        response = client.get(url)
        # then no Cache-Control is added
        assert response.status_code == 200, url
        assert "Cache-Control" not in response.headers, url


def test_a_logged_in_json_answer_is_not_touched(client, world):
    # given staff logged in, when they read the public API (JSON, not a page)
    client.force_login(world.users["staff_a"])
    response = client.get(f"/api/v1/portal/communities/{world.community_a.pk}")
    # then the middleware adds nothing (it only marks HTML pages)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
