"""Writes of the accounts app: logging in (with lock-out), tokens, roles, preferences."""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts import rules
from gongzhi.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User
from gongzhi.accounts.roles import ROLE_LEVEL
from gongzhi.audit.choices import Action, Outcome
from gongzhi.audit.services import audit_change, audit_event
from gongzhi.audit.writes import model_update
from gongzhi.core.actions import require
from gongzhi.core.crypto import blind_index
from gongzhi.core.errors import DomainError, PermissionDenied, ValidationFailed
from gongzhi.core.text import mask_phone


class InvalidCredentials(DomainError):
    status = 401
    code = "invalid_credentials"
    default_message = _("用户名或密码不正确。")


class LockedOut(DomainError):
    status = 429
    code = "locked_out"
    default_message = _("登录失败次数过多，账号已临时锁定，请稍后再试。")


class PasswordChangeRequired(DomainError):
    status = 403
    code = "password_change_required"
    default_message = _("密码已过期或须在首次登录时修改，请先在网页上修改密码。")


def _user_scope(user: User | None) -> dict:
    if user is None:
        return {}
    first = user.role_assignments.select_related(
        "district", "street", "community", "grid").order_by("pk").first()
    return first.scope_ids() if first else {}


def login_authenticate(*, username: str, password: str, request=None) -> User:
    """Check a username and password, counting failures and locking the account name.

    After LOGIN_FAILURE_LIMIT failures in a row the name is locked for LOGIN_LOCKOUT_MINUTES,
    whether or not such a user exists, so the lock reveals nothing. While locked even the right
    password is refused. Each attempt is counted, under the throttle row's lock, before the
    password is checked: requests sent in parallel cannot get more than the limit of checks.
    """
    username = (username or "").strip()
    now = timezone.now()
    # counted per identifier as typed: a phone number has its own lock-out, kept (and audited)
    # without the number itself
    key, shown = login_identifier(username)
    attempt = _attempt_count(username=key, shown=shown, now=now)
    resolved = login_name_of(username)
    # an identifier that resolves to nobody is checked as a user name: Django's backend then
    # runs the hasher once on a dummy password, so an unknown number takes as long as a wrong
    # password and gets the same answer
    user = authenticate(request, username=resolved or username, password=password)
    if user is None:
        _attempt_failed(username=key, shown=shown, attempt=attempt, now=now)
        raise InvalidCredentials()

    LoginThrottle.objects.filter(username=key).delete()
    audit_event(action=Action.LOGIN, username=user.get_username(), actor=user,
                scope=_user_scope(user))
    return user


MOBILE = re.compile(r"1[3-9][0-9]{9}")


def login_identifier(identifier: str) -> tuple[str, str]:
    """(the key its failures are counted under, how the audit trail names it): a user name as
    typed; a mobile number by a keyed index and masked, never the number itself."""
    if MOBILE.fullmatch(identifier):
        return "phone:" + blind_index(identifier, purpose="login-phone"), mask_phone(identifier)
    return identifier, identifier


def login_name_of(identifier: str) -> str | None:
    """The user name an identifier other than a user name (a resident's mobile number) stands
    for, asked of the resolvers in settings.ACCOUNTS_LOGIN_RESOLVERS (dotted paths of
    functions taking the identifier and returning a User or None, given by apps above this
    one); None when none resolves it."""
    for path in settings.ACCOUNTS_LOGIN_RESOLVERS:
        user = import_string(path)(identifier)
        if user is not None:
            return user.get_username()
    return None


def _attempt_count(*, username: str, shown: str, now: datetime.datetime) -> int:
    """Count one more attempt for `username` and return its number, or refuse it when the
    name is locked or the attempts still being checked have used up the limit."""
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
            username=username)
        window = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        if throttle.is_locked(now):
            refused_until = throttle.locked_until
        else:
            if throttle.locked_until is not None or (
                    throttle.last_failure_at is not None
                    and now - throttle.last_failure_at > window):
                # A lock that has run out, or only old failures: an old typo is forgotten.
                throttle.failures, throttle.locked_until = 0, None
            refused_until = None
            if throttle.failures >= settings.LOGIN_FAILURE_LIMIT:
                # Parallel attempts already took every check the limit allows.
                throttle.locked_until = refused_until = now + window
            else:
                throttle.failures += 1
                throttle.last_failure_at = now
            throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    if refused_until is not None:
        audit_event(action=Action.LOGIN_FAILED, username=shown, outcome=Outcome.FAILURE,
                    reason="locked")
        raise LockedOut(detail={"locked_until": refused_until.isoformat()})
    return throttle.failures


def _attempt_failed(*, username: str, shown: str, attempt: int,
                    now: datetime.datetime) -> None:
    """Record a wrong password; the attempt that reaches the limit locks the name."""
    user = User.objects.filter(username=username).first()
    audit_event(action=Action.LOGIN_FAILED, username=shown, outcome=Outcome.FAILURE,
                scope=_user_scope(user))
    if attempt < settings.LOGIN_FAILURE_LIMIT:
        return
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
            username=username)
        newly_locked = not throttle.is_locked(now)
        if newly_locked:
            throttle.locked_until = now + datetime.timedelta(
                minutes=settings.LOGIN_LOCKOUT_MINUTES)
        throttle.failures = 0
        throttle.save(update_fields=["failures", "locked_until"])
    if newly_locked:
        audit_event(action=Action.LOCKED_OUT, username=shown, outcome=Outcome.FAILURE,
                    scope=_user_scope(user))
    raise LockedOut(detail={"locked_until": throttle.locked_until.isoformat()})


