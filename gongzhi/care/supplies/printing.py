"""Papers of the supplies ledger: the donation receipt (捐赠收据) and the donor's statement as
PDF, the stock report as PDF and as an Excel workbook.

The receipt names its serial, the donor, each item with quantity and unit, the date, the
receiving residents' committee and the store's keeper; the statement and the report carry
counts only, no personal names."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from gongzhi.care.supplies import selectors


def committee(community) -> str:
    """The residents' committee that receives donations and keeps the ledger."""
    return _("%(community)s居民委员会") % {"community": community.name}


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=html).write_pdf()


def receipt_html(donation) -> str:
    with translation.override("zh-hans"):
        return render_to_string("care/supplies/receipt.html", {
            "donation": donation, "lines": selectors.donation_lines(donation),
            "committee": committee(donation.community)})


def receipt_pdf(donation) -> bytes:
    return _pdf(receipt_html(donation))


def statement_pdf(statement) -> bytes:
    with translation.override("zh-hans"):
        return _pdf(render_to_string("care/supplies/statement_print.html", {
            "statement": statement, "committee": committee(statement.unit.community)}))


def report_pdf(report) -> bytes:
    with translation.override("zh-hans"):
        return _pdf(render_to_string("care/supplies/report_print.html", {
            "report": report, "labels": [selectors.COLUMN_LABELS[c] for c in selectors.COLUMNS]}))


def report_xlsx(report) -> bytes:
    from openpyxl import Workbook  # lazy: a large library, needed only for a download

    with translation.override("zh-hans"):
        book = Workbook()
        sheet = book.active
        sheet.title = _("物资收发存")
        sheet.append([_("物资收发存报表"), f"{report.start:%Y-%m-%d} — {report.end:%Y-%m-%d}"])
        sheet.append([_("仓库"), _("物资"), _("单位"),
                      *[str(selectors.COLUMN_LABELS[c]) for c in selectors.COLUMNS]])
        for row in report.rows:
            sheet.append([row.store.name, row.item.name, row.item.unit, *row.values])
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
