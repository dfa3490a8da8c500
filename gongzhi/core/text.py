"""Text helpers shared by the apps."""

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts 永泰东街3号 before 永泰东街11号 (numbers compare as numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))
