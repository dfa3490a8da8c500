"""Reads of the accounts app."""

import datetime

from django.conf import settings
from django.utils import timezone

from gongzhi.accounts.models import ApiToken, User
from gongzhi.accounts.services import token_digest


def user_for_api_token(raw: str) -> User | None:
    now = timezone.now()
    token = (ApiToken.objects.select_related("user")
             .filter(digest=token_digest(raw)).first())
    if token is None or not token.is_valid(now):
        return None
    # Write the last-use time at most once a minute: a busy client must not write every call.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_is_expired(user: User, now=None) -> bool:
    if user.must_change_password:
        return True
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age or user.password_changed_at is None:
        return False
    now = now or timezone.now()
    return now - user.password_changed_at > datetime.timedelta(days=max_age)
