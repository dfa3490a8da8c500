"""Import of a community's registry from the workbook communities already keep.

One workbook with a sheet "居民" (one row per person and flat) and an optional sheet "楼栋"
(buildings to add or correct), or a .csv holding the 居民 sheet alone. The columns are described
in docs/import-template.md and in the "说明" sheet of `template_xlsx()`.

Flow: `import_run_start` keeps the upload encrypted → job `import_run_check` reads and checks every
row against the database and stores the row-level report → `import_run_confirm` → job
`import_run_execute` checks again against the database as it is then and writes everything in one
transaction, with bulk statements (no query per row), so that nothing is ever half imported.

Rules that keep an import safe to repeat and never destructive:
- people are matched by ID number (its blind index) within the community, else by name, birth
  date and flat; importing the same file twice changes nothing the second time;
- a blank cell means "not given": it never clears what is registered;
- an import adds move-ins and ownerships but never moves anyone out, ends an ownership or
  rewrites a flat; where the file disagrees with those records the report says so (a warning).
"""

import base64
import csv
import datetime
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import openpyxl
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongzhi.audit.services import audit_change, audit_changes_bulk
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core import crypto
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.jobs.engine import enqueue, job
from gongzhi.people import identity, rules
from gongzhi.people.choices import HukouType, ImportStatus, Relation, SensitiveFlag, Sex
from gongzhi.people.models import Household, ImportRun, Ownership, Person, PersonFlag, Residence
from gongzhi.people.services import (
    apply_sensitive,
    clean_person_data,
    flag_token,
    masked_snapshot,
    person_flags,
    person_id_number,
)
from gongzhi.places import rules as place_rules
from gongzhi.places.choices import AreaSource
from gongzhi.places.models import Building, Community, Flat, Unit

logger = logging.getLogger(__name__)

RESIDENT_SHEET = "居民"
BUILDING_SHEET = "楼栋"
HELP_SHEET = "说明"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DATA_ROWS = 100_000
# An .xlsx is a zip of XML: 20 MB on disk could unpack to gigabytes (one cell of a few hundred
# MB compressed 1000-fold grew the web process by 1.9 GB). A registry of MAX_DATA_ROWS rows
# unpacks to well under 200 MB at a ratio of about 10; the limits leave room above that.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PACKING_RATIO = 100          # for a member over 1 MB unpacked
# Excel keeps at most 32,767 characters in a cell; in the XML a character takes at most 6
# bytes (an escaped quote, "&quot;"), so no text or tag of a real workbook is longer than this.
MAX_CELL_CHARS = 32_767
MAX_XML_RUN_BYTES = MAX_CELL_CHARS * 6
PROGRESS_EVERY = 500
SUMMARY_KEYS = ("buildings_created", "buildings_updated", "flats_created", "people_created",
                "people_updated", "people_unchanged", "residences_created",
                "ownerships_created", "rows_skipped")
ERROR, WARNING = "error", "warning"

# The template's example rows are recognised, so that an unedited template is not imported.
# Region 440104, serial 99x: the range reserved for fictional people (docs/import-template.md).
TEMPLATE_EXAMPLE_ID = "440104196503089917"
TEMPLATE_EXAMPLE_BUILDING = "示例街1号（示例）"


# ---- columns --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key in the code, its header, whether it must be filled."""

    key: str
    title: str
    required: bool
    help: str
    example: object = ""
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.title}*" if self.required else self.title


RESIDENT_COLUMNS = [
    Column("building", "楼栋", True, "楼栋名称，与楼栋登记（或本文件“楼栋”工作表）中的名称一致。",
           TEMPLATE_EXAMPLE_BUILDING, ("楼栋名称", "楼号", "楼宇")),
    Column("unit", "单元", True, "单元号，如 1 或 1单元；不分单元的楼栋填 1。", "1",
           ("单元号",)),
    Column("room", "房号", True, "房号，如 302。", "302", ("房间号", "门牌号", "房屋")),
    Column("floor", "楼层", True, "所在楼层，整数；地下层填负数（如 -1）；不能高于楼栋层数。", 3,
           ("所在楼层",)),
    Column("floor_area", "建筑面积(平方米)", True, "房屋建筑面积，单位平方米，如 68.5。",
           Decimal("68.50"), ("面积",)),
    Column("area_source", "面积来源", False,
           "不动产登记 / 测绘报告 / 买卖合同 / 未核实；留空为“未核实”。", "不动产登记"),
    Column("name", "姓名", True, "居民姓名。", "王示例"),
    Column("sex", "性别", False, "男 / 女；留空时按身份证号确定（无身份证号时必填）。", "男"),
    Column("birth_date", "出生日期", False,
           "YYYY-MM-DD（或 Excel 日期）；留空时按身份证号确定；须与身份证号一致。",
           datetime.date(1965, 3, 8)),
    Column("id_number", "身份证号", False,
           "18 位居民身份证号码；请把本列设为“文本”格式，以免 Excel 改成科学计数法。",
           TEMPLATE_EXAMPLE_ID, ("身份证号码", "公民身份号码", "证件号码")),
    Column("phone", "联系电话", False, "11 位手机号，或带区号的固定电话（如 020-83001234）。",
           "13800001234", ("电话", "手机", "手机号", "手机号码", "联系方式")),
    Column("hukou_type", "户籍类型", False,
           "本市户籍 / 非本市户籍 / 港澳台居民 / 外籍人员；新登记的人留空为“本市户籍”。",
           "本市户籍", ("户籍",)),
    Column("relation", "与户主关系", True,
           "户主 / 配偶 / 子女 / 父母 / 孙子女 / 兄弟姐妹 / 租户 / 其他。"
           "只有产权、不在此居住的业主留空，并在“是否业主”填“是”。", "户主", ("关系",)),
    Column("moved_in_on", "入住日期", False, "YYYY-MM-DD；不能晚于今天。",
           datetime.date(1998, 6, 1), ("迁入日期",)),
    Column("is_owner", "是否业主", False, "是 / 否；留空为“否”。", "是", ("业主",)),
    Column("share_percent", "产权份额(%)", False,
           "是否业主为“是”时必填，如 100 或 50；同一房屋的份额合计不超过 100。", 100,
           ("产权份额", "份额")),
    Column("is_living_alone", "独居", False, "是 / 否。", "否", ("是否独居",)),
    Column("flags", "标签", False,
           "残疾、低保、困难群众、党员中的一个或几个，用顿号（、）、逗号或分号分隔；"
           "填“无”清除已登记的标签，留空则不改。属于敏感信息，加密保存。", "党员"),
    Column("notes", "备注", False, "其他需要说明的情况。", ""),
]

BUILDING_COLUMNS = [
    Column("name", "楼栋名称", True, "楼栋名称，全社区唯一，如 永泰东街1号。",
           TEMPLATE_EXAMPLE_BUILDING, ("楼栋", "名称")),
    Column("address", "地址", False, "门牌地址。", "广州市越秀区示例街1号（虚构地址）"),
    Column("floors", "层数", True, "地上层数，1–120。", 7, ("楼层数", "总层数")),
    Column("units", "单元数", False, "单元个数，留空为 1；导入时建立 1…n 单元。", 2),
    Column("year_built", "建成年份", False, "四位年份，如 1992。", 1992, ("建成年代",)),
    Column("has_elevator", "有无电梯", False, "有 / 无。", "无", ("电梯",)),
    Column("has_property_management", "有无物业", False, "有 / 无。", "无",
           ("物业", "有无物业管理")),
]

_COLUMN_TITLES = {(sheet, column.key): column.title
                  for sheet, columns in ((RESIDENT_SHEET, RESIDENT_COLUMNS),
                                         (BUILDING_SHEET, BUILDING_COLUMNS))
                  for column in columns}
_COLUMN_ORDER = {title: index for index, title in
                 enumerate([c.title for c in BUILDING_COLUMNS + RESIDENT_COLUMNS])}
_MASKED = {"身份证号": identity.mask_id_number, "联系电话": identity.mask_phone}


# ---- small parsers --------------------------------------------------------------------------

_INVISIBLE = " \t\r\n\u3000\xa0\u200b\ufeff"


