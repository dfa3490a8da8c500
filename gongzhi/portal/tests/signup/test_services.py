import datetime
import logging

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from gongzhi.accounts.choices import Role
from gongzhi.conftest import ID_A, ID_RESIDENT_A, fix_checksum
from gongzhi.core.errors import DomainError, NotFound, ValidationFailed
from gongzhi.notifications import providers
from gongzhi.people.models import Person
from gongzhi.portal.signup import services
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose, MatchMethod
from gongzhi.portal.signup.models import PhoneCode, ResidentAccount
from gongzhi.portal.tests.signup.factories import PENDING_PHONE, pending_account_of_a, send_code

User = get_user_model()

PHONE = "13800138001"  # 甲居民's phone in the registry
PASSWORD = "Gongzhi-2026-signup"
LAST_SIX_A = fix_checksum(ID_A[:17])[-6:]


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()
    yield
    providers.outbox.clear()


def sent_code(phone: str) -> str:
    messages = [m for m in providers.outbox if m["channel"] == "sms" and m["to"] == phone]
    assert messages, f"no code was sent to {phone}"
    return messages[-1]["params"][0]


def sign_up(world, *, phone=PHONE, name="甲居民", last_six=LAST_SIX_A, community=None,
            code=None):
    if code is None:
        send_code(phone, CodePurpose.SIGNUP, "10.0.0.1")
        code = sent_code(phone)
    return services.account_signup(
        phone=phone, code=code, name=name, community=community or world.community_a,
        id_last_six=last_six, password=PASSWORD, password2=PASSWORD)


def refusal(error: ValidationFailed, field: str) -> str:
    return " ".join(error.detail[field])


# ---- codes ---------------------------------------------------------------------------------

@pytest.mark.django_db
@override_settings(PORTAL_SMS_CODE_TEMPLATE_ID="code-template-1")
def test_a_code_is_six_digits_sent_with_the_code_template_and_kept_only_as_a_hash(world):
    # when a code is asked for a new number
    send_code("138-0013-8001", CodePurpose.SIGNUP, "10.0.0.1")
    # then six digits went out by SMS with the code's template and the minutes it lasts
    message = providers.outbox[-1]
    code = message["params"][0]
    assert message["to"] == PHONE and len(code) == 6 and code.isdigit()
    assert message["template_id"] == "code-template-1"
    # and the row holds neither the number nor the code
    row = PhoneCode.objects.get()
    assert PHONE not in row.phone_index and code not in row.code_hash
    assert row.expires_at > timezone.now()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["1351234567", "12512345678", "135123456789", "abc"])
def test_a_number_that_is_not_a_mobile_number_gets_no_code(world, phone):
    # when a code is asked for a malformed number, then it is refused and nothing is kept
    with pytest.raises(ValidationFailed) as error:
        send_code(phone, CodePurpose.SIGNUP, "10.0.0.1")
    assert "11 位手机号码" in refusal(error.value, "phone")
    assert not PhoneCode.objects.exists() and not providers.outbox


@pytest.mark.django_db
def test_a_wrong_code_counts_an_attempt_and_the_right_one_still_works(world):
    # given a code sent
    send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
    code = sent_code(PHONE)
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    # when a wrong code is given, then it is refused and the attempt is counted
    with pytest.raises(ValidationFailed) as error:
        services.code_check(PHONE, CodePurpose.SIGNUP, wrong)
    assert refusal(error.value, "code") == str(services.CODE_WRONG)
    assert PhoneCode.objects.get().attempts == 1
    # when the right one is given, then it is used once
    services.code_check(PHONE, CodePurpose.SIGNUP, code)
    with pytest.raises(ValidationFailed) as error:
        services.code_check(PHONE, CodePurpose.SIGNUP, code)
    assert refusal(error.value, "code") == str(services.CODE_USED)


