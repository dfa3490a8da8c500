"""Reading an uploaded file (.xlsx, or .csv holding the 居民 sheet) into tables of cells, after
refusing files too large, disguised or built to exhaust memory."""

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

from gongzhi.core.errors import ValidationFailed
from gongzhi.people.importing.cells import cell_text, nfkc
from gongzhi.people.importing.columns import (
    BUILDING_COLUMNS,
    BUILDING_SHEET,
    RESIDENT_COLUMNS,
    RESIDENT_SHEET,
    Column,
)
from gongzhi.people.importing.report import WARNING, Report

logger = logging.getLogger(__name__)

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


def _header_key(text) -> str:
    text = re.sub(r"\s+", "", nfkc(cell_text(text)))
    return text.replace("*", "").replace("[", "(").replace("]", ")").replace("【", "(") \
        .replace("】", ")")


def _base_header(key: str) -> str:
    return re.sub(r"\(.*?\)", "", key)


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
        if all(cell_text(v) == "" for v in values):
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
        text = cell_text(value)
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