class _Bad(Exception):
    """A cell that cannot be read; carries what is wrong and how to fix it."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def _text(value) -> str:
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


def _nfkc(text: str) -> str:
    """Full-width digits, letters and brackets to their ASCII forms (４４０１ → 4401)."""
    return unicodedata.normalize("NFKC", text)


def _name_key(text: str) -> str:
    """How building names are compared: spaces and full-width/half-width brackets ignored."""
    return re.sub(r"\s+", "", _nfkc(text))


def _header_key(text) -> str:
    text = re.sub(r"\s+", "", _nfkc(_text(text)))
    return text.replace("*", "").replace("[", "(").replace("]", ")").replace("【", "(") \
        .replace("】", ")")


def _base_header(key: str) -> str:
    return re.sub(r"\(.*?\)", "", key)


def _norm_label(text: str) -> str:
    return re.sub(r"\s+", "", _nfkc(text)).lower()


@cache
def _label_map(choices) -> dict[str, str]:
    """Chinese and English labels (and the stored values) → stored value."""
    mapping = {}
    for value, label in choices.choices:
        mapping[_norm_label(value)] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                mapping[_norm_label(str(label))] = value
    return mapping


@cache
def chinese_label(choices, value: str) -> str:
    with translation.override("zh-hans"):
        return str(dict(choices.choices).get(value, value))


_BOOLEANS = {"是": True, "否": False, "有": True, "无": False, "y": True, "n": False,
             "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
             "√": True, "×": False}


def _parse_bool(value, *, words: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _norm_label(_text(value))
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    raise _Bad(_("应填“%(words)s”") % {"words": words},
               _("只能填 %(words)s") % {"words": words.replace("”或“", " 或 ")})


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+0{1,2}:0{1,2}(?::0{1,2})?)?$")


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _nfkc(_text(value))
    match = _DATE.match(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise _Bad(_("日期格式不正确"), _("请写成 YYYY-MM-DD，例如 1965-03-08"))
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _Bad(_("日期不存在"), _("请核对年、月、日")) from None


def _parse_int(value, *, suffixes: Iterable[str] = ()) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError
    text = _nfkc(_text(value))
    for suffix in suffixes:
        text = text.removesuffix(suffix)
    if not re.fullmatch(r"[+-]?\d+", text.strip()):
        raise ValueError
    return int(text)


def _parse_decimal(value, *, suffixes: Iterable[str] = ()) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = _nfkc(_text(value)).lower()
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


def _parse_unit(value) -> str:
    text = _nfkc(_text(value)).replace(" ", "").removesuffix("单元")
    return _CHINESE_DIGITS.get(text, text)


def _parse_room(value) -> str:
    return _nfkc(_text(value)).replace(" ", "").removesuffix("室").removesuffix("房")


def _split_tags(text: str) -> list[str]:
    return [part for part in re.split(r"[、,，;；/\s]+", text) if part]


# ---- the report -----------------------------------------------------------------------------

class Report:
    """Row-level findings, in Chinese, stored unencrypted: ID numbers and phones are masked."""

    def __init__(self):
        self.entries: list[dict] = []
        self.bad_rows: set[tuple[str, int | None]] = set()
        self._seen: set[tuple] = set()

    def add(self, *, sheet: str, row: int | None, column: str, value, problem: str, fix: str,
            level: str = ERROR) -> None:
        key = (sheet, row, column, problem, level)
        if key in self._seen:
            return
        self._seen.add(key)
        shown = _text(value)
        if shown and column in _MASKED:
            shown = _MASKED[column](shown)
        self.entries.append({"row": row, "sheet": sheet, "column": column, "value": shown[:100],
                             "problem": str(problem), "fix": str(fix), "level": level})
        if level == ERROR:
            self.bad_rows.add((sheet, row))

    def is_bad(self, sheet: str, row: int) -> bool:
        return (sheet, row) in self.bad_rows

    @property
    def has_errors(self) -> bool:
        return bool(self.bad_rows)

    def sorted_entries(self) -> list[dict]:
        sheets = {"": 0, BUILDING_SHEET: 1, RESIDENT_SHEET: 2}
        return sorted(self.entries, key=lambda e: (
            e["row"] is not None, sheets.get(e["sheet"], 3), e["row"] or 0,
            _COLUMN_ORDER.get(e["column"], 99), e["level"] != ERROR))


# ---- reading the file -------------------------------------------------------------------------

@dataclass
class Table:
    sheet: str
    rows: list[tuple[int, dict]]


def file_kind(file_name: str, content: bytes) -> str:
    """"xlsx" or "csv"; anything else is refused before it is stored."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if not content:
        raise ValidationFailed(_("文件是空的。"), detail={"file": [_("文件是空的。")]})
    if len(content) > MAX_FILE_BYTES:
        message = _("文件超过 20 MB，请分成几个文件上传。")
        raise ValidationFailed(message, code="file_too_large", detail={"file": [message]})
    if suffix == "xlsx" and content.startswith(b"PK\x03\x04"):
        check_xlsx_bounds(content)
        return "xlsx"
    if suffix == "csv" and b"\x00" not in content[:8192]:
        return "csv"
    if suffix in {"xls", "et", "wps", "xlsm", "ods", "numbers"}:
        message = _("请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再上传。")
    elif suffix in {"xlsx", "csv"}:
        message = _("文件内容与扩展名不符，请重新导出后上传。")
    else:
        message = _("只能上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。")
    raise ValidationFailed(message, code="file_type", detail={"file": [message]})


def _too_large(message) -> ValidationFailed:
    return ValidationFailed(message, code="file_too_large", detail={"file": [message]})


def check_xlsx_bounds(content: bytes) -> None:
    """Refuse a workbook that would take far more memory to read than its size suggests,
    before openpyxl sees it: first from the zip's directory (the sizes it declares are the
    most zipfile will ever unpack), then by streaming its XML for any text or tag longer than
    a cell can hold, in bounded memory. A damaged zip passes here and is reported by the check.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or any(
                m.file_size > 1024 * 1024
                and m.file_size > MAX_PACKING_RATIO * max(m.compress_size, 1)
                for m in members):
            raise _too_large(_("文件解压后过大（超过 %(mb)s MB，或压缩比异常），无法导入。"
                               "请在 Excel 或 WPS 中打开检查后重新保存，或分成几个文件上传。")
                             % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)})
        for member in members:
            # Any member may be named as a sheet by the workbook's relations; pictures and
            # embedded objects are binary and never parsed.
            if not member.filename.lower().endswith(_BINARY_SUFFIXES) \
                    and _has_overlong_run(archive, member):
                raise _too_large(_("文件中有超长的单元格（Excel 单元格最多 %(n)s 个字符），"
                                   "无法导入。请检查后重新上传。") % {"n": MAX_CELL_CHARS})


def _has_overlong_run(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a member's XML has a stretch between two markup characters ("<", ">") longer
    than MAX_XML_RUN_BYTES: a cell's text, or a tag with its attributes. Streamed in chunks,
    the unfinished stretch carried over; the pattern starts only at a markup character, so the
    scan stays linear."""
    carry = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                data = b">" + carry + chunk
                if _OVERLONG_RUN.search(data):
                    return True
                carry = data[max(data.rfind(b"<"), data.rfind(b">")) + 1:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return False  # damaged or encrypted: the check reports it as unreadable
    return False


_OVERLONG_RUN = re.compile(rb"[<>][^<>]{%d}" % MAX_XML_RUN_BYTES)
_BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf",
                    ".bin", ".wdp", ".ole")


def _decode_csv(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel and WPS on Chinese Windows save CSV in the local code page (GBK ⊂ GB18030).
        return content.decode("gb18030")


def _header_lookup(columns: list[Column]) -> dict[str, str]:
    lookup = {}
    for column in columns:
        for name in (column.title, *column.aliases):
            key = _header_key(name)
            lookup.setdefault(key, column.key)
            lookup.setdefault(_base_header(key), column.key)
    return lookup


def _read_table(sheet: str, numbered_rows: Iterable[tuple[int, tuple]],
                columns: list[Column], report: Report, tick: Callable[[], None]) -> Table | None:
    lookup = _header_lookup(columns)
    titles = {c.key: c.title for c in columns}
    mapping: dict[int, str] | None = None
    rows: list[tuple[int, dict]] = []
    looked_at = 0
    for row_number, values in numbered_rows:
        if any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in values):
            report.add(sheet=sheet, row=row_number, column="", value="",
                       problem=_("单元格超过 %(n)s 个字符") % {"n": MAX_CELL_CHARS},
                       fix=_("请检查这一行，删去多余的内容后重新上传"))
            return None
        if all(_text(v) == "" for v in values):
            continue
        if mapping is None:
            looked_at += 1
            recognised = {}
            for index, value in enumerate(values):
                key = _header_key(value)
                column = lookup.get(key) or lookup.get(_base_header(key))
                if column:
                    recognised[index] = column
            if len(recognised) < 2:
                if looked_at >= 10:
                    break
                continue  # a title row above the headers
            mapping = _header_mapping(sheet, row_number, values, recognised, columns, report)
            if mapping is None:
                return None
            continue
        if len(rows) >= MAX_DATA_ROWS:
            report.add(sheet=sheet, row=row_number, column="", value="",
                       problem=_("行数超过 %(n)s 行的上限") % {"n": MAX_DATA_ROWS},
                       fix=_("请把文件分成几个较小的文件分别导入"))
            return None
        rows.append((row_number, {key: values[index] if index < len(values) else None
                                  for index, key in mapping.items()}))
        tick()
    if mapping is None:
        report.add(sheet=sheet, row=None, column="", value="",
                   problem=_("找不到列标题行"),
                   fix=_("第一行应为列标题（如 %(example)s），可下载模板对照")
                   % {"example": "、".join(titles[c.key] for c in columns[:3])})
        return None
    if not rows:
        report.add(sheet=sheet, row=None, column="", value="", problem=_("工作表中没有数据"),
                   fix=_("在列标题下面逐行填写，每行一人"))
    return Table(sheet, rows)


def _header_mapping(sheet, row_number, values, recognised, columns, report) -> dict | None:
    titles = {c.key: c.title for c in columns}
    mapping, ok = {}, True
    for index, value in enumerate(values):
        text = _text(value)
        if not text:
            continue
        key = recognised.get(index)
        if key is None:
            report.add(sheet=sheet, row=row_number, column=text, value="", level=WARNING,
                       problem=_("未识别的列，已忽略"),
                       fix=_("如是需要导入的信息，请把列标题改成模板中的名称"))
        elif key in mapping.values():
            ok = False
            report.add(sheet=sheet, row=row_number, column=titles[key], value=text,
                       problem=_("列标题重复"), fix=_("每一列只能出现一次，请删除或改名重复的列"))
        else:
            mapping[index] = key
    for column in columns:
        if column.required and column.key not in mapping.values():
            ok = False
            report.add(sheet=sheet, row=row_number, column=column.title, value="",
                       problem=_("缺少必填列“%(title)s”") % {"title": column.title},
                       fix=_("在列标题行添加该列（可下载模板对照）"))
    return mapping if ok else None


