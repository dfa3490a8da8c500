import datetime

import time_machine
from django.conf import settings as django_settings
from django.test import Client

from gongzhi.accounts.tests.factories import PASSWORD, UserFactory, user_with_role

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_then_logout(client, world):
    response = login(client, "staff_a")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_logout_needs_post(client, world):
    login(client, "staff_a")
    assert client.get("/accounts/logout/").status_code == 405


def test_wrong_password_shows_a_chinese_error(client, world):
    response = login(client, "staff_a", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_lockout_message_on_the_login_page(client, world):
    for _ in range(5):
        response = login(client, "staff_a", "wrong")
    assert "账号已临时锁定" in response.content.decode()
    response = login(client, "staff_a")
    assert response.status_code == 200
    assert "账号已临时锁定" in response.content.decode()


def test_session_expires_after_idle_time(world):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        login(client, "staff_a")
        clock.shift(datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/").status_code == 200  # activity renews the session
        clock.shift(datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE + 1))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_expired_password_sends_the_user_to_change_it(client, world):
    user = world.users["staff_a"]
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.get("/places/")
    assert response["Location"] == "/accounts/password/"
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password": "Fresh-pass-42",
        "new_password_again": "Fresh-pass-42"})
    assert response.status_code == 302
    assert client.get("/places/").status_code == 200


def test_large_text_toggle_persists_per_user(client, world):
    user = world.users["staff_a"]
    client.force_login(user)
    client.post("/accounts/preferences/", {"toggle": "large_text", "next": "/places/"})
    user.refresh_from_db()
    assert user.large_text is True
    page = client.get("/places/").content.decode()
    assert 'class="gz-large-text' in page
    # a new session on another device keeps it
    other = Client()
    other.force_login(user)
    assert 'class="gz-large-text' in other.get("/places/").content.decode()


def test_preferences_reject_an_open_redirect(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post("/accounts/preferences/", {"toggle": "large_text",
                                                      "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/preferences/"


def test_english_switch(client, world):
    # The English catalogue translates the Chinese msgids (gongzhi/locale/en).
    client.force_login(world.users["staff_a"])
    client.post("/accounts/preferences/", {"toggle": "language", "language": "en",
                                           "next": "/places/"})
    page = client.get("/places/").content.decode()
    assert "<h1 class=\"page-title\">Communities</h1>" in page
    assert 'lang="en"' in page
    # kept on the account: the next login on another device is in English too
    world.users["staff_a"].refresh_from_db()
    assert world.users["staff_a"].language == "en"


def test_navigation_shows_role_and_scope(client, world):
    client.force_login(world.users["grid_a1"])
    page = client.get("/").content.decode()
    assert "网格员 · 甲一网格" in page


def test_user_with_two_roles_sees_both_scopes(client, world):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.models import RoleAssignment

    user = user_with_role(Role.COMMUNITY_STAFF, world.community_a)
    RoleAssignment.objects.create(user=user, role=Role.COMMUNITY_STAFF, level="community",
                                  community=world.community_b)
    client.force_login(user)
    page = client.get("/places/").content.decode()
    assert "甲社区" in page and "乙社区" in page and "丙社区" not in page


def test_inactive_user_cannot_log_in(client, db):
    UserFactory(username="gone", is_active=False)
    response = login(client, "gone")
    assert response.status_code == 200
    assert client.get("/").status_code == 302
