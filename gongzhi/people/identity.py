"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: validation and masking."""

import datetime
import re

from gongzhi.core.text import mask_id_number, mask_name, mask_phone  # noqa: F401

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str | None:
    """None if `value` is a valid 18-digit ID number, else what is wrong (in Chinese)."""
    if not _ID.match(value):
        return "身份证号应为 18 位：17 位数字加 1 位数字或 X。"
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期不存在。"
    if id_check_digit(value[:17]) != value[17]:
        return "身份证号校验位不正确，可能有数字录错。"
    return None


def birth_date_from_id(value: str) -> datetime.date:
    return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def sex_from_id(value: str) -> str:
    return "male" if int(value[16]) % 2 else "female"


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", (value or "")).removeprefix("+86")


def phone_problem(value: str) -> str | None:
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return None
    return "电话号码应为 11 位手机号，或带区号的固话（如 020-83001234）。"


# the masks live in core, where the audit trail (below people) uses them too