def read_tables(kind: str, content: bytes, report: Report,
                tick: Callable[[], None] = lambda: None) -> tuple[Table | None, Table | None]:
    """(楼栋 table or None, 居民 table or None); problems with the file go into `report`."""
    if kind == "csv":
        text = _decode_csv(content)
        numbered = enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        try:
            return None, _read_table(RESIDENT_SHEET, numbered, RESIDENT_COLUMNS, report, tick)
        except csv.Error:  # a field past the csv module's limit, or a stray NUL
            logger.info("unreadable csv", exc_info=True)
            report.add(sheet="", row=None, column="", value="", problem=_("无法读取该文件"),
                       fix=_("请用 Excel 或 WPS 打开后“另存为”.xlsx，再重新上传"))
            return None, None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or disguised file: openpyxl raises many kinds of errors
        logger.info("unreadable workbook", exc_info=True)
        report.add(sheet="", row=None, column="", value="", problem=_("无法读取该文件"),
                   fix=_("请用 Excel 或 WPS 打开后“另存为”.xlsx，再重新上传"))
        return None, None
    try:
        sheets = {re.sub(r"\s+", "", ws.title): ws for ws in workbook.worksheets}
        buildings = None
        if BUILDING_SHEET in sheets:
            buildings = _read_table(
                BUILDING_SHEET, enumerate(sheets[BUILDING_SHEET].iter_rows(values_only=True), 1),
                BUILDING_COLUMNS, report, tick)
        if RESIDENT_SHEET not in sheets:
            report.add(sheet=RESIDENT_SHEET, row=None, column="", value="",
                       problem=_("缺少“居民”工作表"),
                       fix=_("把登记居民的工作表命名为“居民”（可下载模板对照）"))
            return buildings, None
        residents = _read_table(
            RESIDENT_SHEET, enumerate(sheets[RESIDENT_SHEET].iter_rows(values_only=True), 1),
            RESIDENT_COLUMNS, report, tick)
        return buildings, residents
    finally:
        workbook.close()


def estimate_rows(kind: str, content: bytes) -> int:
    """A cheap upper bound of the data rows, so that progress can be shown while reading."""
    if kind == "csv":
        return max(content.count(b"\n") - 1, 0)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        try:
            return sum(max((ws.max_row or 1) - 1, 0) for ws in workbook.worksheets
                       if re.sub(r"\s+", "", ws.title) in {RESIDENT_SHEET, BUILDING_SHEET})
        finally:
            workbook.close()
    except Exception:
        return 0


# ---- what is in the database -----------------------------------------------------------------

class _State:
    """The community's buildings, flats, people, residences and ownerships, loaded once."""

    def __init__(self, community: Community):
        self.buildings = {_name_key(b.name): b
                          for b in Building.objects.filter(community=community)}
        self.units = {(u.building_id, u.number): u
                      for u in Unit.objects.filter(community=community)}
        self.flats: dict[tuple[int, str], Flat] = {}
        self.max_floor: dict[int, int] = defaultdict(int)
        for flat in Flat.objects.filter(community=community):
            self.flats[(flat.unit_id, flat.room_number)] = flat
            self.max_floor[flat.building_id] = max(self.max_floor[flat.building_id], flat.floor)
        self.people = {p.pk: p for p in Person.objects.filter(community=community)}
        self.by_index = {p.id_number_index: p for p in self.people.values() if p.id_number_index}
        # person id → (flat id, relation, household id) of the current residence
        self.current = {person_id: (flat_id, relation, household_id)
                        for person_id, flat_id, relation, household_id in
                        Residence.objects.filter(community=community, moved_out_on__isnull=True)
                        .values_list("person_id", "household__flat_id", "relation",
                                     "household_id")}
        self.households: dict[int, list[Household]] = defaultdict(list)
        for household in Household.objects.filter(community=community).order_by("pk"):
            self.households[household.flat_id].append(household)
        self.owned: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for flat_id, person_id, share in Ownership.objects.filter(
                community=community, ended_on__isnull=True).values_list(
                "flat_id", "person_id", "share_percent"):
            self.owned[flat_id][person_id] = share
        self.by_name_birth_flat: dict[tuple, Person] = {}
        flats_of = defaultdict(set)
        for person_id, (flat_id, _relation, _household) in self.current.items():
            flats_of[person_id].add(flat_id)
        for flat_id, owners in self.owned.items():
            for person_id in owners:
                flats_of[person_id].add(flat_id)
        for person in self.people.values():
            for flat_id in flats_of[person.pk] | ({person.flat_id} if person.flat_id else set()):
                self.by_name_birth_flat.setdefault((person.name, person.birth_date, flat_id),
                                                   person)
        self.flats_by_id = {flat.pk: flat for flat in self.flats.values()}
        self.buildings_by_id = {b.pk: b for b in self.buildings.values()}
        self.units_by_id = {u.pk: u for u in self.units.values()}

    def flat_label(self, flat_id: int) -> str:
        flat = self.flats_by_id.get(flat_id)
        if flat is None:
            return ""
        return (f"{self.buildings_by_id[flat.building_id].name} "
                f"{self.units_by_id[flat.unit_id].number}单元 {flat.room_number}")


# ---- checking -----------------------------------------------------------------------------

@dataclass
class _BuildingPlan:
    key: str
    name: str
    building: Building | None          # the registered building, if any
    floors: int
    unit_numbers: set[str]
    row: int | None = None             # its row in the 楼栋 sheet, if any
    bad: bool = False
    fields: dict = field(default_factory=dict)    # values of a building to create
    changes: dict = field(default_factory=dict)   # values that differ from the registered ones
    units_wanted: int = 0


@dataclass
class _FlatPlan:
    key: tuple
    building: _BuildingPlan
    unit: str
    room: str
    flat: Flat | None
    floor: int | None = None
    floor_area: Decimal | None = None
    area_source: str | None = None
    first_row: dict = field(default_factory=dict)   # which row set floor / area / source

    @property
    def label(self) -> str:
        return f"{self.building.name} {self.unit}单元 {self.room}"


@dataclass
class _RowPlan:
    row: int
    flat_key: tuple | None = None
    person_key: tuple | None = None
    relation: str = ""
    moved_in_on: datetime.date | None = None
    is_owner: bool = False
    share: Decimal | None = None
    id_number: str = ""                # as given; only ever shown masked
    name: str = ""
    birth_date: datetime.date | None = None   # only when the row's birth date is sound


@dataclass
class _PersonPlan:
    key: tuple
    person: Person | None
    values: dict                       # clean values given for this person (field → value)
    rows: list[_RowPlan] = field(default_factory=list)
    first_row_of: dict = field(default_factory=dict)   # field → row that gave it


_PERSON_COLUMNS = {"name": "姓名", "sex": "性别", "birth_date": "出生日期",
                   "id_number": "身份证号", "phone": "联系电话", "hukou_type": "户籍类型",
                   "flags": "标签", "is_living_alone": "独居", "notes": "备注"}
_PLAIN = ["name", "sex", "birth_date", "hukou_type", "is_living_alone", "notes"]