@pytest.mark.django_db
def test_too_many_wrong_attempts_end_the_code(world, settings):
    # given a code sent and the attempts allowed all spent on wrong codes
    send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
    code = sent_code(PHONE)
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    for _ in range(settings.PORTAL_CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(ValidationFailed):
            services.code_check(PHONE, CodePurpose.SIGNUP, wrong)
    with pytest.raises(ValidationFailed) as error:
        services.code_check(PHONE, CodePurpose.SIGNUP, wrong)
    assert refusal(error.value, "code") == str(services.CODE_TOO_MANY_ATTEMPTS)
    # when the right code comes after, then it is refused too and the attempts stay counted
    with pytest.raises(ValidationFailed) as error:
        services.code_check(PHONE, CodePurpose.SIGNUP, code)
    assert refusal(error.value, "code") == str(services.CODE_TOO_MANY_ATTEMPTS)
    assert PhoneCode.objects.get().attempts == settings.PORTAL_CODE_MAX_ATTEMPTS


@pytest.mark.django_db
def test_an_expired_code_is_refused(world, settings):
    # given a code sent
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
                             tick=False) as traveller:
        send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
        code = sent_code(PHONE)
        # when it is given after its time
        traveller.shift(datetime.timedelta(minutes=settings.PORTAL_CODE_TTL_MINUTES, seconds=1))
        with pytest.raises(ValidationFailed) as error:
            services.code_check(PHONE, CodePurpose.SIGNUP, code)
    # then it is refused as expired
    assert refusal(error.value, "code") == str(services.CODE_EXPIRED)


@pytest.mark.django_db
def test_a_code_is_not_resent_within_the_interval(world, settings):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
                             tick=False) as traveller:
        send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
        # when asked again at once, then refused with the seconds to wait
        with pytest.raises(ValidationFailed) as error:
            send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
        assert error.value.code == "code_resend_too_soon"
        assert "秒后再获取" in refusal(error.value, "phone")
        # when asked after the interval, then a new code goes out
        traveller.shift(datetime.timedelta(seconds=settings.PORTAL_CODE_RESEND_SECONDS))
        send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
    assert len(providers.outbox) == 2


@pytest.mark.django_db
def test_too_many_codes_for_one_number_in_a_day(world, settings):
    limit = settings.PORTAL_CODES_PER_PHONE_PER_DAY
    start = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Guangzhou
    with time_machine.travel(start, tick=False) as traveller:
        # given the day's codes for one number asked from several addresses
        for n in range(limit):
            send_code(PHONE, CodePurpose.SIGNUP, f"10.0.0.{n}")
            traveller.shift(datetime.timedelta(minutes=5))
        # when one more is asked, then it is refused and nothing is sent
        with pytest.raises(ValidationFailed) as error:
            send_code(PHONE, CodePurpose.SIGNUP, "10.0.1.1")
        assert error.value.code == "too_many_codes"
        assert "今天" in refusal(error.value, "phone")
        assert len(providers.outbox) == limit
        # when the next day comes, then a code goes out again
        traveller.move_to(start + datetime.timedelta(days=1))
        send_code(PHONE, CodePurpose.SIGNUP, "10.0.1.1")
    assert len(providers.outbox) == limit + 1


@pytest.mark.django_db
def test_too_many_codes_from_one_client_in_an_hour(world, settings):
    settings.PORTAL_CODES_PER_CLIENT_PER_HOUR = 3
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
                             tick=False) as traveller:
        # given one address that asked codes for three numbers
        for n in range(3):
            send_code(f"1391234560{n}", CodePurpose.SIGNUP, "10.9.9.9")
        # when it asks for a fourth number, then it is refused
        with pytest.raises(ValidationFailed) as error:
            send_code("13912345609", CodePurpose.SIGNUP, "10.9.9.9")
        assert error.value.code == "too_many_codes"
        # and another address is not
        send_code("13912345609", CodePurpose.SIGNUP, "10.8.8.8")
        # when the hour has passed, then the first address may ask again
        traveller.shift(datetime.timedelta(hours=1, seconds=1))
        send_code("13912345608", CodePurpose.SIGNUP, "10.9.9.9")
    assert len(providers.outbox) == 5


