"""Exports of list pages: the audit entry an export of personal data writes, and the view
helper that answers a list page's `?export=xlsx` with the rows the page itself lists.

A list view calls `export_list(request, rows, COLUMNS, ...)` with the same queryset (same
filters, same scope) it paginates, before paginating; the helper answers None unless the
request asks for the export. No second query path: what the page shows is what is exported."""

from django.db import transaction
from django.utils import timezone

from gongzhi.audit.services import audit_list_export
from gongzhi.core.exporting import workbook, xlsx_response

EXPORT_PARAM = "export"
EXPORT_FORMAT = "xlsx"  # the only one (audit_list_export records it)


def wants_export(request) -> bool:
    return request.GET.get(EXPORT_PARAM) == EXPORT_FORMAT


def list_filters(request) -> dict:
    """The filters of the list as the address gives them (not the page number, not `export`)."""
    return {key: request.GET.getlist(key) if len(request.GET.getlist(key)) > 1
            else request.GET.get(key)
            for key in sorted(request.GET) if key not in (EXPORT_PARAM, "page")}


def export_list(request, rows, columns, *, what: str, title: str, personal: bool = False):
    """The .xlsx of a list page's rows when the request asks `?export=xlsx`, else None.

    `rows` is the queryset (or list) the page paginates; `columns` read what the page's columns
    show (personal data masked as shown). A list holding personal data is audited: who, which
    list, its filters and how many rows."""
    if not wants_export(request):
        return None
    with transaction.atomic():
        content, count = workbook(columns, rows, title=title)
        if personal:
            audit_list_export(actor=request.user, what=what, title=title,
                              filters=list_filters(request), rows=count)
    stamp = timezone.localdate().isoformat()
    return xlsx_response(content, f"{title}-{stamp}.xlsx")