class Checker:
    """Checks every row of a file against the community's registry and plans the writes."""

    def __init__(self, community: Community, *, today: datetime.date,
                 report: Report | None = None):
        self.community = community
        self.today = today
        self.report = report or Report()
        self.state = _State(community)
        self.buildings: dict[str, _BuildingPlan] = {}
        self.flats: dict[tuple, _FlatPlan] = {}
        self.rows: list[_RowPlan] = []
        self.people: dict[tuple, _PersonPlan] = {}
        self.building_rows: list[int] = []
        self.skipped_rows: set[int] = set()   # resident rows depending on a bad row

    # -- reporting helpers
    def _error(self, sheet, row, key, value, problem, fix, level=ERROR):
        column = _COLUMN_TITLES.get((sheet, key), key)
        self.report.add(sheet=sheet, row=row, column=column, value=value, problem=problem,
                        fix=fix, level=level)

    def _missing(self, sheet, row, key, fix):
        title = _COLUMN_TITLES[(sheet, key)]
        self._error(sheet, row, key, "", _("缺少必填项“%(title)s”") % {"title": title}, fix)

    # -- the whole file
    def check(self, buildings: Table | None, residents: Table | None,
              tick: Callable[[], None] = lambda: None) -> None:
        for row, cells in buildings.rows if buildings else ():
            self.building_rows.append(row)
            self._check_building_row(row, cells)
            tick()
        for row, cells in residents.rows if residents else ():
            self._check_resident_row(row, cells)
            tick()
        self._check_people()
        self._check_heads()
        self._check_shares()
        self._find_dependent_rows()

    @property
    def total_rows(self) -> int:
        return len(self.building_rows) + len(self.rows)

    def importable_building_rows(self) -> list[int]:
        return [r for r in self.building_rows if not self.report.is_bad(BUILDING_SHEET, r)]

    def importable_rows(self) -> list[_RowPlan]:
        return [r for r in self.rows if not self.report.is_bad(RESIDENT_SHEET, r.row)
                and r.row not in self.skipped_rows]

    @property
    def valid_rows(self) -> int:
        return len(self.importable_building_rows()) + len(self.importable_rows())

    # -- 楼栋 sheet
    def _check_building_row(self, row: int, cells: dict) -> None:
        sheet = BUILDING_SHEET
        name = _nfkc(_text(cells.get("name"))).strip()
        if not name:
            self._missing(sheet, row, "name", _("填写楼栋名称，如 永泰东街1号"))
        elif len(name) > 64:
            self._error(sheet, row, "name", name, _("楼栋名称过长"), _("楼栋名称不超过 64 个字"))
        given = {}
        floors = self._int_cell(sheet, row, cells, "floors", low=1, high=120, required=True,
                                suffixes=("层",), fix=_("填写地上层数，1 到 120 之间的整数"))
        if floors is not None:
            given["floors"] = floors
        units = self._int_cell(sheet, row, cells, "units", low=1, high=50, suffixes=("个",),
                               fix=_("填写单元个数，1 到 50 之间的整数；不分单元填 1"))
        year = self._int_cell(sheet, row, cells, "year_built", low=1800, high=self.today.year,
                              suffixes=("年",),
                              fix=_("填写四位年份，不晚于今年"))
        if year is not None:
            given["year_built"] = year
        address = _text(cells.get("address"))
        if len(address) > 128:
            self._error(sheet, row, "address", address, _("地址过长"), _("地址不超过 128 个字"))
        elif address:
            given["address"] = address
        for key, model_field in (("has_elevator", "has_elevator"),
                                 ("has_property_management", "has_property_management")):
            if _text(cells.get(key)):
                try:
                    given[model_field] = _parse_bool(cells[key], words="有”或“无")
                except _Bad as bad:
                    self._error(sheet, row, key, cells[key], bad.problem, bad.fix)
        if not name:
            return
        key = _name_key(name)
        if key == _name_key(TEMPLATE_EXAMPLE_BUILDING):
            self._error(sheet, row, "name", name, _("这是模板中的示例行"),
                        _("导入前请删除示例行"))
        earlier = self.buildings.get(key)
        if earlier is not None:
            self._error(sheet, row, "name", name,
                        _("与第 %(row)s 行的楼栋重复") % {"row": earlier.row},
                        _("每栋楼只填一行"))
            return
        existing = self.state.buildings.get(key)
        if existing is not None and floors is not None:
            highest = self.state.max_floor.get(existing.pk, 0)
            if floors < highest:
                self._error(sheet, row, "floors", floors,
                            _("层数低于已登记房屋的最高楼层（%(floor)s 层）") % {"floor": highest},
                            _("核对层数；如房屋登记有误，请先在房屋页面改正"))
        bad = self.report.is_bad(sheet, row)
        wanted = units or 1
        if existing is None:
            plan = _BuildingPlan(key=key, name=name, building=None, floors=floors or 0,
                                 unit_numbers={str(n) for n in range(1, wanted + 1)}, row=row,
                                 bad=bad, units_wanted=wanted,
                                 fields={"floors": floors, "address": given.get("address", ""),
                                         "year_built": given.get("year_built"),
                                         "has_elevator": given.get("has_elevator", False),
                                         "has_property_management":
                                             given.get("has_property_management", False)})
        else:
            registered = {n for (building_id, n) in self.state.units if building_id == existing.pk}
            changes = {f: v for f, v in given.items() if getattr(existing, f) != v}
            plan = _BuildingPlan(key=key, name=existing.name, building=existing,
                                 floors=existing.floors, unit_numbers=registered, row=row,
                                 bad=bad, changes=changes, units_wanted=units or 0)
            if not bad:
                plan.floors = given.get("floors", existing.floors)
                plan.unit_numbers = registered | {str(n) for n in range(1, (units or 0) + 1)}
        self.buildings[key] = plan

    def _int_cell(self, sheet, row, cells, key, *, low, high, fix, required=False,
                  suffixes=()) -> int | None:
        value = cells.get(key)
        if _text(value) == "":
            if required:
                self._missing(sheet, row, key, fix)
            return None
        title = _COLUMN_TITLES[(sheet, key)]
        try:
            number = _parse_int(value, suffixes=suffixes)
        except ValueError:
            self._error(sheet, row, key, value, _("“%(title)s”不是整数") % {"title": title}, fix)
            return None
        if not low <= number <= high:
            self._error(sheet, row, key, value,
                        _("“%(title)s”应在 %(low)s 到 %(high)s 之间")
                        % {"title": title, "low": low, "high": high}, fix)
            return None
        return number

    def _building(self, key: str) -> _BuildingPlan | None:
        plan = self.buildings.get(key)
        if plan is None:
            existing = self.state.buildings.get(key)
            if existing is None:
                return None
            numbers = {n for (building_id, n) in self.state.units if building_id == existing.pk}
            plan = _BuildingPlan(key=key, name=existing.name, building=existing,
                                 floors=existing.floors, unit_numbers=numbers)
            self.buildings[key] = plan
        return plan

    # -- 居民 sheet
    def _check_resident_row(self, row: int, cells: dict) -> None:
        plan = _RowPlan(row=row)
        self.rows.append(plan)
        flat = self._check_place(row, cells, plan)
        self._check_person(row, cells, plan, flat)
        self._check_residence_and_ownership(row, cells, plan)

    def _check_place(self, row, cells, plan) -> _FlatPlan | None:
        sheet = RESIDENT_SHEET
        building = None
        building_name = _nfkc(_text(cells.get("building"))).strip()
        if not building_name:
            self._missing(sheet, row, "building", _("填写楼栋名称，与楼栋登记一致"))
        else:
            building = self._building(_name_key(building_name))
            if building is None:
                self._error(sheet, row, "building", building_name,
                            _("楼栋“%(name)s”未登记") % {"name": building_name},
                            _("先在“楼栋”工作表或楼栋登记中添加该楼栋，或核对楼栋名称是否与登记一致"))
            elif building.bad and building.building is None:
                self._error(sheet, row, "building", building_name,
                            _("该楼栋在“楼栋”工作表第 %(row)s 行有错误") % {"row": building.row},
                            _("先改正“楼栋”工作表第 %(row)s 行") % {"row": building.row})
                building = None
        unit = _parse_unit(cells.get("unit"))
        if not unit:
            self._missing(sheet, row, "unit", _("填写单元号，如 1；不分单元的楼栋填 1"))
        elif building is not None and unit not in building.unit_numbers:
            self._error(sheet, row, "unit", cells.get("unit"),
                        _("楼栋“%(name)s”没有 %(unit)s 单元") % {"name": building.name,
                                                              "unit": unit},
                        _("核对单元号；如单元数登记有误，请在“楼栋”工作表中填写单元数"))
            unit = ""
        room = _parse_room(cells.get("room"))
        if not room:
            self._missing(sheet, row, "room", _("填写房号，如 302"))
        elif len(room) > 16:
            self._error(sheet, row, "room", room, _("房号过长"), _("房号不超过 16 个字符"))
            room = ""
        floor = self._floor(row, cells, building)
        floor_area = self._floor_area(row, cells)
        area_source = None
        if _text(cells.get("area_source")):
            area_source = _label_map(AreaSource).get(_norm_label(_text(cells["area_source"])))
            if area_source is None:
                self._error(sheet, row, "area_source", cells["area_source"],
                            _("面积来源不在可选范围内"),
                            _("填 不动产登记、测绘报告、买卖合同 或 未核实；留空为未核实"))
        if building is None or not unit or not room:
            return None
        plan.flat_key = (building.key, unit, room)
        return self._register_flat(row, plan.flat_key, building, unit, room, floor, floor_area,
                                   area_source)

    def _floor(self, row, cells, building) -> int | None:
        sheet, value = RESIDENT_SHEET, cells.get("floor")
        if _text(value) == "":
            self._missing(sheet, row, "floor", _("填写楼层数字，如 3"))
            return None
        try:
            floor = _parse_int(value, suffixes=("层", "楼", "f"))
        except ValueError:
            self._error(sheet, row, "floor", value, _("楼层不是整数"),
                        _("填写数字，如 3；地下层填负数，如 -1"))
            return None
        if floor == 0:
            self._error(sheet, row, "floor", value, _("楼层不能为 0"),
                        _("一层填 1，地下一层填 -1"))
            return None
        if not -5 <= floor <= 120:
            self._error(sheet, row, "floor", value, _("楼层超出范围"),
                        _("楼层应在 -5 到 120 之间"))
            return None
        if building is not None and building.floors and floor > building.floors:
            self._error(sheet, row, "floor", value,
                        _("楼层高于楼栋层数（%(floors)s 层）") % {"floors": building.floors},
                        _("核对楼层和房号；如楼栋层数有误，请在“楼栋”工作表或楼栋登记中改正"))
            return None
        return floor

    def _floor_area(self, row, cells) -> Decimal | None:
        sheet, value = RESIDENT_SHEET, cells.get("floor_area")
        if _text(value) == "":
            self._missing(sheet, row, "floor_area", _("填写建筑面积（平方米），如 68.5"))
            return None
        try:
            area = _parse_decimal(value, suffixes=("平方米", "㎡", "m2", "平米"))
        except ValueError:
            self._error(sheet, row, "floor_area", value, _("建筑面积不是数字"),
                        _("填写以平方米计的数字，如 68.5"))
            return None
        if not Decimal("1") <= area <= Decimal("2000"):
            self._error(sheet, row, "floor_area", value,
                        _("建筑面积应在 1 到 2000 平方米之间"), _("核对面积，单位是平方米"))
            return None
        return area.quantize(Decimal("0.01"))

    def _register_flat(self, row, key, building, unit, room, floor, floor_area,
                       area_source) -> _FlatPlan:
        sheet = RESIDENT_SHEET
        plan = self.flats.get(key)
        if plan is None:
            existing = None
            if building.building is not None:
                unit_row = self.state.units.get((building.building.pk, unit))
                if unit_row is not None:
                    existing = self.state.flats.get((unit_row.pk, room))
            plan = self.flats[key] = _FlatPlan(key=key, building=building, unit=unit, room=room,
                                               flat=existing)
        if plan.flat is not None:
            flat = plan.flat
            if floor is not None and floor != flat.floor:
                self._error(sheet, row, "floor", floor,
                            _("与已登记的楼层（%(floor)s 层）不同，导入不会修改房屋信息")
                            % {"floor": flat.floor},
                            _("如房屋登记有误，请在房屋页面修改"), level=WARNING)
            if floor_area is not None and floor_area != flat.floor_area:
                self._error(sheet, row, "floor_area", floor_area,
                            _("与已登记的建筑面积（%(area)s 平方米）不同，导入不会修改房屋信息")
                            % {"area": flat.floor_area},
                            _("如房屋登记有误，请在房屋页面修改"), level=WARNING)
            return plan
        for name, value, title in (("floor", floor, "楼层"), ("floor_area", floor_area, "建筑面积"),
                                   ("area_source", area_source, "面积来源")):
            if value is None:
                continue
            current = getattr(plan, name)
            if current is None:
                setattr(plan, name, value)
                plan.first_row[name] = row
            elif current != value:
                self._error(sheet, row, name, value,
                            _("与第 %(row)s 行（同一房屋）的%(title)s不一致")
                            % {"row": plan.first_row[name], "title": title},
                            _("同一房屋在各行中的楼层、面积和面积来源须一致"))
        return plan

    def _check_person(self, row, cells, plan: _RowPlan, flat: _FlatPlan | None) -> None:
        sheet = RESIDENT_SHEET
        unreadable = set()
        name = _text(cells.get("name"))
        raw_id = cells.get("id_number")
        id_number = ""
        if isinstance(raw_id, float):
            unreadable.add("id_number")
            self._error(sheet, row, "id_number", raw_id,
                        _("身份证号被存成了数字，后几位可能已丢失"),
                        _("把本列设为“文本”格式后重新录入身份证号（模板中本列已设为文本）"))
        else:
            id_number = identity.normalise_id_number(_nfkc(_text(raw_id)))
        plan.id_number, plan.name = id_number, name
        if id_number == TEMPLATE_EXAMPLE_ID:
            self._error(sheet, row, "id_number", id_number, _("这是模板中的示例行"),
                        _("导入前请删除示例行"))
        given: dict = {}
        sex_text = _text(cells.get("sex"))
        if sex_text:
            sex = _label_map(Sex).get(_norm_label(sex_text))
            if sex is None:
                unreadable.add("sex")
                self._error(sheet, row, "sex", sex_text, _("性别应为“男”或“女”"),
                            _("填 男 或 女；留空时按身份证号确定"))
            else:
                given["sex"] = sex
        if _text(cells.get("birth_date")):
            try:
                given["birth_date"] = _parse_date(cells["birth_date"])
            except _Bad as bad:
                unreadable.add("birth_date")
                self._error(sheet, row, "birth_date", cells["birth_date"], bad.problem, bad.fix)
        phone_raw = cells.get("phone")
        phone = identity.normalise_phone(_nfkc(_text(phone_raw)))
        hukou_text = _text(cells.get("hukou_type"))
        if hukou_text:
            hukou = _label_map(HukouType).get(_norm_label(hukou_text))
            if hukou is None:
                unreadable.add("hukou_type")
                self._error(sheet, row, "hukou_type", hukou_text, _("户籍类型不在可选范围内"),
                            _("填 本市户籍、非本市户籍、港澳台居民 或 外籍人员"))
            else:
                given["hukou_type"] = hukou
        flags = None
        flags_text = _text(cells.get("flags"))
        if flags_text in {"无", "-", "—", "/"}:
            flags = []  # said explicitly: no tags (a blank cell leaves them as they are)
        elif flags_text:
            labels = _label_map(SensitiveFlag)
            # Unknown tags pass through, so that the person rules name them.
            flags = [labels.get(_norm_label(tag), tag) for tag in _split_tags(flags_text)]
        for key in ("is_living_alone",):
            if _text(cells.get(key)):
                try:
                    given[key] = _parse_bool(cells[key], words="是”或“否")
                except _Bad as bad:
                    self._error(sheet, row, key, cells[key], bad.problem, bad.fix)
        notes = _text(cells.get("notes"))
        if len(notes) > 2000:
            self._error(sheet, row, "notes", notes[:20], _("备注过长"), _("备注不超过 2000 字"))
        elif notes:
            given["notes"] = notes

        # Who is it? ID number first, else name + birth date + flat.
        flat_id = flat.flat.pk if flat is not None and flat.flat is not None else None
        existing, index = None, ""
        id_ok = bool(id_number) and identity.id_number_problem(id_number) is None
        if id_ok:
            index = crypto.blind_index(id_number, purpose="id-number")
            existing = self.state.by_index.get(index)
            if existing is None and flat_id:
                candidate = self.state.by_name_birth_flat.get(
                    (name, identity.birth_date_from_id(id_number), flat_id))
                if candidate is not None and not candidate.id_number_index:
                    existing = candidate
        elif not id_number and "id_number" not in unreadable and flat_id:
            existing = self.state.by_name_birth_flat.get((name, given.get("birth_date"),
                                                          flat_id))

        data = {
            "name": name,
            "sex": given.get("sex", existing.sex if existing else ""),
            "birth_date": given.get("birth_date", existing.birth_date if existing else None),
            "id_number": id_number,
            "phone": phone,
            "hukou_type": given.get("hukou_type",
                                    existing.hukou_type if existing else HukouType.LOCAL),
            "flags": flags or [],
        }
        if existing is not None and not id_number and existing.id_number_index and (
                "sex" in given or "birth_date" in given):
            data["id_number"] = person_id_number(existing)
        clean, errors = clean_person_data(data, today=self.today)
        if not errors.keys() & {"birth_date", "id_number"} and "birth_date" not in unreadable:
            plan.birth_date = clean.get("birth_date")
        for name_of_field, messages in errors.items():
            if name_of_field in unreadable or (
                    name_of_field == "sex" and "id_number" in unreadable and not sex_text):
                continue
            problem, fix = self._explain(name_of_field, messages, clean, data, given)
            self._error(sheet, row, name_of_field, cells.get(name_of_field, ""), problem, fix)

        # What this row says about the person: what it gives, and for a new person what the
        # ID number gives; defaults are applied only when the person is created.
        values = {"name": clean["name"]}
        for key in ("sex", "birth_date"):
            if key in given or existing is None:
                values[key] = clean[key]
        if "hukou_type" in given:
            values["hukou_type"] = given["hukou_type"]
        if id_ok:
            values["id_number"] = clean["id_number"]
        if phone:
            values["phone"] = clean["phone"]
        if flags is not None:
            values["flags"] = clean["flags"]
        for key in ("is_living_alone", "notes"):
            if key in given:
                values[key] = given[key]

        if existing is not None:
            key = ("pk", existing.pk)
        elif id_ok:
            key = ("id", index)
        elif id_number or "id_number" in unreadable:
            key = ("row", row)
        else:
            key = ("new", clean["name"], clean.get("birth_date"), plan.flat_key or ("row", row))
        plan.person_key = key
        person = self.people.get(key)
        if person is None:
            self.people[key] = _PersonPlan(key=key, person=existing, values=values, rows=[plan],
                                           first_row_of=dict.fromkeys(values, row))
            return
        person.rows.append(plan)
        for name_of_field, value in values.items():
            if name_of_field not in person.values:
                person.values[name_of_field] = value
                person.first_row_of[name_of_field] = row
            elif person.values[name_of_field] != value:
                self._error(sheet, row, name_of_field, cells.get(name_of_field, ""),
                            _("与第 %(row)s 行（同一人）的%(title)s不一致")
                            % {"row": person.first_row_of[name_of_field],
                               "title": _PERSON_COLUMNS[name_of_field]},
                            _("同一人在各行中的信息须一致"))

    def _explain(self, name, messages, clean, data, given) -> tuple[str, str]:
        """What is wrong and how to fix it, for the fields the person rules refused."""
        id_number = data.get("id_number") or ""
        if name == "id_number":
            problem = identity.id_number_problem(id_number) or ""
            if "校验位" in problem:
                return (_("身份证号校验位不正确"),
                        _("请核对最后一位（校验位），或对照身份证原件重新录入"))
            if "出生日期" in problem:
                return (_("身份证号中的出生日期不存在"),
                        _("第 7–14 位是出生年月日，请对照身份证原件核对"))
            return (_("身份证号应为 18 位"),
                    _("17 位数字加最后 1 位数字或 X，请检查是否多录或漏录"))
        id_ok = bool(id_number) and identity.id_number_problem(id_number) is None
        if name == "birth_date":
            birth = data.get("birth_date")
            if id_ok and birth and birth != identity.birth_date_from_id(id_number):
                return (_("出生日期与身份证号不一致"),
                        _("身份证号中的出生日期是 %(date)s；请以身份证原件为准改正其中之一")
                        % {"date": identity.birth_date_from_id(id_number).isoformat()})
            if birth and birth > self.today:
                return _("出生日期晚于今天"), _("请核对年份")
            return _("出生日期早于 1900 年"), _("请核对年份")
        if name == "sex":
            if not data.get("sex"):
                return _("缺少性别"), _("没有身份证号时须填写性别（男或女）")
            return (_("性别与身份证号不一致"),
                    _("身份证号第 17 位单数为男、双数为女；请核对性别或身份证号"))
        if name == "name":
            if not clean.get("name"):
                return (_("缺少必填项“%(title)s”") % {"title": "姓名"}, _("填写居民姓名"))
            return _("姓名过长"), _("姓名不超过 64 个字")
        if name == "phone":
            return (_("联系电话格式不正确"),
                    _("填写 11 位手机号，或带区号的固定电话（如 020-83001234）"))
        if name == "flags":
            unknown = sorted(set(data.get("flags") or []) - set(SensitiveFlag.values))
            return (_("有未知的标签：%(tags)s") % {"tags": "、".join(unknown)},
                    _("标签只能是 残疾、低保、困难群众、党员，多个用顿号（、）分隔"))
        return "；".join(messages), _("请按提示改正后重新上传")

    def _check_residence_and_ownership(self, row, cells, plan: _RowPlan) -> None:
        sheet = RESIDENT_SHEET
        if _text(cells.get("is_owner")):
            try:
                plan.is_owner = _parse_bool(cells["is_owner"], words="是”或“否")
            except _Bad as bad:
                self._error(sheet, row, "is_owner", cells["is_owner"], bad.problem, bad.fix)
        share_value = cells.get("share_percent")
        if _text(share_value):
            try:
                share = _parse_decimal(share_value, suffixes=("%",))
            except ValueError:
                self._error(sheet, row, "share_percent", share_value, _("产权份额不是数字"),
                            _("填写百分数的数字，如 100 或 50"))
            else:
                if not Decimal("0") < share <= Decimal("100") or share != share.quantize(
                        Decimal("0.01")):
                    self._error(sheet, row, "share_percent", share_value,
                                _("产权份额应大于 0、不超过 100，最多两位小数"),
                                _("填写百分数的数字，如 100 或 50"))
                elif not plan.is_owner:
                    self._error(sheet, row, "share_percent", share_value,
                                _("填了产权份额，但“是否业主”不是“是”"),
                                _("业主请在“是否业主”填“是”；不是业主请清空产权份额"))
                else:
                    plan.share = share
        elif plan.is_owner:
            self._missing(sheet, row, "share_percent",
                          _("业主须填写产权份额，如独有产权填 100"))
        relation_text = _text(cells.get("relation"))
        if relation_text:
            relation = _label_map(Relation).get(_norm_label(relation_text))
            if relation is None:
                self._error(sheet, row, "relation", relation_text,
                            _("与户主关系不在可选范围内"),
                            _("填 户主、配偶、子女、父母、孙子女、兄弟姐妹、租户 或 其他"))
            else:
                plan.relation = relation
        elif not plan.is_owner:
            self._missing(sheet, row, "relation",
                          _("填写与户主的关系，如 户主、配偶、子女；只有产权、不在此居住的业主"
                            "可留空，并在“是否业主”填“是”"))
        if _text(cells.get("moved_in_on")):
            try:
                moved_in = _parse_date(cells["moved_in_on"])
            except _Bad as bad:
                self._error(sheet, row, "moved_in_on", cells["moved_in_on"], bad.problem, bad.fix)
            else:
                birth = plan.birth_date
                if moved_in > self.today:
                    self._error(sheet, row, "moved_in_on", moved_in, _("入住日期晚于今天"),
                                _("核对年份；尚未入住的人请不要导入"))
                elif birth and moved_in < birth:
                    self._error(sheet, row, "moved_in_on", moved_in, _("入住日期早于出生日期"),
                                _("核对入住日期和出生日期"))
                else:
                    plan.moved_in_on = moved_in

    # -- checks across rows
    def _person_cell(self, plan: _RowPlan) -> tuple[str, str]:
        """The column that names the person, and its value (the report masks ID numbers)."""
        return ("id_number", plan.id_number) if plan.id_number else ("name", plan.name)

    def _check_people(self) -> None:
        sheet = RESIDENT_SHEET
        for person in self.people.values():
            if len(person.rows) > 1:
                first_home, seen_flats = None, {}
                for plan in person.rows:
                    if plan.flat_key is not None and plan.flat_key in seen_flats:
                        self._error(sheet, plan.row, *self._person_cell(plan),
                                    _("与第 %(row)s 行是同一人、同一房屋，重复登记")
                                    % {"row": seen_flats[plan.flat_key]},
                                    _("删除重复的行"))
                        continue
                    if plan.flat_key is not None:
                        seen_flats[plan.flat_key] = plan.row
                    if plan.relation:
                        if first_home is None:
                            first_home = plan.row
                        else:
                            self._error(sheet, plan.row, *self._person_cell(plan),
                                        _("与第 %(row)s 行是同一人，同一人只能有一处现住址")
                                        % {"row": first_home},
                                        _("删除重复的行；此人如在另一套房屋有产权，请把那一行的"
                                          "“与户主关系”留空、“是否业主”填“是”"))
            if person.person is None:
                continue
            current = self.state.current.get(person.person.pk)
            for plan in person.rows:
                if plan.flat_key is None:
                    continue
                flat = self.flats[plan.flat_key]
                flat_id = flat.flat.pk if flat.flat is not None else None
                if plan.relation and current and current[0] != flat_id:
                    self._error(sheet, plan.row, *self._person_cell(plan),
                                _("此人已登记住在本社区 %(flat)s")
                                % {"flat": self.state.flat_label(current[0])},
                                _("如已搬家，请先在系统中为其办理迁出再导入；否则请核对身份证号"))
                elif plan.relation and current and current[1] != plan.relation:
                    self._error(sheet, plan.row, "relation", chinese_label(Relation, plan.relation),
                                _("与已登记的与户主关系（%(relation)s）不同，导入不会修改")
                                % {"relation": chinese_label(Relation, current[1])},
                                _("如需更正，请在居民页面修改"), level=WARNING)
                elif not plan.relation and current and current[0] == flat_id:
                    self._error(sheet, plan.row, "relation", "",
                                _("此人已登记住在该房屋，导入不会办理迁出"),
                                _("如此人仍住在这里，请填写与户主关系"), level=WARNING)

    def lives_here(self, plan: _RowPlan) -> bool:
        person = self.people[plan.person_key].person
        flat = self.flats[plan.flat_key].flat
        if person is None or flat is None:
            return False
        current = self.state.current.get(person.pk)
        return current is not None and current[0] == flat.pk

    def _check_heads(self) -> None:
        heads: dict[tuple, int] = {}
        for plan in self.rows:
            if plan.relation != Relation.HEAD or plan.flat_key is None or self.lives_here(plan):
                continue
            if plan.flat_key in heads:
                self._error(RESIDENT_SHEET, plan.row, "relation", "户主",
                            _("同一房屋已有户主（第 %(row)s 行）") % {"row": heads[plan.flat_key]},
                            _("每套房屋只填一位户主；同住的另一户人家请填“租户”或“其他”"))
            else:
                heads[plan.flat_key] = plan.row

    def _check_shares(self) -> None:
        owners: dict[tuple, list[_RowPlan]] = defaultdict(list)
        for plan in self.rows:
            if plan.is_owner and plan.share is not None and plan.flat_key is not None:
                owners[plan.flat_key].append(plan)
        for flat_key, plans in owners.items():
            flat = self.flats[flat_key].flat
            registered = self.state.owned.get(flat.pk, {}) if flat is not None else {}
            new = []
            for plan in plans:
                person = self.people[plan.person_key].person
                if person is not None and person.pk in registered:
                    if registered[person.pk] != plan.share:
                        self._error(RESIDENT_SHEET, plan.row, "share_percent", plan.share,
                                    _("与已登记的产权份额（%(share)s%%）不同，导入不会修改")
                                    % {"share": _percent(registered[person.pk])},
                                    _("如产权份额有变化，请在房屋页面办理"), level=WARNING)
                else:
                    new.append(plan)
            total = sum(registered.values(), Decimal("0")) + sum(p.share for p in new)
            if total <= Decimal("100") or not new:
                continue
            already = sum(registered.values(), Decimal("0"))
            rows = "、".join(str(p.row) for p in plans)
            fix = _("核对第 %(rows)s 行的产权份额") % {"rows": rows}
            if already:
                fix += _("（已登记的业主合计 %(share)s%%）") % {"share": _percent(already)}
            for plan in new:
                self._error(RESIDENT_SHEET, plan.row, "share_percent", plan.share,
                            _("同一房屋的产权份额合计 %(total)s%%，超过 100%%")
                            % {"total": _percent(total)}, fix)

    def _find_dependent_rows(self) -> None:
        """Rows that share a flat or a person with a bad row: a household goes in whole."""
        parent = list(range(len(self.rows)))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_of: dict[tuple, int] = {}
        for index, plan in enumerate(self.rows):
            for key in (("flat", plan.flat_key), ("person", plan.person_key)):
                if key[1] is None:
                    continue
                if key in first_of:
                    parent[root(index)] = root(first_of[key])
                else:
                    first_of[key] = index
        bad_roots = {root(i) for i, plan in enumerate(self.rows)
                     if self.report.is_bad(RESIDENT_SHEET, plan.row)}
        self.skipped_rows = {plan.row for i, plan in enumerate(self.rows)
                             if root(i) in bad_roots
                             and not self.report.is_bad(RESIDENT_SHEET, plan.row)}


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