@pytest.mark.django_db
def test_no_phone_number_or_code_is_logged(world, caplog):
    # given every log record captured
    caplog.set_level(logging.DEBUG)
    # when a code is asked, checked wrongly and rightly, and an account made
    send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
    code = sent_code(PHONE)
    with pytest.raises(ValidationFailed):
        services.code_check(PHONE, CodePurpose.SIGNUP, "000000" if code != "000000" else "1")
    sign_up(world, code=code)
    # then no record holds the number or the code
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert PHONE not in text and code not in text


# ---- signing up ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_name_and_id_matching_the_registry_link_the_person_with_the_resident_role(world):
    # when 甲居民 signs up with their name and the last six digits of their ID number
    account = sign_up(world)
    # then the account is matched automatically to their record, with the resident role
    account.refresh_from_db()
    assert account.status == AccountStatus.MATCHED and account.method == MatchMethod.AUTOMATIC
    assert account.person == world.person_a
    user = account.user
    assert Person.objects.get(pk=world.person_a.pk).user == user
    assert [(r.role, r.community_id) for r in user.role_assignments.all()] == [
        (Role.RESIDENT, world.community_a.pk)]
    # and the login is not the phone number; the name shown is the one given
    assert PHONE not in user.username and user.display_name == "甲居民"
    assert user.check_password(PASSWORD)
    # and the phone is kept encrypted, indexed and masked
    assert PHONE not in account.phone_encrypted and account.phone_masked == "138****8001"


@pytest.mark.django_db
def test_an_id_that_does_not_match_leaves_the_account_waiting_unlinked(world):
    # when 甲居民 signs up with other last six digits
    account = sign_up(world, last_six="12345X")
    # then the account waits for the staff, linked to nobody, with no role
    account.refresh_from_db()
    assert account.status == AccountStatus.PENDING and account.person is None
    assert Person.objects.get(pk=world.person_a.pk).user is None
    assert not account.user.role_assignments.exists()


@pytest.mark.django_db
def test_a_person_of_another_community_or_with_a_login_is_not_matched(world):
    # given 甲住户, who already has a login (resident_a)
    last_six = fix_checksum(ID_RESIDENT_A[:17])[-6:]
    person_resident_id = world.person_resident_a.pk
    # when someone signs up as 甲住户 in A, and as 甲居民 in B
    first = sign_up(world, name="甲住户", last_six=last_six)
    second = sign_up(world, phone="13512345679", community=world.community_b)
    # then neither is matched, and 甲住户 keeps their own login
    assert {first.status, second.status} == {AccountStatus.PENDING}
    assert Person.objects.get(pk=person_resident_id).user == world.users["resident_a"]


@pytest.mark.django_db
def test_the_same_phone_cannot_sign_up_twice(world):
    # given an account signed up with the number
    sign_up(world, last_six="12345X")
    # when a sign-up code is asked for it again, then none is sent (nothing tells it apart)
    providers.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.2")
        assert not providers.outbox
        # and a sign-up with a guessed code is refused as a wrong code
        with pytest.raises(ValidationFailed) as error:
            sign_up(world, code="123456")
    assert "code" in error.value.detail
    assert ResidentAccount.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_is_refused_before_the_code_is_used(world):
    send_code(PHONE, CodePurpose.SIGNUP, "10.0.0.1")
    code = sent_code(PHONE)
    # when the passwords differ, or the ID's last six are malformed
    with pytest.raises(ValidationFailed) as error:
        services.account_signup(phone=PHONE, code=code, name="甲居民",
                                community=world.community_a, id_last_six=LAST_SIX_A,
                                password=PASSWORD, password2=PASSWORD + "x")
    assert "两次输入的密码不一致" in refusal(error.value, "password2")
    with pytest.raises(ValidationFailed) as error:
        sign_up(world, code=code, last_six="12a45")
    assert "后六位" in refusal(error.value, "id_last_six")
    # and a password Django's validators refuse
    with pytest.raises(ValidationFailed) as error:
        services.account_signup(phone=PHONE, code=code, name="甲居民",
                                community=world.community_a, id_last_six=LAST_SIX_A,
                                password="123456", password2="123456")
    assert error.value.detail["password"]
    # then nothing was made and the code is still good
    assert not ResidentAccount.objects.exists()
    assert sign_up(world, code=code).status == AccountStatus.MATCHED


