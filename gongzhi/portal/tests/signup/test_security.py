"""Proofs of the fixes of the security read of residents' sign-up: the registry is matched only
with the registry's own phone, residents log in with their number, the code's answer tells
nothing, the codes stay out of logs and job rows, and the deployment checks."""

import json
import logging
import urllib.error
import urllib.request

import pytest
from django.core import checks
from django.db import IntegrityError, connection
from django.test import TestCase, override_settings
from django.urls import reverse

from gongzhi.accounts.models import LoginThrottle
from gongzhi.audit.models import AuditEntry
from gongzhi.conftest import ID_A, fix_checksum
from gongzhi.core.errors import ValidationFailed
from gongzhi.jobs.models import Job
from gongzhi.notifications import providers
from gongzhi.notifications.checks import sms_backend_is_real
from gongzhi.people.models import Person
from gongzhi.portal.checks import client_address_is_trusted
from gongzhi.portal.signup import services
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose
from gongzhi.portal.signup.models import PhoneCode, ResidentAccount
from gongzhi.portal.tests.signup.factories import (
    PENDING_PHONE,
    SIGNUP_PASSWORD,
    pending_account_of_a,
    send_code,
)

REGISTRY_PHONE_A = "13800138001"   # 甲居民's phone in the registry (conftest)
ATTACKER = "13900139000"           # someone else's number
LAST_SIX_A = fix_checksum(ID_A[:17])[-6:]


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()
    yield
    providers.outbox.clear()


def code_for(client, phone, purpose="signup"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("portal:code_send"), {"phone": phone, "purpose": purpose},
                               headers={"X-Requested-With": "fetch"})
    sent = [m for m in providers.outbox if m["to"] == phone]
    return response, (sent[-1]["params"][0] if sent else None)


def signup_form(world, phone, code, **changes):
    return {"phone": phone, "code": code, "name": "甲居民",
            "community": str(world.community_a.pk), "id_last_six": LAST_SIX_A,
            "password": SIGNUP_PASSWORD, "password2": SIGNUP_PASSWORD, **changes}


# ---- 1. the registry is matched only with the registry's phone ----------------------------

@pytest.mark.django_db
def test_name_and_id_suffix_with_another_phone_waits_for_the_staff(client, world):
    # given someone who knows 甲居民's name and the last six of the ID, with their own number
    _response, code = code_for(client, ATTACKER)
    # when they sign up as 甲居民
    response = client.post(reverse("portal:signup"), signup_form(world, ATTACKER, code))
    # then the account waits for the staff, linked to nobody, with no role
    assert response.status_code == 302
    account = ResidentAccount.objects.get()
    assert account.status == AccountStatus.PENDING and account.person is None
    assert Person.objects.get(pk=world.person_a.pk).user_id is None
    assert not account.user.role_assignments.exists()


@pytest.mark.django_db
def test_the_answer_is_the_same_matched_or_waiting(client, world):
    # when 甲居民 signs up with the registry's phone, and another with another number
    _r, code = code_for(client, REGISTRY_PHONE_A)
    matched = client.post(reverse("portal:signup"), signup_form(world, REGISTRY_PHONE_A, code),
                          follow=True)
    client.logout()
    _r, code = code_for(client, ATTACKER)
    waiting = client.post(reverse("portal:signup"),
                          signup_form(world, ATTACKER, code, name="某人"), follow=True)
    # then one is matched and one waits
    statuses = {a.claimed_name: a.status for a in ResidentAccount.objects.all()}
    assert statuses == {"甲居民": AccountStatus.MATCHED, "某人": AccountStatus.PENDING}
    # and both were sent to the same page with the same message
    assert matched.redirect_chain == waiting.redirect_chain == [(reverse("accounts:login"), 302)]
    said = [[str(m) for m in r.context["messages"]] for r in (matched, waiting)]
    assert said[0] == said[1] == [str(services.SIGNUP_DONE)]
    assert "居民请用手机号登录" in said[0][0]


