"""Reads of the accounts app."""

import datetime

from django.conf import settings
from django.utils import timezone

from gongzhi.accounts.models import User


def password_is_expired(user: User, now=None) -> bool:
    if user.must_change_password:
        return True
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age or user.password_changed_at is None:
        return False
    now = now or timezone.now()
    return now - user.password_changed_at > datetime.timedelta(days=max_age)


def token_list(*, actor: User):
    """The actor's own API tokens, newest first (revoked and expired ones too, for review)."""
    return actor.api_tokens.order_by("-created_at", "-pk")
