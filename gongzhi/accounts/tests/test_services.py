import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from gongzhi.accounts import services
from gongzhi.accounts.models import LoginThrottle
from gongzhi.accounts.selectors import password_is_expired
from gongzhi.accounts.tests.factories import PASSWORD, UserFactory
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import ValidationFailed

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def user(db):
    return UserFactory(username="xiaochen")


def fail(username="xiaochen", password="wrong-password"):
    with pytest.raises((services.InvalidCredentials, services.LockedOut)) as error:
        services.login_authenticate(username=username, password=password)
    return error.value


def test_correct_password_logs_in_and_is_audited(user):
    assert services.login_authenticate(username="xiaochen", password=PASSWORD) == user
    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor, entry.outcome) == (user, "success")


def test_fifth_failure_locks_for_thirty_minutes_even_with_the_right_password(user):
    with time_machine.travel(START, tick=False) as clock:
        errors = [fail() for _ in range(5)]
        assert [e.code for e in errors] == ["invalid_credentials"] * 4 + ["locked_out"]
        # while locked, the right password is refused too
        with pytest.raises(services.LockedOut):
            services.login_authenticate(username="xiaochen", password=PASSWORD)
        clock.shift(datetime.timedelta(minutes=29, seconds=59))
        with pytest.raises(services.LockedOut):
            services.login_authenticate(username="xiaochen", password=PASSWORD)
        clock.shift(datetime.timedelta(seconds=2))
        assert services.login_authenticate(username="xiaochen", password=PASSWORD) == user
    assert not LoginThrottle.objects.filter(username="xiaochen").exists()
    assert AuditEntry.objects.filter(action="locked_out").count() == 1
    assert AuditEntry.objects.filter(action="login_failed").count() == 7


def test_a_success_resets_the_failure_count(user):
    for _ in range(4):
        fail()
    services.login_authenticate(username="xiaochen", password=PASSWORD)
    for _ in range(4):
        assert fail().code == "invalid_credentials"


def test_unknown_usernames_lock_the_same_way(db):
    codes = [fail(username="nobody").code for _ in range(5)]
    assert codes[-1] == "locked_out"


def test_api_token_is_stored_as_a_digest_and_expires(user, settings):
    settings.API_TOKEN_TTL_HOURS = 1
    with time_machine.travel(START, tick=False) as clock:
        raw = services.api_token_create(user=user).token
        assert not user.api_tokens.filter(digest=raw).exists()
        assert services.api_token_user(raw=raw) == user
        assert services.api_token_user(raw=raw + "x") is None
        clock.shift(datetime.timedelta(hours=1, seconds=1))
        assert services.api_token_user(raw=raw) is None


def test_token_of_a_deactivated_user_is_refused(user):
    raw = services.api_token_create(user=user).token
    user.is_active = False
    user.save()
    assert services.api_token_user(raw=raw) is None


@pytest.mark.parametrize(("new", "reason"), [
    ("short1A", "new_password"),          # too short
    ("alllowercase", "new_password"),     # one class only
    ("lowercase123", "new_password"),     # two classes
])
def test_weak_new_passwords_are_refused(user, new, reason):
    old_hash = user.password
    with pytest.raises(ValidationFailed) as error:
        services.password_change(actor=user, old_password=PASSWORD, new_password=new)
    assert reason in error.value.detail
    user.refresh_from_db()
    assert user.password == old_hash


def test_password_change_with_wrong_old_password_changes_nothing(user):
    old_hash = user.password
    with pytest.raises(ValidationFailed):
        services.password_change(actor=user, old_password="nope", new_password="Strong-pass-9")
    user.refresh_from_db()
    assert user.password == old_hash


def test_password_change_resets_age_and_first_login_flag(user):
    user.must_change_password = True
    user.save()
    assert password_is_expired(user)
    services.password_change(actor=user, old_password=PASSWORD, new_password="Strong-pass-9")
    user.refresh_from_db()
    assert user.check_password("Strong-pass-9")
    assert not password_is_expired(user)
    assert AuditEntry.objects.filter(action="password_changed", actor=user).exists()


