"""Writes of residents' own accounts: SMS codes (sent, checked, rate-limited), signing up
(matched to the registry by name, the last six digits of the ID number and the registry's
phone being the number the code proved, or else left waiting for the community's staff), the
staff's confirmation or rejection, and a password reset by code.

Nothing here logs a phone number or a code: the number is kept encrypted with a keyed index and
a masked form (as the registry keeps it), a code only as a keyed hash."""

import datetime
import hmac
import ipaddress
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.choices import Role
from gongzhi.accounts.services import role_assign
from gongzhi.audit.choices import Action
from gongzhi.audit.services import audit_event
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core import crypto
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.jobs.engine import enqueue, job
from gongzhi.notifications import providers
from gongzhi.people import identity
from gongzhi.people.models import Person
from gongzhi.places.models import Community
from gongzhi.portal.signup import rules
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose, MatchMethod
from gongzhi.portal.signup.models import PhoneCode, ResidentAccount

User = get_user_model()
logger = logging.getLogger("gongzhi.portal.signup")

MOBILE = re.compile(r"1[3-9]\d{9}")
ID_LAST_SIX = re.compile(r"\d{5}[\dX]")

CODE_WRONG = _("验证码不正确，请核对后重新输入。")
CODE_MISSING = _("验证码无效，请重新获取。")
CODE_EXPIRED = _("验证码已过期，请重新获取。")
CODE_USED = _("验证码已使用，请重新获取。")
CODE_TOO_MANY_ATTEMPTS = _("验证码输错次数过多，请重新获取。")
CODE_SENT_ANSWER = _("如号码无误，验证码已发送，%(minutes)s 分钟内有效。")
SIGNUP_DONE = _("注册成功。居民请用手机号登录，登录后可在“我的居民账号”查看社区确认情况。")
PHONE_LOGIN_HINT = _("居民请用手机号登录")
PHONE_TAKEN = _("该手机号已注册，请直接登录；忘记密码可通过短信验证码重置。")


def _invalid(field: str, message, *, code: str | None = None) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]}, code=code)


def clean_phone(value) -> str:
    """A mainland mobile number, 11 digits starting 13–19 (spaces, dashes and +86 allowed)."""
    phone = re.sub(r"[\s\-]", "", str(value or ""))
    phone = phone.removeprefix("+86")
    if not MOBILE.fullmatch(phone):
        raise _invalid("phone", _("请填写 11 位手机号码。"))
    return phone


def phone_index(phone: str) -> str:
    return crypto.blind_index(phone, purpose="phone")


def client_key(client: str) -> str:
    """The part of a client address the per-client limit counts: the address itself for IPv4,
    its /64 network for IPv6 (one subscriber is usually given a whole /64)."""
    try:
        address = ipaddress.ip_address((client or "").strip())
    except ValueError:
        return (client or "").strip()
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _client_index(client: str) -> str:
    return crypto.blind_index(client_key(client), purpose="portal-client")


def _code_hash(phone: str, purpose: str, code: str) -> str:
    # a keyed hash (HMAC with a key derived for this purpose): a leaked table gives no code
    return crypto.blind_index(f"{purpose}:{phone}:{code}", purpose="portal-sms-code")


