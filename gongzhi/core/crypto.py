"""Encryption at rest and blind indexes for sensitive personal data (PIPL art. 28, 51).

- `encrypt` / `decrypt`: Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet, with keys from
  FIELD_ENCRYPTION_KEYS (comma-separated, newest first). Adding a new key in front and running
  `manage.py rotate_encryption_keys` re-encrypts every value; old keys can then be dropped.
- `blind_index`: HMAC-SHA256 under SEARCH_INDEX_KEY, so that an exact ID number or phone can be
  found without storing it. Each purpose gets its own derived key, so the same digits give
  unrelated digests as an ID number and as a phone number.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(plain: str) -> str:
    if plain == "":
        return ""
    return _fernet(_keys()).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionFailed("no configured key decrypts this value") from None


def rotate(token: str) -> str:
    """Re-encrypt `token` under the newest key (a no-op for values already under it)."""
    if token == "":
        return ""
    return _fernet(_keys()).rotate(token.encode()).decode()


# Apps above people keep encrypted values too; each registers how to re-encrypt them (in its
# AppConfig.ready), and rotate_encryption_keys (in people) runs them all without importing them.
_rotations: dict = {}


def register_rotation(name: str, rotate) -> None:
    """`rotate(batch_size=...)` re-encrypts the app's values and returns how many."""
    _rotations[name] = rotate


def registered_rotations() -> dict:
    return dict(_rotations)


@cache
def _index_key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), f"gongzhi-index:{purpose}".encode(), hashlib.sha256).digest()


def blind_index(value: str, *, purpose: str) -> str:
    if value == "":
        return ""
    key = _index_key(settings.SEARCH_INDEX_KEY, purpose)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def derive_development_key(secret: str, purpose: str) -> str:
    """A stable key for development and tests, derived from SECRET_KEY. Never in production."""
    digest = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()
