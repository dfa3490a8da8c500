"""Writes of work ledgers: ask for one (a run and its background job), and download the file
(audited: a ledger leaves the system). A refused request changes nothing."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Action
from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.jobs.engine import enqueue
from gongzhi.places.models import Community, Street
from gongzhi.reports.jobs import ledger_build_job
from gongzhi.reports.ledgers import rules
from gongzhi.reports.ledgers.choices import LedgerFormat, PeriodKind
from gongzhi.reports.ledgers.models import LedgerRun

EARLIEST_YEAR = 2000
CONTENT_TYPES = {
    LedgerFormat.PDF: "application/pdf",
    LedgerFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def period_bounds(kind: str, year: int, month: int | None,
                  today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month or the year asked for; not a period to come."""
    if kind not in PeriodKind.values:
        raise _invalid("period_kind", _("请选择月度或年度。"))
    if not isinstance(year, int) or not EARLIEST_YEAR <= year <= today.year:
        raise _invalid("year", _("请选择 %(first)s 年至今年之间的年份。")
                       % {"first": EARLIEST_YEAR})
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise _invalid("month", _("请选择月份。"))
    start = datetime.date(year, month, 1)
    if start > today:
        raise _invalid("month", _("不能生成尚未开始的月份的台账。"))
    return start, datetime.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def ledger_request(*, actor, community: Community | None = None, street: Street | None = None,
                   period_kind: str, year: int, month: int | None = None,
                   format: str, today: datetime.date | None = None) -> LedgerRun:
    """Ask for one community's ledger, or (community None) the whole street's in one file;
    it is built by a background job after the transaction commits."""
    if (community is None) == (street is None):
        raise _invalid("target", _("请选择一个社区或整个街道。"))
    require(actor, rules.REQUEST, community or street)
    if format not in LedgerFormat.values:
        raise _invalid("format", _("请选择 PDF 或 Excel。"))
    start, end = period_bounds(period_kind, year, month, today or timezone.localdate())
    run = LedgerRun(street=street or community.street, community=community,
                    period_kind=period_kind, period_start=start, period_end=end, format=format,
                    requested_by=actor)
    model_create(actor=actor, instance=run)
    enqueue(ledger_build_job, run_id=run.pk)
    return run


def file_name(run: LedgerRun) -> str:
    place = run.community.name if run.community_id else run.street.name
    period = (f"{run.period_start:%Y年%m月}" if run.period_kind == PeriodKind.MONTH
              else f"{run.period_start:%Y年}")
    return f"{place}-{period}工作台账.{run.format}"


def ledger_download(*, actor, run: LedgerRun) -> tuple[bytes, str, str]:
    """The finished file, its name and content type; the download is audited."""
    require(actor, rules.DOWNLOAD, run)
    with run.file.open("rb") as handle:
        content = handle.read()
    audit_change(actor=actor, instance=run, action=Action.EXPORT, before={}, after={
        "what": "reports.ledger", "format": run.format, "bytes": len(content),
        "period": f"{run.period_start:%Y-%m-%d}..{run.period_end:%Y-%m-%d}",
        "at": timezone.now().isoformat(timespec="seconds")})
    return content, file_name(run), CONTENT_TYPES[run.format]