@pytest.mark.django_db
def test_the_api_answer_is_the_same_matched_or_waiting(client, world):
    answers = []
    for phone, name in ((REGISTRY_PHONE_A, "甲居民"), (ATTACKER, "某人")):
        send_code(phone, CodePurpose.SIGNUP)
        code = [m for m in providers.outbox if m["to"] == phone][-1]["params"][0]
        response = client.post("/api/v1/portal/signup", {
            "phone": phone, "code": code, "name": name, "community_id": world.community_a.pk,
            "id_last_six": LAST_SIX_A, "password": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD}, content_type="application/json")
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1] and answers[0][0] == 201
    assert {a.status for a in ResidentAccount.objects.all()} == {
        AccountStatus.MATCHED, AccountStatus.PENDING}


# ---- 2. residents log in with their mobile number -----------------------------------------

def signed_up(client, world, phone=ATTACKER):
    _r, code = code_for(client, phone)
    client.post(reverse("portal:signup"), signup_form(world, phone, code, name="某人"))
    return ResidentAccount.objects.get()


@pytest.mark.django_db
def test_a_signed_up_resident_logs_in_with_phone_and_password(client, world):
    # given a resident who signed up (their login name was never shown to them)
    account = signed_up(client, world)
    # when they log in on the login page with their number (as typed, with spaces)
    response = client.post(reverse("accounts:login"),
                           {"username": "139 0013 9000", "password": SIGNUP_PASSWORD})
    # then they are logged in as their account's user
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == account.user_id
    # and their own page reminds them how to log in
    page = client.get(reverse("portal:my_account")).content.decode()
    assert "居民请用手机号登录" in page


