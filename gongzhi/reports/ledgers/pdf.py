"""The ledger as PDF (WeasyPrint): a cover, contents with page numbers, each section's totals
and tables (headers repeated on every page), page numbers in the footer; the street's bundle
opens with a comparison of its communities and then has each community's ledger."""

from django.template.loader import render_to_string
from django.utils import translation

from gongzhi.reports.ledgers.building import Ledger


def ledger_html(ledger: Ledger) -> str:
    with translation.override("zh-hans"):
        return render_to_string("reports/ledgers/print.html", {
            "ledger": ledger,
            "community_names": [part.community.name for part in ledger.communities]})


def ledger_pdf(ledger: Ledger) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=ledger_html(ledger)).write_pdf()
