import pytest
from django.test import TestCase
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.conftest import ID_A, fix_checksum
from gongzhi.notifications import providers
from gongzhi.people.models import Person
from gongzhi.portal.signup.choices import AccountStatus
from gongzhi.portal.signup.models import ResidentAccount
from gongzhi.portal.tests.signup.factories import PENDING_PHONE, pending_account_of_a

PHONE = "13800138001"  # 甲居民's phone in the registry
PASSWORD = "Gongzhi-2026-signup"


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()
    yield
    providers.outbox.clear()


def ask_code(client, phone=PHONE, purpose="signup"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("portal:code_send"), {"phone": phone, "purpose": purpose},
                       headers={"X-Requested-With": "fetch"})


def form_of(world, code, **changes):
    return {"phone": PHONE, "code": code, "name": "甲居民",
            "community": str(world.community_a.pk),
            "id_last_six": fix_checksum(ID_A[:17])[-6:], "password": PASSWORD,
            "password2": PASSWORD, **changes}


@pytest.mark.django_db
def test_login_page_links_sign_up_and_password_reset(client, world):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("portal:signup") in page and "居民注册" in page
    assert reverse("portal:password_reset") in page and "忘记密码" in page


@pytest.mark.django_db
def test_sign_up_page_lists_communities_by_street_and_has_the_code_button(client, world):
    page = client.get(reverse("portal:signup")).content.decode()
    assert "获取验证码" in page and 'data-code-button' in page
    assert world.street.name in page and "甲社区" in page and "乙社区" in page


@pytest.mark.django_db
def test_a_resident_signs_up_matched_and_the_workbench_works(client, world):
    # when a code is asked by the page's button
    response = ask_code(client)
    assert response.status_code == 200 and response["X-Code-Wait"] == "60"
    assert "验证码已发送" in response.content.decode()
    code = providers.outbox[-1]["params"][0]
    # and the form is sent with a wrong code first
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    response = client.post(reverse("portal:signup"), form_of(world, wrong))
    # then the page says so in Chinese and nothing is made
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert not ResidentAccount.objects.exists()
    # when with the right code, then they are sent to log in, matched
    response = client.post(reverse("portal:signup"), form_of(world, code))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    account = ResidentAccount.objects.get()
    assert account.status == AccountStatus.MATCHED
    # and once logged in, the workbench is theirs and reporting a problem is open
    client.force_login(account.user)
    assert client.get("/").status_code == 200
    assert client.get(reverse("casework:case_create")).status_code == 200


@pytest.mark.django_db
def test_a_waiting_account_sees_only_the_portal(client, world):
    # given a waiting account, logged in
    account = pending_account_of_a(world)
    client.force_login(account.user)
    # when it opens the workbench, then it is sent to its account page with the notice
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert response.redirect_chain[-1][0] == reverse("portal:my_account")
    page = response.content.decode()
    assert "您的账号正在等待社区确认" in page and "136****6001" in page
    # and the staff's pages refuse it
    for url in (reverse("casework:case_list"), reverse("people:person_list"),
                reverse("casework:case_create"), reverse("portal:account_list")):
        assert client.get(url).status_code in (403, 404), url


@pytest.mark.django_db
def test_the_same_answer_whether_or_not_a_number_is_registered(client, world):
    # given a number with an account and one without
    pending_account_of_a(world)
    # when a reset code is asked for each
    known = ask_code(client, PENDING_PHONE, "reset").content.decode()
    unknown = ask_code(client, PHONE, "reset").content.decode()
    # then both answers are the same, and only the account's number got an SMS
    assert known == unknown
    assert [m["to"] for m in providers.outbox] == [PENDING_PHONE]


@pytest.mark.django_db
def test_password_reset_page(client, world):
    account = pending_account_of_a(world)
    ask_code(client, PENDING_PHONE, "reset")
    code = providers.outbox[-1]["params"][0]
    # when the passwords differ, then the page says so
    response = client.post(reverse("portal:password_reset"), {
        "phone": PENDING_PHONE, "code": code, "password": PASSWORD, "password2": "x"})
    assert "两次输入的密码不一致" in response.content.decode()
    # when they agree, then the password is reset and the visitor is sent to log in
    response = client.post(reverse("portal:password_reset"), {
        "phone": PENDING_PHONE, "code": code, "password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    account.user.refresh_from_db()
    assert account.user.check_password(PASSWORD)


@pytest.mark.django_db
def test_code_button_without_script_answers_with_the_page_keeping_what_was_typed(client, world):
    # when the whole form is sent to the code's address (no script)
    response = client.post(reverse("portal:code_send"), form_of(world, "", purpose="signup"))
    # then the sign-up page answers with the phone and name kept, no password
    page = response.content.decode()
    assert response.status_code == 200 and 'value="13800138001"' in page
    assert 'value="甲居民"' in page and PASSWORD not in page


@pytest.mark.django_db
def test_staff_find_the_person_and_confirm_the_account(client, world):
    # given a waiting account of A, and A's staff on the list
    account = pending_account_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("portal:account_list")).content.decode()
    assert "丙住户" in page and "136****6001" in page and PENDING_PHONE not in page
    # when they search the registry by name on the account's page
    detail = reverse("portal:account_detail", args=[account.pk])
    page = client.get(detail, {"q": "甲居民"}).content.decode()
    assert f'value="{world.person_a.pk}"' in page
    # (甲住户 has a login: never offered)
    page = client.get(detail, {"q": "甲住户"}).content.decode()
    assert f'value="{world.person_resident_a.pk}"' not in page
    # when they confirm with 甲居民
    response = client.post(reverse("portal:account_action", args=[account.pk, "confirm"]),
                           {"person": world.person_a.pk})
    # then the account is matched and linked
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.MATCHED
    assert Person.objects.get(pk=world.person_a.pk).user_id == account.user_id


@pytest.mark.django_db
def test_staff_of_another_community_cannot_see_or_decide(client, world):
    account = pending_account_of_a(world)
    client.force_login(world.users["staff_b"])
    assert "丙住户" not in client.get(reverse("portal:account_list")).content.decode()
    assert client.get(reverse("portal:account_detail", args=[account.pk])).status_code == 404
    response = client.post(reverse("portal:account_action", args=[account.pk, "reject"]),
                           {"note": "外人"})
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.status == AccountStatus.PENDING


@pytest.mark.django_db
def test_api_list_shows_open_actions_and_reject(client, world):
    account = pending_account_of_a(world)
    headers = {"Authorization": f"Bearer {world_token(world, 'secretary_a')}"}
    body = client.get("/api/v1/portal/accounts", headers=headers).json()
    row = next(item for item in body["items"] if item["id"] == account.pk)
    assert row["actions"] == ["portal.link_account", "portal.reject_account"]
    assert row["phone_masked"] == "136****6001"
    response = client.post(f"/api/v1/portal/accounts/{account.pk}/reject", {"note": "查无此人"},
                           content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert response.json()["actions"] == []


def world_token(world, name):
    return api_token_create(user=world.users[name]).token
