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


# ---- masking personal data -----------------------------------------------------------------
# Chinese resident ID numbers (GB 11643-1999), mobiles and landlines, as lists, logs and the
# audit trail show them: 4401**********1234, 138****5678.

# mobiles also when written in groups: 13800138001, 138 0013 8001, 138-0013-8001, and with the
# country code in front (+8613800138001, 8613800138001, as providers quote them)
MOBILE_IN_TEXT = re.compile(
    r"(?:(?<!\d)|(?<=(?<!\d)86)|(?<=\+86))1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?!\d)")
LANDLINE_IN_TEXT = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_id_number(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳明华 → 欧**华: for public notices that must not identify anyone."""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_personal_data(text: str, names=()) -> str:
    """Mask ID numbers, phone numbers and the given names (e.g. a reporter's) in free text."""
    text = ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"[ \-]", "", m.group())), text)
    text = LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
