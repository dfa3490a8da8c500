"""Reading one cell: text, dates, numbers, yes/no, units, rooms and choice labels, as people type
them into Excel or WPS."""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

_INVISIBLE = " \t\r\n\u3000\xa0\u200b\ufeff"


class BadCell(Exception):
    """A cell that cannot be read; carries what is wrong and how to fix it."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip(_INVISIBLE)


def nfkc(text: str) -> str:
    """Full-width digits, letters and brackets to their ASCII forms (４４０１ → 4401)."""
    return unicodedata.normalize("NFKC", text)


def name_key(text: str) -> str:
    """How building names are compared: spaces and full-width/half-width brackets ignored."""
    return re.sub(r"\s+", "", nfkc(text))


def norm_label(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text)).lower()


@cache
def label_map(choices) -> dict[str, str]:
    """Chinese and English labels (and the stored values) → stored value."""
    mapping = {}
    for value, label in choices.choices:
        mapping[norm_label(value)] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                mapping[norm_label(str(label))] = value
    return mapping


@cache
def chinese_label(choices, value: str) -> str:
    with translation.override("zh-hans"):
        return str(dict(choices.choices).get(value, value))


_BOOLEANS = {"是": True, "否": False, "有": True, "无": False, "y": True, "n": False,
             "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
             "√": True, "×": False}


def parse_bool(value, *, words: str) -> bool:
    if isinstance(value, bool):
        return value
    text = norm_label(cell_text(value))
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    raise BadCell(_("应填“%(words)s”") % {"words": words},
               _("只能填 %(words)s") % {"words": words.replace("”或“", " 或 ")})


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+0{1,2}:0{1,2}(?::0{1,2})?)?$")


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = nfkc(cell_text(value))
    match = _DATE.match(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise BadCell(_("日期格式不正确"), _("请写成 YYYY-MM-DD，例如 1965-03-08"))
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise BadCell(_("日期不存在"), _("请核对年、月、日")) from None


def parse_int(value, *, suffixes: Iterable[str] = ()) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError
    text = nfkc(cell_text(value))
    for suffix in suffixes:
        text = text.removesuffix(suffix)
    if not re.fullmatch(r"[+-]?\d+", text.strip()):
        raise ValueError
    return int(text)


def parse_decimal(value, *, suffixes: Iterable[str] = ()) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = nfkc(cell_text(value)).lower()
    for suffix in suffixes:
        text = text.removesuffix(suffix)
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
                   "八": "8", "九": "9", "十": "10"}


def parse_unit(value) -> str:
    text = nfkc(cell_text(value)).replace(" ", "").removesuffix("单元")
    return _CHINESE_DIGITS.get(text, text)


def parse_room(value) -> str:
    return nfkc(cell_text(value)).replace(" ", "").removesuffix("室").removesuffix("房")


def split_tags(text: str) -> list[str]:
    return [part for part in re.split(r"[、,，;；/\s]+", text) if part]