def test_password_expires_after_ninety_days(user, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user.password_changed_at = timezone.now()
    assert not password_is_expired(user, now=user.password_changed_at
                                   + datetime.timedelta(days=90))
    assert password_is_expired(user, now=user.password_changed_at
                               + datetime.timedelta(days=90, seconds=1))


def test_preferences_persist_on_the_user(user):
    services.user_preferences_update(actor=user, large_text=True, high_contrast=False,
                                     language="en")
    user.refresh_from_db()
    assert (user.large_text, user.high_contrast, user.language) == (True, False, "en")


def test_unknown_language_is_refused(user):
    with pytest.raises(ValidationFailed):
        services.user_preferences_update(actor=user, language="fr")
    user.refresh_from_db()
    assert user.language == ""


def test_role_must_be_bound_to_a_place_of_its_level(world):
    user = UserFactory()
    with pytest.raises(ValidationFailed):
        services.role_assign(actor=world.users["superuser"], user=user,
                             role="grid_worker", place=world.community_a)
    assert not user.role_assignments.exists()
    services.role_assign(actor=world.users["superuser"], user=user, role="grid_worker",
                         place=world.grid_a1)
    assert [(r.role, r.grid_id) for r in user.role_assignments.all()] == [
        ("grid_worker", world.grid_a1.pk)]


def test_only_superusers_assign_roles(world):
    user = UserFactory()
    with pytest.raises(Exception) as error:
        services.role_assign(actor=world.users["street_admin"], user=user,
                             role="community_staff", place=world.community_a)
    assert error.value.code == "permission_denied"
    assert not user.role_assignments.exists()


def test_old_failures_are_forgotten_after_the_lockout_window(user):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            fail()
        clock.shift(datetime.timedelta(minutes=31))
        # the count starts again: four more failures do not lock
        assert [fail().code for _ in range(4)] == ["invalid_credentials"] * 4
        assert services.login_authenticate(username="xiaochen", password=PASSWORD) == user


def test_database_refuses_a_role_bound_at_the_wrong_level(world):
    from django.db import IntegrityError, transaction

    from gongzhi.accounts.models import RoleAssignment

    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="community_secretary", level="district",
                                      district=world.district)
    assert not user.role_assignments.exists()


def test_an_attempt_is_counted_before_its_password_is_checked(user, monkeypatch):
    # given a wrapper that reads the throttle row at the moment the password is checked
    seen = []
    real_authenticate = services.authenticate

    def authenticate(request, **credentials):
        seen.append(LoginThrottle.objects.get(username="xiaochen").failures)
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(services, "authenticate", authenticate)

    # when two wrong passwords are tried
    fail()
    fail()

    # then each check already found its own attempt counted
    assert seen == [1, 2]


def test_attempts_in_flight_that_use_up_the_limit_refuse_the_next_unchecked(user, monkeypatch):
    # given five attempts counted whose passwords are still being checked
    checked = []
    monkeypatch.setattr(services, "authenticate",
                        lambda request, **credentials: checked.append(1))
    for number in range(1, 6):
        assert services._attempt_count(username="xiaochen", shown="xiaochen",
                                       now=timezone.now()) == number

    # when a sixth arrives
    with pytest.raises(services.LockedOut):
        services.login_authenticate(username="xiaochen", password=PASSWORD)

    # then it is refused without a password check, and the name is locked
    assert checked == []
    assert LoginThrottle.objects.get(username="xiaochen").locked_until is not None


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    # given one account and forty clients ready to guess at once
    UserFactory(username="target")
    checks = []
    lock = threading.Lock()
    real_authenticate = services.authenticate

    def authenticate(request, **credentials):
        with lock:
            checks.append(1)
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(services, "authenticate", authenticate)
    barrier = threading.Barrier(40)
    outcomes = []

    def guess():
        try:
            barrier.wait()
            services.login_authenticate(username="target", password="wrong-password")
        except (services.InvalidCredentials, services.LockedOut) as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    # when they all send a wrong password
    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then at most the limit of passwords were checked, and the name is locked
    assert len(checks) <= settings.LOGIN_FAILURE_LIMIT
    assert len(outcomes) == 40
    assert outcomes.count("invalid_credentials") <= settings.LOGIN_FAILURE_LIMIT - 1
    assert LoginThrottle.objects.get(username="target").locked_until is not None
