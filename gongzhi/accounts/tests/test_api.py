"""The API's password change, the twin of the page's: the same form, service and validators."""

import pytest

from gongzhi.accounts import services
from gongzhi.accounts.models import ApiToken
from gongzhi.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/password"


@pytest.fixture
def user():
    return UserFactory(username="xiaochen")


def change(client, user, **body):
    token = services.api_token_create(user=user).token
    return client.post(URL, body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_the_user_changes_their_password_and_logs_in_with_the_new_one(client, user):
    # given a user with a token
    # when they change their password through the API
    response = change(client, user, old_password=PASSWORD, new_password="Xin-mima-2026",
                      new_password_again="Xin-mima-2026")
    # then the new password works, the old one does not, and their tokens are revoked
    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password("Xin-mima-2026") and not user.check_password(PASSWORD)
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"old_password": "wrong", "new_password": "Xin-mima-2026",
      "new_password_again": "Xin-mima-2026"}, "old_password"),
    ({"old_password": PASSWORD, "new_password": "Xin-mima-2026",
      "new_password_again": "Xin-mima-2027"}, "new_password_again"),   # the form's check
    ({"old_password": PASSWORD, "new_password": "short1A",
      "new_password_again": "short1A"}, "new_password"),                # the validators
    ({"old_password": PASSWORD, "new_password": PASSWORD,
      "new_password_again": PASSWORD}, "new_password"),
])
def test_a_refused_change_says_which_field_and_changes_nothing(client, user, body, field):
    # given a user with a token
    # when the change is wrong in one way
    response = change(client, user, **body)
    # then it is refused on that field, as the page refuses it, and the password stays
    assert response.status_code == 422
    assert set(response.json()["detail"]) == {field}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_the_rule_lets_only_the_user_change_their_own_password(user):
    # given the user and another
    other = UserFactory(username="laowang")
    # then each may change their own password, not the other's
    assert user.has_perm("accounts.change_password", user)
    assert not user.has_perm("accounts.change_password", other)
