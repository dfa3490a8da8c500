"""A campaign's summary report for the street as a PDF (no personal names)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from gongzhi.care.campaigns import selectors


def report_html(campaign) -> str:
    with translation.override("zh-hans"):
        return render_to_string("care/campaigns/report_pdf.html", {
            "campaign": campaign, "report": selectors.report(campaign),
            "generated": timezone.localdate()})


def report_pdf(campaign) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=report_html(campaign)).write_pdf()
