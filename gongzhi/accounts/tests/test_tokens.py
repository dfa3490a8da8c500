"""API tokens: short-lived, refreshed once each, revoked by logout, password change and admins."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.test import RequestFactory

from gongzhi.accounts import services
from gongzhi.accounts.admin import ApiTokenAdmin
from gongzhi.accounts.models import ApiToken
from gongzhi.accounts.tests.factories import PASSWORD, UserFactory
from gongzhi.audit.models import AuditEntry

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def user(db):
    return UserFactory(username="xiaochen")


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def take_token(client) -> dict:
    response = client.post("/api/v1/auth/token", {"username": "xiaochen", "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_a_token_lives_twelve_hours_and_its_refresh_token_thirty_days(client, user):
    # given the default settings
    with time_machine.travel(START, tick=False):
        # when a client logs in
        body = take_token(client)

    # then both lifetimes are given
    assert body["expires_at"].startswith("2026-03-02T21:00:00")
    assert body["refresh_expires_at"].startswith("2026-04-01T09:00:00")
    assert body["token"] != body["refresh_token"]


def test_a_refresh_gives_a_new_pair_and_ends_the_old_one(client, user):
    # given a pair taken at login
    old = take_token(client)

    # when it is refreshed
    response = client.post("/api/v1/auth/token/refresh", {"refresh_token": old["refresh_token"]},
                           content_type="application/json")

    # then the new token works and the old token no longer does
    assert response.status_code == 200
    new = response.json()
    assert client.get("/api/v1/auth/me", headers=bearer(new["token"])).status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(old["token"])).status_code == 401
    assert ApiToken.objects.get(revoked_at__isnull=False).revoked_reason == "refreshed"


def test_a_refresh_token_used_twice_revokes_every_token_of_its_user(client, user):
    # given a pair that has been refreshed once
    old = take_token(client)
    new = services.api_token_refresh(raw_refresh=old["refresh_token"])

    # when the same refresh token comes again (a copy in other hands)
    response = client.post("/api/v1/auth/token/refresh", {"refresh_token": old["refresh_token"]},
                           content_type="application/json")

    # then it is refused and the pair issued from it dies too
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_refresh_token"
    assert client.get("/api/v1/auth/me", headers=bearer(new.token)).status_code == 401
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_an_expired_refresh_token_is_refused_and_nothing_is_issued(client, user):
    # given a pair older than the refresh lifetime
    with time_machine.travel(START, tick=False) as clock:
        old = take_token(client)
        clock.shift(datetime.timedelta(days=30, seconds=1))

        # when it is refreshed
        response = client.post("/api/v1/auth/token/refresh",
                               {"refresh_token": old["refresh_token"]},
                               content_type="application/json")

    # then it is refused and no new token exists
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_logout_revokes_only_the_token_it_was_sent_with(client, user):
    # given two tokens (a phone and a tablet)
    phone, tablet = take_token(client), take_token(client)

    # when the phone logs out
    response = client.post("/api/v1/auth/logout", headers=bearer(phone["token"]))

    # then the phone's token and its refresh token are dead, the tablet's works
    assert response.status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(phone["token"])).status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(tablet["token"])).status_code == 200
    refresh = client.post("/api/v1/auth/token/refresh", {"refresh_token": phone["refresh_token"]},
                          content_type="application/json")
    assert refresh.status_code == 401
    assert AuditEntry.objects.filter(action="token_revoked").count() == 1


def test_a_password_change_revokes_every_token(client, user):
    # given two tokens
    first, second = take_token(client), take_token(client)

    # when the password is changed (here as the page does it)
    services.password_change(actor=user, old_password=PASSWORD, new_password="Xin-mima-2026")

    # then neither token nor refresh token works any more
    for pair in (first, second):
        assert client.get("/api/v1/auth/me", headers=bearer(pair["token"])).status_code == 401
        refresh = client.post("/api/v1/auth/token/refresh",
                              {"refresh_token": pair["refresh_token"]},
                              content_type="application/json")
        assert refresh.status_code == 401
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {"password_changed"}


def test_a_password_set_anywhere_else_revokes_too(user):
    # given a token
    raw = services.api_token_create(user=user).token

    # when an administrator (or `changepassword`) sets a new password
    user.set_password("Admin-set-2026")
    user.save()

    # then the token is dead
    assert services.api_token_user(raw=raw) is None


def test_the_token_list_shows_my_tokens_only_and_marks_the_current_one(client, user):
    # given two tokens of mine and one of someone else's
    mine, other = take_token(client), take_token(client)
    stranger = UserFactory(username="stranger")
    services.api_token_create(user=stranger)

    # when I list my tokens with one of them
    response = client.get("/api/v1/auth/tokens", headers=bearer(mine["token"]))

    # then I see my two, the current one marked, without any secret
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 2
    assert [row["is_current"] for row in rows].count(True) == 1
    assert all("digest" not in row and "token" not in row for row in rows)
    assert other["token"] not in response.content.decode()


def test_revoking_one_of_my_tokens_and_not_someone_elses(client, user):
    # given a token of mine and one of a stranger
    mine = take_token(client)
    spare = services.api_token_create(user=user)
    stranger_raw = services.api_token_create(user=UserFactory(username="stranger")).token
    spare_id = ApiToken.objects.get(user=user, expires_at=spare.expires_at).pk
    stranger_id = ApiToken.objects.get(user__username="stranger").pk

    # when I revoke my spare token and try the stranger's
    revoked = client.delete(f"/api/v1/auth/tokens/{spare_id}", headers=bearer(mine["token"]))
    refused = client.delete(f"/api/v1/auth/tokens/{stranger_id}", headers=bearer(mine["token"]))

    # then mine is revoked; the stranger's answers not found and still works
    assert revoked.status_code == 204
    assert services.api_token_user(raw=spare.token) is None
    assert refused.status_code == 404
    assert services.api_token_user(raw=stranger_raw) is not None


def test_an_administrator_revokes_tokens_from_the_admin(user):
    # given a token and a superuser
    raw = services.api_token_create(user=user).token
    admin_user = UserFactory(username="root", is_superuser=True, is_staff=True)
    request = RequestFactory().post("/admin/accounts/apitoken/")
    request.user = admin_user

    # when the superuser uses the admin's revoke action
    ApiTokenAdmin(ApiToken, site).revoke(request, ApiToken.objects.all())

    # then the token is dead and the revocation audited under the administrator
    assert services.api_token_user(raw=raw) is None
    entry = AuditEntry.objects.get(action="token_revoked")
    assert entry.actor == admin_user
