"""The ledger as an Excel workbook: a summary sheet (each metric's number per community and
the total), then a sheet per section with each metric's rows. A text cell that starts with
= + - @ is neutralised (a leading apostrophe), so that no cell is ever taken for a formula."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from gongzhi.reports.ledgers.building import Ledger

RISKY = ("=", "+", "-", "@")


def safe(value):
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def _append(sheet, values) -> None:
    sheet.append([safe(value) for value in values])


def ledger_xlsx(ledger: Ledger) -> bytes:
    from openpyxl import Workbook  # lazy: a large library, needed only for a workbook
    from openpyxl.styles import Font  # lazy: as above

    bold = Font(bold=True)
    with translation.override("zh-hans"):
        book = Workbook()
        summary = book.active
        summary.title = _("汇总")
        _append(summary, [ledger.title])
        _append(summary, [_("编制单位"), ledger.issuer])
        _append(summary, [_("统计期间"), f"{ledger.run.period_start:%Y-%m-%d}",
                          f"{ledger.run.period_end:%Y-%m-%d}"])
        _append(summary, [_("编制日期"), f"{ledger.made_on:%Y-%m-%d}"])
        _append(summary, [])
        names = [part.community.name for part in ledger.communities]
        _append(summary, [_("板块"), _("指标"), _("单位"), *names, _("合计")])
        header_row = summary.max_row
        first = ledger.communities[0].sections if ledger.communities else []
        for index, section in enumerate(first):
            for position, (_key, label, _number, unit) in enumerate(section.totals):
                numbers = [part.sections[index].totals[position][2]
                           for part in ledger.communities]
                _append(summary, [section.title, label, unit, *numbers, sum(numbers)])
        for cell in summary[1] + summary[header_row]:
            cell.font = bold
        summary.column_dimensions["A"].width = 20
        summary.column_dimensions["B"].width = 20
        for index, section in enumerate(first):
            sheet = book.create_sheet(section.title[:31])
            for part in ledger.communities:
                for table in part.sections[index].tables:
                    _append(sheet, [f"{part.community.name} · {table.label}",
                                    _("%(count)s 条") % {"count": len(table.rows)}])
                    sheet.cell(row=sheet.max_row, column=1).font = bold
                    _append(sheet, table.headers)
                    for row in table.rows:
                        _append(sheet, row)
                    _append(sheet, [])
            for letter in "ABCDEF":
                sheet.column_dimensions[letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