def logout_record(*, user: User) -> None:
    audit_event(action=Action.LOGOUT, username=user.get_username(), actor=user)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class InvalidRefreshToken(DomainError):
    status = 401
    code = "invalid_refresh_token"
    default_message = _("续期令牌无效、已过期或已被使用，请重新登录。")


@dataclass(frozen=True)
class IssuedToken:
    """A new bearer token and its refresh token; the raw values exist only here, once."""

    token: str
    expires_at: datetime.datetime
    refresh_token: str
    refresh_expires_at: datetime.datetime


def api_token_create(*, user: User) -> IssuedToken:
    """Issue a bearer token with its refresh token; only their digests are stored."""
    now = timezone.now()
    raw, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, digest=token_digest(raw), refresh_digest=token_digest(refresh),
        expires_at=now + datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS),
        refresh_expires_at=now + datetime.timedelta(days=settings.API_REFRESH_TTL_DAYS))
    audit_event(action=Action.TOKEN_CREATED, username=user.get_username(), actor=user)
    return IssuedToken(token=raw, expires_at=token.expires_at, refresh_token=refresh,
                       refresh_expires_at=token.refresh_expires_at)


def api_token_lookup(*, raw: str) -> ApiToken | None:
    """The valid token with this raw value, if any; notes when it was last used."""
    now = timezone.now()
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.is_valid(now):
        return None
    # Write the last-use time at most once a minute: a busy client must not write every call.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_user(*, raw: str) -> User | None:
    """The user a bearer token belongs to, if it is valid."""
    token = api_token_lookup(raw=raw)
    return token.user if token is not None else None


def api_token_refresh(*, raw_refresh: str) -> IssuedToken:
    """Trade a refresh token for a new pair; the old pair is revoked, so each refresh token
    works once. A refresh token used twice means it was copied: every token of its user is
    revoked."""
    now = timezone.now()
    with transaction.atomic():
        token = (ApiToken.objects.select_for_update().select_related("user")
                 .filter(refresh_digest=token_digest(raw_refresh)).first())
        if token is None:
            raise InvalidRefreshToken()
        if token.revoked_reason == "refreshed":
            api_tokens_revoke_all(user=token.user, reason="refresh_reused")
        if not token.can_refresh(now):
            token = None
        else:
            _revoke(token, reason="refreshed", now=now)
    if token is None:
        raise InvalidRefreshToken()
    return api_token_create(user=token.user)


def _revoke(token: ApiToken, *, reason: str, now: datetime.datetime) -> None:
    token.revoked_at, token.revoked_reason = now, reason
    token.save(update_fields=["revoked_at", "revoked_reason"])


def api_token_revoke(*, actor: User, token: ApiToken, reason: str = "revoked") -> None:
    """Revoke one token: its owner's own (logout, the token list), or any by a superuser."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied()
    if token.revoked_at is not None:
        return
    _revoke(token, reason=reason, now=timezone.now())
    audit_event(action=Action.TOKEN_REVOKED, username=token.user.get_username(), actor=actor,
                reason=f"{reason} #{token.pk}")


def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    count = user.api_tokens.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason)
    if count:
        audit_event(action=Action.TOKEN_REVOKED, username=user.get_username(), actor=user,
                    reason=f"{reason} ×{count}")
    return count


@transaction.atomic
def role_assign(*, actor, user: User, role: str, place) -> RoleAssignment:
    """Give `user` a role bound to `place`, which must be of the role's level."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    level = ROLE_LEVEL[role]
    expected_model = {"district": "district", "street": "street", "community": "community",
                      "grid": "grid"}[level]
    if place._meta.model_name != expected_model:
        raise ValidationFailed(_("该角色须绑定到对应层级的地点。"), detail={"place": [level]})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, level=level, **{level: place})
    if created:
        audit_change(actor=actor, instance=assignment, action=Action.CREATE, before={},
                     after={"user": user.username, "role": role, level: place.pk})
    user.__dict__.pop("_scope_grants", None)
    user.__dict__.pop("_roles", None)
    return assignment


@transaction.atomic
def user_preferences_update(*, actor: User, large_text: bool | None = None,
                            high_contrast: bool | None = None,
                            language: str | None = None) -> list[str]:
    data = {}
    if large_text is not None:
        data["large_text"] = large_text
    if high_contrast is not None:
        data["high_contrast"] = high_contrast
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationFailed(detail={"language": [str(_("不支持的语言。"))]})
        data["language"] = language
    return model_update(actor=actor, instance=actor, data=data,
                        fields=["large_text", "high_contrast", "language"])


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> None:
    require(actor, rules.CHANGE_PASSWORD, actor)
    if not actor.check_password(old_password):
        raise ValidationFailed(detail={"old_password": [str(_("原密码不正确。"))]})
    if old_password == new_password:
        raise ValidationFailed(detail={"new_password": [str(_("新密码不能与原密码相同。"))]})
    try:
        password_validation.validate_password(new_password, actor)
    except ValidationError as error:
        raise ValidationFailed(detail={"new_password": [str(m) for m in error.messages]}) from None
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_event(action=Action.PASSWORD_CHANGED, username=actor.get_username(), actor=actor)