# ---- writing ------------------------------------------------------------------------------------

def write(checker: Checker, *, actor) -> dict:
    """Write the importable rows of a checked file; call inside a transaction."""
    community, state = checker.community, checker.state
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    now = timezone.now()

    # Buildings and their units: few, so the ordinary audited writes.
    for plan in checker.buildings.values():
        if plan.row is None or plan.bad:
            continue
        if plan.building is None:
            plan.building = model_create(actor=actor, instance=Building(
                community=community, name=plan.name, **plan.fields))
            summary["buildings_created"] += 1
        elif plan.changes:
            model_update(actor=actor, instance=plan.building, data=plan.changes,
                         fields=list(plan.changes))
            summary["buildings_updated"] += 1
        units = [Unit(community=community, building=plan.building, number=str(n))
                 for n in range(1, plan.units_wanted + 1)
                 if (plan.building.pk, str(n)) not in state.units]
        for unit in Unit.objects.bulk_create(units):
            state.units[(plan.building.pk, unit.number)] = unit

    rows = checker.importable_rows()
    new_flats = {}
    for row in rows:
        flat = checker.flats[row.flat_key]
        if flat.flat is None and row.flat_key not in new_flats:
            unit = state.units[(flat.building.building.pk, flat.unit)]
            new_flats[row.flat_key] = Flat(
                community=community, building_id=unit.building_id, unit=unit,
                room_number=flat.room, floor=flat.floor, floor_area=flat.floor_area,
                area_source=flat.area_source or AreaSource.UNKNOWN)
    Flat.objects.bulk_create(list(new_flats.values()))
    for key, flat in new_flats.items():
        checker.flats[key].flat = flat
    summary["flats_created"] = len(new_flats)

    # People.
    home_row = {}
    for row in rows:
        if row.relation:
            home_row[row.person_key] = row
    people_keys = list(dict.fromkeys(row.person_key for row in rows))
    created, updated, audit, flag_changes = [], [], [], {}
    update_fields = set()
    for key in people_keys:
        plan = checker.people[key]
        values = plan.values
        home = home_row.get(key)
        home_flat = checker.flats[home.flat_key].flat if home else None
        person = plan.person
        if person is None:
            person = Person(community=community, name=values["name"], sex=values["sex"],
                            birth_date=values["birth_date"],
                            hukou_type=values.get("hukou_type", HukouType.LOCAL),
                            is_living_alone=values.get("is_living_alone", False),
                            notes=values.get("notes", ""), flat=home_flat)
            apply_sensitive(person, id_number=values.get("id_number", ""),
                            phone=values.get("phone", ""), flags=values.get("flags", set()))
            plan.person = person
            created.append(person)
            if values.get("flags"):
                flag_changes[key] = values["flags"]
            continue
        before = masked_snapshot(person)
        changed = set()
        for name in _PLAIN:
            if name in values and getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed.add(name)
        if "id_number" in values and not person.id_number_index:
            apply_sensitive(person, id_number=values["id_number"])
            changed |= {"id_number_encrypted", "id_number_index", "id_number_masked"}
        if "phone" in values and person.phone_index != crypto.blind_index(
                values["phone"], purpose="phone"):
            apply_sensitive(person, phone=values["phone"])
            changed |= {"phone_encrypted", "phone_index", "phone_last4_index", "phone_masked"}
        if "flags" in values and values["flags"] != person_flags(person):
            apply_sensitive(person, flags=values["flags"])
            changed.add("sensitive_flags_encrypted")
            flag_changes[key] = values["flags"]
        if home_flat is not None and person.flat_id != home_flat.pk:
            person.flat = home_flat
            changed.add("flat")
        if not changed:
            summary["people_unchanged"] += 1
            continue
        person.updated_at = now
        update_fields |= changed
        updated.append(person)
        after = masked_snapshot(person)
        keys = {k for k in after if after[k] != before[k]}
        if "sensitive_flags_encrypted" in changed:
            keys.add("flags")  # the trail says the flags changed, never what they are
        audit.append((person, "update", {k: before[k] for k in sorted(keys)},
                      {k: after[k] for k in sorted(keys)}))
    Person.objects.bulk_create(created, batch_size=1000)
    if updated:
        Person.objects.bulk_update(updated, [*sorted(update_fields), "updated_at"],
                                   batch_size=1000)
    audit = [(person, "create", {}, masked_snapshot(person)) for person in created] + audit
    summary["people_created"], summary["people_updated"] = len(created), len(updated)

    if flag_changes:
        people = [checker.people[key].person for key in flag_changes]
        PersonFlag.objects.filter(person__in=[p for p in people if p.pk]).delete()
        PersonFlag.objects.bulk_create(
            [PersonFlag(person=checker.people[key].person, community=community,
                        token=flag_token(community.pk, flag))
             for key, flags in flag_changes.items() for flag in sorted(flags)],
            batch_size=1000)

    # Households and residences: a flat's new residents join its household; a new head of
    # a flat whose households all have a head starts a household of their own (e.g. tenants).
    movers: dict[tuple, list[_RowPlan]] = defaultdict(list)
    for row in rows:
        if row.relation and not checker.lives_here(row):
            movers[row.flat_key].append(row)
    new_households, head_changes, residences = [], [], []
    for flat_key, flat_rows in movers.items():
        flat = checker.flats[flat_key].flat
        households = state.households.get(flat.pk, [])
        head_row = next((r for r in flat_rows if r.relation == Relation.HEAD), None)
        head = checker.people[head_row.person_key].person if head_row else None
        target = None
        if head is not None:
            target = next((h for h in households if h.head_id is None), None)
            if target is not None:
                target.head = head
                target.updated_at = now
                head_changes.append(target)
        elif households:
            target = households[0]
        if target is None:
            target = Household(community=community, flat=flat, head=head)
            new_households.append(target)
            state.households[flat.pk].append(target)
        for row in flat_rows:
            residences.append(Residence(
                community=community, household=target,
                person=checker.people[row.person_key].person, relation=row.relation,
                moved_in_on=row.moved_in_on))
    Household.objects.bulk_create(new_households, batch_size=1000)
    if head_changes:
        Household.objects.bulk_update(head_changes, ["head", "updated_at"], batch_size=1000)
    Residence.objects.bulk_create(residences, batch_size=1000)
    summary["residences_created"] = len(residences)

    ownerships = []
    for row in rows:
        if not row.is_owner:
            continue
        flat = checker.flats[row.flat_key].flat
        person = checker.people[row.person_key].person
        if person.pk not in state.owned.get(flat.pk, {}):
            ownerships.append(Ownership(community=community, flat=flat, person=person,
                                        share_percent=row.share))
    Ownership.objects.bulk_create(ownerships, batch_size=1000)
    summary["ownerships_created"] = len(ownerships)

    audit_changes_bulk(actor=actor, changes=audit)
    summary["rows_skipped"] = checker.total_rows - len(rows) - len(
        checker.importable_building_rows())
    return summary