@pytest.mark.django_db
def test_login_page_says_residents_log_in_with_phone(client, world):
    assert "居民请用手机号登录" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_wrong_passwords_for_a_phone_lock_it(client, world):
    # given a signed-up resident
    signed_up(client, world)
    # when the wrong password is tried three times with their number
    for _attempt in range(3):
        response = client.post(reverse("accounts:login"),
                               {"username": ATTACKER, "password": "wrong-password-1"})
    # then the number is locked: even the right password is refused
    assert "登录失败次数过多" in response.content.decode()
    response = client.post(reverse("accounts:login"),
                           {"username": ATTACKER, "password": SIGNUP_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_phone_gets_the_wrong_passwords_answer(client, world):
    # given a signed-up resident
    signed_up(client, world)
    # when one logs in with their number and a wrong password, and with an unknown number
    wrong = client.post(reverse("accounts:login"),
                        {"username": ATTACKER, "password": "wrong-password-1"})
    unknown = client.post(reverse("accounts:login"),
                          {"username": "13700000000", "password": "wrong-password-1"})
    # then both get the same status and the same error
    assert wrong.status_code == unknown.status_code == 200
    errors = [r.context["form"].non_field_errors() for r in (wrong, unknown)]
    assert errors[0] == errors[1] and "用户名或密码不正确" in errors[0][0]


@pytest.mark.django_db
def test_the_api_token_accepts_the_phone_too(client, world):
    signed_up(client, world)
    response = client.post("/api/v1/auth/token",
                           {"username": ATTACKER, "password": SIGNUP_PASSWORD},
                           content_type="application/json")
    # a waiting resident's password is not expired: a token is given
    assert response.status_code == 200 and response.json()["token"]


# ---- 3. the code's answer tells nothing ---------------------------------------------------

def _answer(response):
    headers = {k: v for k, v in response.items() if k.lower() not in {"date", "set-cookie"}}
    return response.status_code, response.content, headers


@pytest.mark.django_db
def test_registered_or_not_the_code_answer_is_identical(client, world):
    # given a number with an account and one without
    pending_account_of_a(world)
    # when a reset code is asked for each
    known, _ = code_for(client, PENDING_PHONE, "reset")
    unknown, _ = code_for(client, ATTACKER, "reset")
    # then status, body and headers are identical; only the account's number got an SMS
    assert _answer(known) == _answer(unknown)
    assert [m["to"] for m in providers.outbox] == [PENDING_PHONE]


@pytest.mark.django_db
@override_settings(NOTIFICATIONS_SMS_BACKEND="tencent")
def test_a_failed_delivery_does_not_change_the_answer(client, world, monkeypatch, caplog):
    # given the real provider adapter, with the network down (the stdlib's opener fails)
    def unreachable(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    pending_account_of_a(world)
    # when a reset code is asked for an account's number (the SMS fails) and for another
    failed, _ = code_for(client, PENDING_PHONE, "reset")
    not_sent, _ = code_for(client, ATTACKER, "reset")
    # then the caller cannot tell: the same answer, saying the code was sent
    assert _answer(failed) == _answer(not_sent)
    assert "验证码已发送" in failed.content.decode()
    # and the failure is left to the job's retries
    job = Job.objects.filter(name="portal.code_send").order_by("pk").first()
    assert job.attempts >= 1 and job.last_error


@pytest.mark.django_db
def test_the_job_row_holds_neither_number_nor_code(world):
    # when a code is sent
    send_code(ATTACKER, CodePurpose.SIGNUP)
    code = providers.outbox[-1]["params"][0]
    # then the job's arguments are the code's row and encrypted texts only
    job = Job.objects.get(name="portal.code_send")
    carried = json.dumps(job.kwargs)
    assert code not in carried and ATTACKER not in carried
    assert job.kwargs["code_id"] == PhoneCode.objects.get().pk


@pytest.mark.django_db
@override_settings(PORTAL_CODES_PER_CLIENT_PER_HOUR=2, PORTAL_CODE_RESEND_SECONDS=0)
def test_the_client_limit_counts_an_ipv6_64_as_one_client(world):
    # given two codes asked from two addresses of one /64
    send_code("13500000001", CodePurpose.SIGNUP, "2001:db8:1:2::1")
    send_code("13500000002", CodePurpose.SIGNUP, "2001:db8:1:2:ffff::9")
    # when a third address of the same /64 asks, then it is refused
    with pytest.raises(ValidationFailed) as error:
        send_code("13500000003", CodePurpose.SIGNUP, "2001:db8:1:2:abcd::3")
    assert error.value.code == "too_many_codes"
    # and an address of another /64 still may
    send_code("13500000004", CodePurpose.SIGNUP, "2001:db8:1:3::1")
    assert services.client_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert services.client_key("::ffff:192.0.2.7") == "192.0.2.7"


# ---- 5. no code in a log; no make-believe SMS in production -------------------------------

@pytest.mark.django_db
@override_settings(NOTIFICATIONS_SMS_BACKEND="console")
def test_the_console_backend_logs_no_code(world, caplog):
    caplog.set_level(logging.DEBUG)
    # when a code is sent through the console backend
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.code_send(ATTACKER, CodePurpose.SIGNUP, "192.0.2.1")
    # then the log has the message, but neither the code nor the number
    row = PhoneCode.objects.get()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert f"portal-code-{row.pk}" in text and "***" in text
    assert ATTACKER not in text
    for code in (f"{n:06d}" for n in range(10 ** 6)):
        if row.code_hash == services._code_hash(ATTACKER, CodePurpose.SIGNUP, code):
            break
    assert code not in text


@pytest.mark.parametrize("backend", ["console", "file"])
def test_a_local_sms_backend_is_an_error_in_production(backend, settings):
    settings.DEBUG, settings.NOTIFICATIONS_SMS_BACKEND = False, backend
    assert [e.id for e in sms_backend_is_real()] == ["notifications.E001"]
    settings.NOTIFICATIONS_SMS_BACKEND = "tencent"
    assert sms_backend_is_real() == []
    settings.DEBUG, settings.NOTIFICATIONS_SMS_BACKEND = True, backend
    assert sms_backend_is_real() == []


def test_the_checks_are_registered_for_deploy():
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    ids = {check.__name__ for check in registered}
    assert {"sms_backend_is_real", "client_address_is_trusted"} <= ids


# ---- 8. a global cap; the proxy's address -------------------------------------------------

@pytest.mark.django_db
@override_settings(PORTAL_CODES_PER_HOUR_TOTAL=2, PORTAL_CODE_RESEND_SECONDS=0)
def test_a_global_hourly_cap_on_codes(world):
    # given two codes sent this hour from different clients
    send_code("13500000001", CodePurpose.SIGNUP, "192.0.2.1")
    send_code("13500000002", CodePurpose.SIGNUP, "192.0.2.2")
    # when a third is asked from yet another, then it is refused and none is sent
    providers.outbox.clear()
    with pytest.raises(ValidationFailed) as error:
        send_code("13500000003", CodePurpose.SIGNUP, "192.0.2.3")
    assert error.value.code == "too_many_codes" and not providers.outbox
    assert PhoneCode.objects.count() == 2


def test_untrusted_forwarded_for_is_warned_about_in_production(settings):
    settings.DEBUG, settings.TRUST_X_FORWARDED_FOR = False, False
    assert [w.id for w in client_address_is_trusted()] == ["portal.W001"]
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address_is_trusted() == []


# ---- 9. only the phone's own clash is "taken"; the staff see whether the phone matches -----

@pytest.mark.django_db
def test_another_integrity_error_is_not_reported_as_phone_taken(world):
    # given a waiting account of 丙住户, and a unique index (added for this test, rolled back
    # with it) that a second 丙住户 breaks: an integrity error that is not the phone's
    with connection.cursor() as cursor:  # before any row is written (PostgreSQL's rule)
        cursor.execute("CREATE UNIQUE INDEX test_one_claimed_name "
                       "ON portal_residentaccount (claimed_name)")
    pending_account_of_a(world)
    send_code(ATTACKER, CodePurpose.SIGNUP)
    code = providers.outbox[-1]["params"][0]
    # when another number signs up as 丙住户
    with pytest.raises(IntegrityError):
        services.account_signup(phone=ATTACKER, code=code, name="丙住户",
                                community=world.community_a, id_last_six="12345X",
                                password=SIGNUP_PASSWORD, password2=SIGNUP_PASSWORD)
    # then it is not reported as "phone taken" (it is not), and nothing was made
    assert ResidentAccount.objects.count() == 1


@pytest.mark.django_db
def test_the_staff_see_whether_the_registry_phone_matches(client, world):
    # given two waiting accounts in A claiming to be 甲居民: one with the registry's phone
    for phone in (REGISTRY_PHONE_A, ATTACKER):
        _r, code = code_for(client, phone)
        client.post(reverse("portal:signup"), signup_form(world, phone, code,
                                                          id_last_six="12345X"))
    client.logout()
    own, other = (ResidentAccount.objects.get(phone_index=services.phone_index(p))
                  for p in (REGISTRY_PHONE_A, ATTACKER))
    assert own.status == other.status == AccountStatus.PENDING
    # when the secretary looks for 甲居民 on each
    client.force_login(world.users["secretary_a"])
    pages = [client.get(reverse("portal:account_detail", args=[a.pk]), {"q": "甲居民"})
             .content.decode() for a in (own, other)]
    # then one says the registry phone matches and the other that it does not, no number shown
    assert "登记电话与注册手机号一致" in pages[0]
    assert "登记电话与注册手机号不一致" in pages[1]
    for page in pages:
        assert REGISTRY_PHONE_A not in page and ATTACKER not in page


def test_a_failed_login_with_a_phone_keeps_no_number(client, world):
    # given a mobile number typed at the login page with a wrong password
    client.post(reverse("accounts:login"), {"username": "13812345678", "password": "wrong"})
    # then neither the throttle nor the audit trail holds the number, only a masked form
    assert not LoginThrottle.objects.filter(username__contains="13812345678").exists()
    assert LoginThrottle.objects.filter(username__startswith="phone:").exists()
    entries = AuditEntry.objects.filter(action="login_failed")
    assert entries.exists()
    assert all("13812345678" not in str(entry.__dict__) for entry in entries)
