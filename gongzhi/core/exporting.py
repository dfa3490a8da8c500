"""Spreadsheets of what a list page shows: one workbook from columns and rows, the neutraliser
that keeps a cell from being read as a formula, and the download response.

The auditing of exports that hold personal data, and the view helper that answers a list
page's `?export=xlsx` with the page's own rows, live in gongzhi/audit/exporting.py (core may
not import the audit app)."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

import openpyxl
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(cell) -> None:
    """A text cell that starts with = + - or @ stays text, never a formula, in Excel (formula
    injection): stored as a string with Excel's own quote prefix, so the value itself is kept
    as written (an export read back, or imported again, gives the same text)."""
    if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet, values) -> None:
    """Add a line of values to the sheet, each formula-looking text neutralised."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        neutralise(cell)


def _cell(value):
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: local time, as the page shows it.
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(
                value) else value
        return value
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a list's export: its header (what the page's column says) and how to read
    a row's cell. The reader must not query: it reads what the list's queryset brought."""

    header: str
    value: Callable
    width: int = 16


def workbook(columns: Iterable[Column], rows: Iterable, *, title: str) -> tuple[bytes, int]:
    """The workbook (one sheet: the headers, then one line per row) and how many rows it holds."""
    columns = list(columns)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "".join(c for c in str(title) if c not in "[]:*?/\\'")[:31] or "Sheet"
    append_row(sheet, [str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        append_row(sheet, [_cell(column.value(row)) for column in columns])
        count += 1
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response["Cache-Control"] = "no-store"  # a list may hold personal data
    return response