# ---- services and jobs ---------------------------------------------------------------------

def require_on_community(actor, permission: str, community: Community) -> None:
    if user_can(actor, permission, community):
        return
    if user_can(actor, place_rules.VIEW_COMMUNITY, community):
        raise PermissionDenied()
    raise NotFound()


@transaction.atomic
def import_run_start(*, actor, community: Community, file_name: str,
                     content: bytes) -> ImportRun:
    """Keep an uploaded file (encrypted) and have it checked in the background."""
    require_on_community(actor, rules.IMPORT_PERSON, community)
    file_name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    file_kind(file_name, content)
    digest = hashlib.sha256(content).hexdigest()
    run = ImportRun.objects.create(
        community=community, uploaded_by=actor, file_name=file_name,
        content_encrypted=crypto.encrypt(base64.b64encode(content).decode("ascii")),
        content_digest=digest, status=ImportStatus.CHECKING)
    audit_change(actor=actor, instance=run, action="create", before={},
                 after={"file_name": file_name, "size": len(content), "content_digest": digest})
    enqueue(import_run_check, import_id=run.pk)
    return run


@transaction.atomic
def import_run_confirm(*, actor, run: ImportRun, only_clean_rows: bool) -> ImportRun:
    """Import a checked file: all of it (READY), or only its clean rows (READY or INVALID)."""
    if not user_can(actor, rules.IMPORT_PERSON, run):
        raise NotFound()
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status == ImportStatus.INVALID:
        if not only_clean_rows:
            raise ValidationFailed(_("文件有错误：请改正后重新上传，或选择“仅导入无误的行”。"))
        if run.valid_rows == 0:
            raise ValidationFailed(_("没有可以导入的行。"))
    elif run.status != ImportStatus.READY:
        raise ValidationFailed(_("该批次的状态是“%(status)s”，不能导入。")
                               % {"status": run.get_status_display()})
    if not run.content_encrypted:
        raise ValidationFailed(_("文件已删除，请重新上传。"))
    before = {"status": run.status}
    run.status, run.only_clean_rows, run.processed_rows = (ImportStatus.IMPORTING,
                                                           only_clean_rows, 0)
    run.save(update_fields=["status", "only_clean_rows", "processed_rows", "updated_at"])
    audit_change(actor=actor, instance=run, action="update", before=before,
                 after={"status": run.status, "only_clean_rows": only_clean_rows})
    enqueue(import_run_execute, import_id=run.pk, actor_id=actor.pk)
    return run


