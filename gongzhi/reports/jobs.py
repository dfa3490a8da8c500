"""Background jobs of reports (the job engine finds `<app>.jobs` modules): building a work
ledger. Job names are stored in the job table: keep them unchanged."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongzhi.jobs.engine import job
from gongzhi.reports.ledgers import building, pdf, xlsx
from gongzhi.reports.ledgers.choices import LedgerFormat, RunStatus
from gongzhi.reports.ledgers.models import LedgerRun

logger = logging.getLogger(__name__)

RENDERERS = {LedgerFormat.PDF: pdf.ledger_pdf, LedgerFormat.XLSX: xlsx.ledger_xlsx}


def _progress(run_id: int):
    def on_step(percent: int, step: str) -> None:
        LedgerRun.objects.filter(pk=run_id).update(progress=percent, step=step[:64],
                                                   updated_at=timezone.now())
    return on_step


def build_ledger(run_id: int) -> None:
    """Read the ledger section by section (progress recorded as it goes), render it whole,
    then store the file and mark the run done. A failure marks it failed with a message and
    stores no file: the file is saved only once it was rendered whole."""
    run = (LedgerRun.objects.select_related("street", "community", "requested_by")
           .filter(pk=run_id).first())
    if run is None or run.status in (RunStatus.DONE, RunStatus.FAILED):
        return
    LedgerRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, progress=0,
                                               step="", error="", updated_at=timezone.now())
    try:
        with translation.override("zh-hans"):
            ledger = building.build(run, on_step=_progress(run_id))
            content = RENDERERS[run.format](ledger)
            name = f"ledger.{run.format}"  # stored under a random name (ledger_file_path)
        run.file.save(name, ContentFile(content), save=False)
    except Exception as error:
        logger.exception("ledger run %s failed", run_id)
        with translation.override("zh-hans"):
            message = _("生成失败：%(error)s") % {"error": type(error).__name__}
        LedgerRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=message[:200], file="", finished_at=timezone.now(),
            updated_at=timezone.now())
        return
    LedgerRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, progress=100, step=_("完成"), file=run.file.name,
        finished_at=timezone.now(), updated_at=timezone.now())


@job(name="reports.ledger_build", max_retries=0)
def ledger_build_job(*, run_id: int) -> None:
    build_ledger(run_id)
