"""Text helpers shared by the apps."""

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts 永泰东街3号 before 永泰东街11号 (numbers compare as numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


SORT_KEY_DIGITS = 10


def natural_sort_key(text: str) -> str:
    """natural_key as one string, to store in a column and sort on in the database.

    Each run of digits becomes its value zero-padded to ten places (仁安巷1号 →
    仁安巷0000000001号), so plain text order is numeric order, the same on SQLite and
    PostgreSQL whatever the collation. Numbers of more than ten digits do not occur in
    building, unit or room names.
    """
    return "".join(str(int(part)).zfill(SORT_KEY_DIGITS) if part.isdigit() else part
                   for part in _DIGITS.split(text.strip()))