class _Progress:
    """Counts rows read and checked; every PROGRESS_EVERY rows a page polling the run sees it."""

    def __init__(self, run: ImportRun, *, estimate: int):
        self.run_pk, self.estimate, self.ticks = run.pk, estimate, 0
        ImportRun.objects.filter(pk=run.pk).update(total_rows=estimate, processed_rows=0)

    def tick(self) -> None:
        # Each row is counted twice (read, then checked), so that the bar moves once through.
        self.ticks += 1
        if self.ticks % PROGRESS_EVERY == 0:
            ImportRun.objects.filter(pk=self.run_pk).update(
                processed_rows=min(self.ticks // 2, self.estimate))


def _content(run: ImportRun) -> bytes:
    return base64.b64decode(crypto.decrypt(run.content_encrypted))


def _language(run: ImportRun):
    return translation.override(getattr(run.uploaded_by, "language", "") or settings.LANGUAGE_CODE)


def _fail(run: ImportRun, error: Exception) -> None:
    logger.exception("import run %s failed", run.pk)
    with _language(run):
        message = _("导入失败，没有写入任何数据。请稍后重试，或联系管理员。")
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), updated_at=timezone.now(),
        content_encrypted="",
        summary={"error": str(message), "detail": f"{type(error).__name__}: {error}"[:500]})