# ---- the staff's decision ------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_confirm_a_waiting_account_by_choosing_the_person(world):
    # given a waiting account of A
    account = pending_account_of_a(world)
    # when A's staff link it to 甲居民
    services.account_confirm(actor=world.users["staff_a"], account=account,
                             person=world.person_a)
    # then it is matched by staff, the person linked, the resident role given
    account.refresh_from_db()
    assert account.status == AccountStatus.MATCHED and account.method == MatchMethod.STAFF
    assert account.decided_by == world.users["staff_a"]
    assert Person.objects.get(pk=world.person_a.pk).user == account.user
    assert account.user.role_assignments.get().role == Role.RESIDENT
    # when they try again, then it is already decided
    with pytest.raises(DomainError) as error:
        services.account_confirm(actor=world.users["staff_a"], account=account,
                                 person=world.person_a)
    assert error.value.code == "account_decided"


@pytest.mark.django_db
def test_a_person_already_linked_or_of_another_community_is_never_linked(world):
    account = pending_account_of_a(world)
    staff = world.users["staff_a"]
    # when staff choose 甲住户 (who has a login) or 乙居民 (of community B)
    for person, text in ((world.person_resident_a, "已关联"), (world.person_b, "社区")):
        with pytest.raises(ValidationFailed) as error:
            services.account_confirm(actor=staff, account=account, person=person)
        assert text in refusal(error.value, "person")
    # then the account still waits and 甲住户 keeps their login
    account.refresh_from_db()
    assert account.status == AccountStatus.PENDING
    assert Person.objects.get(pk=world.person_resident_a.pk).user == world.users["resident_a"]


@pytest.mark.django_db
def test_staff_reject_with_a_note_and_others_may_not_decide(world):
    account = pending_account_of_a(world)
    # when B's staff try, then A's account is not found to them
    with pytest.raises(NotFound):
        services.account_reject(actor=world.users["staff_b"], account=account, note="不认识")
    # when A's staff reject without a note, then they are asked for one
    with pytest.raises(ValidationFailed):
        services.account_reject(actor=world.users["staff_a"], account=account, note=" ")
    # when with a note, then it is rejected and says why
    services.account_reject(actor=world.users["staff_a"], account=account, note="查无此人")
    account.refresh_from_db()
    assert account.status == AccountStatus.REJECTED and account.note == "查无此人"


# ---- password reset ------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_password_is_reset_with_a_code_sent_to_the_account_number(world):
    account = pending_account_of_a(world)
    # when a reset code is asked for the account's number and used
    send_code(PENDING_PHONE, CodePurpose.RESET, "10.0.0.1")
    services.password_reset(phone=PENDING_PHONE, code=sent_code(PENDING_PHONE),
                            password=PASSWORD, password2=PASSWORD)
    # then the new password logs in
    assert User.objects.get(pk=account.user_id).check_password(PASSWORD)


@pytest.mark.django_db
def test_a_reset_for_an_unknown_number_answers_alike_and_sends_nothing(world):
    # when a reset code is asked for a number without an account
    send_code(PHONE, CodePurpose.RESET, "10.0.0.1")
    # then it answers as for any number, but no SMS leaves
    assert not providers.outbox
    # and a reset with a guessed code is the wrong code's answer
    with pytest.raises(ValidationFailed) as error:
        services.password_reset(phone=PHONE, code="123456", password=PASSWORD,
                                password2=PASSWORD)
    assert refusal(error.value, "code") == str(services.CODE_WRONG)
