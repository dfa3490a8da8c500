"""A notice for a building's board, as a PDF: large type, Chinese, from the same event that
went to the inbox, SMS and WeChat. For residents who read none of those."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from gongzhi.notifications.models import NotificationEvent


def board_notice_html(event: NotificationEvent) -> str:
    with translation.override("zh-hans"):
        return render_to_string("notifications/board_notice.html", {
            "event": event,
            "paragraphs": [line.strip() for line in event.body.splitlines() if line.strip()],
            "published": timezone.localtime(event.created_at),
        })


def board_notice_pdf(event: NotificationEvent) -> bytes:
    from weasyprint import HTML  # lazy: WeasyPrint loads Pango; pay for it only when printing

    return HTML(string=board_notice_html(event)).write_pdf()
