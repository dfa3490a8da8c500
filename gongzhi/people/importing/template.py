"""The empty registry workbook offered for download, and the header and column formats an
export shares with it."""

import io

import openpyxl
from django.utils import translation
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongzhi.people.choices import HukouType, Relation, Sex
from gongzhi.people.importing.columns import (
    BUILDING_COLUMNS,
    BUILDING_SHEET,
    HELP_SHEET,
    RESIDENT_COLUMNS,
    RESIDENT_SHEET,
    Column,
)
from gongzhi.places.choices import AreaSource


def fill_header(sheet, columns: list[Column]) -> None:
    """The header row: required columns in red, frozen above the data."""
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
    for index, column in enumerate(columns, start=1):
        if column.key in TEXT_COLUMNS | DATE_COLUMNS:
            number_format = "@" if column.key in TEXT_COLUMNS else "yyyy-mm-dd"
            for (cell,) in sheet.iter_rows(min_row=2, max_row=rows + 1, min_col=index,
                                          max_col=index):
                cell.number_format = number_format
            sheet.column_dimensions[get_column_letter(index)].number_format = number_format


def _choice_lists(sheet, columns: list[Column], lists: dict[str, list[str]]) -> None:
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