def _lock_keys(*indexes: str) -> None:
    """Serialise code requests for the same number or client until the transaction ends, so
    that two requests at once cannot both count the rows below a limit and both pass it. On
    PostgreSQL a transaction-scoped advisory lock per index (no row exists yet to lock: the
    number may never have had a code); SQLite serialises writers by itself."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({int(index[:15], 16) for index in indexes if index})
    with connection.cursor() as cursor:
        for key in keys:  # always in the same order: no deadlock between two requests
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _day_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def code_send(phone, purpose: str, client: str) -> None:
    """Send a 6-digit code to `phone` for `purpose` (sign-up or reset), within the limits: one
    per resend interval, so many per number a day and per client address an hour.

    The answer never says whether the number has an account: for a reset the code is sent only
    to a number that has one, for a sign-up only to one that has none; the row is kept either
    way, so the limits count the same."""
    phone = clean_phone(phone)
    if purpose not in CodePurpose.values:
        raise _invalid("purpose", _("未知的验证码用途。"))
    index, client_index = phone_index(phone), _client_index(client)
    with transaction.atomic():
        _lock_keys(index, client_index if client else "")
        now = timezone.now()  # after the wait for the lock: rows saved meanwhile are earlier
        numbers = PhoneCode.objects.filter(phone_index=index)
        last = numbers.filter(purpose=purpose).order_by("-created_at", "-pk").first()
        wait = settings.PORTAL_CODE_RESEND_SECONDS
        if wait and last is not None and last.created_at > now - datetime.timedelta(seconds=wait):
            left = wait - int((now - last.created_at).total_seconds())
            raise _invalid("phone", _("验证码已发送，请 %(seconds)s 秒后再获取。")
                           % {"seconds": max(left, 1)}, code="code_resend_too_soon")
        if numbers.filter(created_at__gte=_day_start(now)).count() >= (
                settings.PORTAL_CODES_PER_PHONE_PER_DAY):
            raise _invalid("phone", _("该号码今天获取验证码的次数已达上限，请明天再试。"),
                           code="too_many_codes")
        if client and PhoneCode.objects.filter(
                client_index=client_index,
                created_at__gte=now - datetime.timedelta(hours=1)).count() >= (
                settings.PORTAL_CODES_PER_CLIENT_PER_HOUR):
            raise _invalid("phone", _("获取验证码过于频繁，请一小时后再试。"),
                           code="too_many_codes")
        if PhoneCode.objects.filter(created_at__gte=now - datetime.timedelta(hours=1)).count() >= (
                settings.PORTAL_CODES_PER_HOUR_TOTAL):
            raise _invalid("phone", _("获取验证码的人数过多，请稍后再试。"),
                           code="too_many_codes")
        code = f"{secrets.randbelow(10 ** 6):06d}"
        row = PhoneCode(phone_index=index, client_index=client_index if client else "",
                        purpose=purpose, code_hash=_code_hash(phone, purpose, code),
                        expires_at=now + datetime.timedelta(
                            minutes=settings.PORTAL_CODE_TTL_MINUTES))
        row.save()
        # whether to send at all is decided by the job (after commit): the request does the
        # same work, and answers the same, whether or not the number has an account
        enqueue(code_send_job, code_id=row.pk, phone=crypto.encrypt(phone),
                code=crypto.encrypt(code))


@job(name="portal.code_send", max_retries=2)
def code_send_job(*, code_id: int, phone: str, code: str) -> None:
    """Deliver the code of PhoneCode `code_id` (number and code come encrypted): for a reset
    only to a number that has an account, for a sign-up only to one that has none. A failed
    delivery is logged (without the number or the code) and retried, never told to the caller."""
    row = PhoneCode.objects.filter(pk=code_id).first()
    if row is None or row.used_at is not None or row.expires_at <= timezone.now():
        return
    registered = ResidentAccount.objects.filter(phone_index=row.phone_index).exists()
    if registered != (row.purpose == CodePurpose.RESET):
        return
    try:
        providers.sms_backend().send_sms(
            phone=crypto.decrypt(phone),
            params=[crypto.decrypt(code), str(settings.PORTAL_CODE_TTL_MINUTES)],
            reference=f"portal-code-{row.pk}",
            template_id=settings.PORTAL_SMS_CODE_TEMPLATE_ID or None)
    except providers.DeliveryError as error:
        logger.warning("portal code %s not delivered (retryable: %s)", row.pk, error.retryable)
        if error.retryable:
            raise providers.DeliveryError(f"portal code {row.pk} not delivered") from None


def code_check(phone, purpose: str, code) -> PhoneCode:
    """Use the latest code sent to `phone` for `purpose`, if `code` is it. A wrong code counts
    an attempt (kept even though the check refuses); too many attempts, an expired or a used
    code each say so and must be asked for again."""
    phone = clean_phone(phone)
    code = re.sub(r"\s", "", str(code or ""))
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        row = (PhoneCode.objects.select_for_update()
               .filter(phone_index=phone_index(phone), purpose=purpose)
               .order_by("-created_at", "-pk").first())
        if row is None:
            refusal = CODE_MISSING
        elif row.used_at is not None:
            refusal = CODE_USED
        elif row.expires_at <= now:
            refusal = CODE_EXPIRED
        elif row.attempts >= settings.PORTAL_CODE_MAX_ATTEMPTS:
            refusal = CODE_TOO_MANY_ATTEMPTS
        elif not hmac.compare_digest(row.code_hash, _code_hash(phone, purpose, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            refusal = (CODE_TOO_MANY_ATTEMPTS
                       if row.attempts >= settings.PORTAL_CODE_MAX_ATTEMPTS else CODE_WRONG)
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if refusal is not None:
        raise _invalid("code", refusal, code="code_refused")
    return row


# ---- signing up ----------------------------------------------------------------------------

def _clean_password(password: str, password2: str, user) -> str:
    if not password:
        raise _invalid("password", _("请设置密码。"))
    if password != password2:
        raise _invalid("password2", _("两次输入的密码不一致。"))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(detail={"password": [str(m) for m in error.messages]}) from None
    return password


def _new_username() -> str:
    # never the phone number: a login name shows up in lists and the audit trail
    while True:
        username = f"jm{secrets.token_hex(5)}"
        if not User.objects.filter(username=username).exists():
            return username


def _apply_phone(account: ResidentAccount, phone: str) -> None:
    account.phone_encrypted = crypto.encrypt(phone)
    account.phone_index = phone_index(phone)
    account.phone_masked = identity.mask_phone(phone)


def registry_match(community: Community, name: str, id_last_six: str,
                   phone: str) -> Person | None:
    """The one person of `community`'s registry called exactly `name`, without a login, whose
    ID number ends with `id_last_six` and whose registry phone is `phone` (the number the
    code proved); None when none or several are: a name and six digits are no secret, so
    anything less is left to the staff. The candidates are locked, so that two sign-ups
    cannot link the same person."""
    candidates = (Person.objects.select_for_update(of=("self",))
                  .filter(community=community, name=name, user__isnull=True,
                          resident_account__isnull=True, phone_index=phone_index(phone))
                  .exclude(id_number_encrypted="").order_by("pk"))
    found = [person for person in candidates
             if crypto.decrypt(person.id_number_encrypted).upper().endswith(id_last_six)]
    return found[0] if len(found) == 1 else None


def _link(*, actor, account: ResidentAccount, person: Person, method: str,
          decided_by=None) -> None:
    model_update(actor=actor, instance=person, fields=["user"], data={"user": account.user})
    role_assign(actor=None, user=account.user, role=Role.RESIDENT, place=account.community)
    data = {"status": AccountStatus.MATCHED, "person": person, "method": method}
    if decided_by is not None:
        data |= {"decided_by": decided_by, "decided_at": timezone.now()}
    model_update(actor=actor, instance=account, fields=list(data), data=data)


def account_signup(*, phone, code, name: str, community: Community | None, id_last_six: str,
                   password: str, password2: str) -> ResidentAccount:
    """A login for a resident who proved the number with its code. Matched to the registry
    (the person linked, the resident role given) or left waiting for the staff's confirmation,
    which sees the portal only."""
    phone = clean_phone(phone)
    name = re.sub(r"\s+", "", name or "")
    if not name:
        raise _invalid("name", _("请填写真实姓名。"))
    if len(name) > 64:
        raise _invalid("name", _("姓名不能超过 64 个字。"))
    if community is None:
        raise _invalid("community", _("请选择您居住的社区。"))
    id_last_six = (id_last_six or "").strip().upper()
    if not ID_LAST_SIX.fullmatch(id_last_six):
        raise _invalid("id_last_six", _("请填写身份证号码的后六位（末位可为 X）。"))
    user = User(username=_new_username(), display_name=name)
    _clean_password(password, password2, user)
    code_check(phone, CodePurpose.SIGNUP, code)
    try:
        with transaction.atomic():
            if ResidentAccount.objects.filter(phone_index=phone_index(phone)).exists():
                raise _invalid("phone", PHONE_TAKEN, code="phone_taken")
            user.set_password(password)
            user.save()
            account = ResidentAccount(user=user, community=community, claimed_name=name)
            _apply_phone(account, phone)
            model_create(actor=user, instance=account)
            person = registry_match(community, name, id_last_six, phone)
            if person is not None:
                _link(actor=user, account=account, person=person, method=MatchMethod.AUTOMATIC)
            return account
    except IntegrityError:
        # only the same number signed up meanwhile (the unique phone index) is "taken"; any
        # other failure is not the resident's doing and must not be reported as one
        if ResidentAccount.objects.filter(phone_index=phone_index(phone)).exists():
            raise _invalid("phone", PHONE_TAKEN, code="phone_taken") from None
        raise


# ---- the staff's decision ------------------------------------------------------------------

def _locked_account(account: ResidentAccount) -> ResidentAccount:
    return (ResidentAccount.objects.select_for_update(of=("self",))
            .select_related("community", "user").get(pk=account.pk))


def account_confirm(*, actor, account: ResidentAccount, person: Person) -> ResidentAccount:
    """Link a waiting account to `person` of its community's registry (who has no login yet)
    and give it the resident role."""
    with transaction.atomic():
        account = _locked_account(account)
        require(actor, rules.LINK_ACCOUNT, account)
        if person is None:
            raise _invalid("person", _("请从本社区居民中选择此账号对应的居民。"))
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.community_id != account.community_id:
            raise _invalid("person", _("居民须属于该账号所选的社区。"))
        if person.user_id is not None or ResidentAccount.objects.filter(person=person).exists():
            raise _invalid("person", _("该居民已关联其他登录账号，不能重复关联。"))
        _link(actor=actor, account=account, person=person, method=MatchMethod.STAFF,
              decided_by=actor)
        return account


def account_reject(*, actor, account: ResidentAccount, note: str) -> ResidentAccount:
    """Refuse a waiting account (it keeps seeing the portal only), saying why."""
    note = (note or "").strip()
    if not note:
        raise _invalid("note", _("请填写未通过的原因。"))
    if len(note) > 200:
        raise _invalid("note", _("不能超过 %(limit)s 个字。") % {"limit": 200})
    with transaction.atomic():
        account = _locked_account(account)
        require(actor, rules.REJECT_ACCOUNT, account)
        data = {"status": AccountStatus.REJECTED, "note": note, "decided_by": actor,
                "decided_at": timezone.now()}
        model_update(actor=actor, instance=account, fields=list(data), data=data)
        return account


# ---- password reset ------------------------------------------------------------------------

def password_reset(*, phone, code, password: str, password2: str) -> None:
    """A new password for the account of `phone`, proved by a reset code. A number without an
    account never got a code, so its answer is the wrong code's, as for anyone else."""
    phone = clean_phone(phone)
    account = (ResidentAccount.objects.select_related("user")
               .filter(phone_index=phone_index(phone)).first())
    # validated against the account's user when there is one (the same rules either way)
    _clean_password(password, password2, account.user if account else None)
    code_check(phone, CodePurpose.RESET, code)
    if account is None:
        raise _invalid("code", CODE_WRONG, code="code_refused")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=account.user_id)
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_event(action=Action.PASSWORD_CHANGED, username=user.get_username(), actor=user,
                    reason="sms_reset")