def check_file(run: ImportRun, *, community: Community) -> Checker:
    content = _content(run)
    kind = file_kind(run.file_name, content)
    progress = _Progress(run, estimate=estimate_rows(kind, content))
    report = Report()
    buildings, residents = read_tables(kind, content, report, progress.tick)
    checker = Checker(community, today=timezone.localdate(), report=report)
    checker.check(buildings, residents, progress.tick)
    return checker


def _outcome(checker: Checker) -> dict:
    return {"total_rows": checker.total_rows, "valid_rows": checker.valid_rows,
            "processed_rows": checker.total_rows, "errors": checker.report.sorted_entries()}


@job(name="people.import_run_check")
def import_run_check(*, import_id):
    run = ImportRun.objects.select_related("community", "uploaded_by").filter(pk=import_id).first()
    if run is None or run.status != ImportStatus.CHECKING:
        return
    try:
        with _language(run):
            checker = check_file(run, community=run.community)
    except Exception as error:
        _fail(run, error)
        return
    status = ImportStatus.INVALID if checker.report.has_errors else ImportStatus.READY
    ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
        status=status, updated_at=timezone.now(), **_outcome(checker),
        summary={"rows_depending_on_errors": sorted(checker.skipped_rows)})


@job(name="people.import_run_execute")
def import_run_execute(*, import_id, actor_id=None):
    run = ImportRun.objects.select_related("community", "uploaded_by").filter(pk=import_id).first()
    if run is None or run.status != ImportStatus.IMPORTING:
        return
    actor = (type(run.uploaded_by).objects.filter(pk=actor_id).first() if actor_id else None) \
        or run.uploaded_by
    try:
        with _language(run):
            content = _content(run)
            kind = file_kind(run.file_name, content)
            progress = _Progress(run, estimate=estimate_rows(kind, content))
            report = Report()
            buildings, residents = read_tables(kind, content, report, progress.tick)
            with transaction.atomic():
                # One import at a time per community: the checks below must still hold when
                # the rows are written.
                community = Community.objects.select_for_update().get(pk=run.community_id)
                locked = ImportRun.objects.select_for_update().get(pk=run.pk)
                if locked.status != ImportStatus.IMPORTING:
                    return
                checker = Checker(community, today=timezone.localdate(), report=report)
                checker.check(buildings, residents, progress.tick)
                if checker.report.has_errors and not locked.only_clean_rows:
                    # The registry changed since the check: report again, write nothing.
                    ImportRun.objects.filter(pk=run.pk).update(
                        status=ImportStatus.INVALID, updated_at=timezone.now(),
                        **_outcome(checker),
                        summary={"rows_depending_on_errors": sorted(checker.skipped_rows)})
                    return
                summary = write(checker, actor=actor)
                for name, value in _outcome(checker).items():
                    setattr(locked, name, value)
                locked.status, locked.summary = ImportStatus.DONE, summary
                locked.finished_at, locked.content_encrypted = timezone.now(), ""
                locked.save(update_fields=["status", "summary", "finished_at",
                                           "content_encrypted", "total_rows", "valid_rows",
                                           "processed_rows", "errors", "updated_at"])
                audit_change(actor=actor, instance=locked, action="update",
                             before={"status": ImportStatus.IMPORTING},
                             after={"status": ImportStatus.DONE, "file_name": run.file_name,
                                    "content_digest": run.content_digest, **summary})
    except Exception as error:
        _fail(run, error)


@job(name="people.import_runs_expire")
def import_runs_expire(*, older_than_days: int = 7):
    """Drop the files of runs nobody confirmed (the report stays); to run once a day."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    return ImportRun.objects.filter(
        created_at__lt=cutoff, status__in=[ImportStatus.INVALID, ImportStatus.READY]
    ).exclude(content_encrypted="").update(content_encrypted="", updated_at=timezone.now())


# ---- the template ---------------------------------------------------------------------------

def fill_header(sheet, columns: list[Column]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B42318" if column.required else "1F2937")
        cell.fill = PatternFill("solid", fgColor="F3F4F6")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        width = 22 if column.key in {"id_number", "name", "building", "notes", "address"} else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


TEXT_COLUMNS = {"id_number", "phone", "room", "unit"}
DATE_COLUMNS = {"birth_date", "moved_in_on"}


def format_columns(sheet, columns: list[Column], *, rows: int) -> None:
    """ID numbers and phones as text (Excel would round them); dates as YYYY-MM-DD."""
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        if column.key in TEXT_COLUMNS | DATE_COLUMNS:
            number_format = "@" if column.key in TEXT_COLUMNS else "yyyy-mm-dd"
            for (cell,) in sheet.iter_rows(min_row=2, max_row=rows + 1, min_col=index,
                                          max_col=index):
                cell.number_format = number_format
            sheet.column_dimensions[get_column_letter(index)].number_format = number_format


def _choice_lists(sheet, columns: list[Column], lists: dict[str, list[str]]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, column in enumerate(columns, start=1):
        if column.key not in lists:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(type="list", formula1='"' + ",".join(lists[column.key]) + '"',
                                    allow_blank=True, showErrorMessage=False)
        validation.add(f"{letter}2:{letter}5000")
        sheet.add_data_validation(validation)


def template_xlsx() -> bytes:
    """An empty registry workbook: 居民 and 楼栋 with one fictional example row each, and 说明."""
    workbook = openpyxl.Workbook()
    residents = workbook.active
    residents.title = RESIDENT_SHEET
    fill_header(residents, RESIDENT_COLUMNS)
    residents.append([c.example for c in RESIDENT_COLUMNS])
    format_columns(residents, RESIDENT_COLUMNS, rows=1)
    with translation.override("zh-hans"):
        _choice_lists(residents, RESIDENT_COLUMNS, {
            "sex": [str(label) for _v, label in Sex.choices],
            "area_source": [str(label) for _v, label in AreaSource.choices],
            "hukou_type": [str(label) for _v, label in HukouType.choices],
            "relation": [str(label) for _v, label in Relation.choices],
            "is_owner": ["是", "否"], "is_living_alone": ["是", "否"],
        })
    buildings = workbook.create_sheet(BUILDING_SHEET)
    fill_header(buildings, BUILDING_COLUMNS)
    buildings.append([c.example for c in BUILDING_COLUMNS])
    _choice_lists(buildings, BUILDING_COLUMNS,
                  {"has_elevator": ["有", "无"], "has_property_management": ["有", "无"]})
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["工作表", "列", "必填", "填写说明"])
    for sheet_name, columns in ((RESIDENT_SHEET, RESIDENT_COLUMNS),
                                (BUILDING_SHEET, BUILDING_COLUMNS)):
        for column in columns:
            required = "是" if column.required else ""
            if column.key == "relation":
                required = "是（只有产权的业主除外）"
            help_sheet.append([sheet_name, column.title, required, column.help])
    for line in TEMPLATE_NOTES:
        help_sheet.append(["", "", "", line])
    for letter, width in (("A", 10), ("B", 18), ("C", 22), ("D", 90)):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATE_NOTES = [
    "",
    "通用说明：",
    "1. 第一行是列标题，列的顺序可以调整；标题带 * 的列必须填写。不认识的列会被忽略并提示。",
    "2. 每行登记一个人在一套房屋的情况。同一户的人各占一行，楼栋、单元、房号相同。",
    "3. 只有产权、不在此居住的业主：“与户主关系”留空，“是否业主”填“是”，并填写产权份额。",
    "4. 居民按身份证号识别；没有身份证号的，按姓名、出生日期和房屋识别。"
    "重复导入同一文件不会重复登记。",
    "5. 空白单元格表示“不填”，不会清除系统里已有的信息；"
    "导入不会办理迁出，也不会修改已有的房屋和产权。",
    "6. “楼栋”工作表可选：用来新增楼栋（同时建立 1…n 单元），或更正已登记楼栋的层数等信息。",
    "7. 也可上传只含“居民”一张表的 CSV 文件（UTF-8 或 GB18030 编码）。",
    "8. 上传后系统先逐行检查，给出错误清单（第几行、哪一列、什么问题、怎么改），确认后才写入。",
    "9. 第 2 行是虚构的示例，导入前请删除。",
]
