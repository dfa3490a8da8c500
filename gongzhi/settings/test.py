"""Test settings: the base settings with a fast password hasher and no cross-test state."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS

# Argon2 is deliberately slow; tests that check hashing use the base list explicitly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = "/tmp/gongzhi-test-media"
LANGUAGE_CODE = "zh-hans"

# Jobs run synchronously when the enqueueing transaction commits: in a test, inside
# `django_capture_on_commit_callbacks(execute=True)` (pytest-django keeps every test in a
# transaction). Tests of the real engines switch this off for themselves.
JOBS_EAGER = True
NOTIFICATIONS_SMS_BACKEND = "locmem"
NOTIFICATIONS_WECHAT_BACKEND = "locmem"
NOTIFICATIONS_FILE_PATH = "/tmp/gongzhi-test-outbox.jsonl"
SITE_URL = "http://testserver"
