"""The import's background jobs: check a file, import it, drop files nobody confirmed.

Job names are stored in the job table: keep them unchanged."""

import base64
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongzhi.audit.services import audit_change
from gongzhi.core import crypto
from gongzhi.jobs.engine import job
from gongzhi.people.choices import ImportStatus
from gongzhi.people.importing.checking import Checker
from gongzhi.people.importing.reading import estimate_rows, file_kind, read_tables
from gongzhi.people.importing.report import Report
from gongzhi.people.importing.writing import write
from gongzhi.people.models import ImportRun
from gongzhi.places.models import Community

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500


class _Progress:
    """Counts rows read and checked; every PROGRESS_EVERY rows a page polling the run sees it."""

    def __init__(self, run: ImportRun, *, estimate: int):
        self.run_pk, self.estimate, self.ticks = run.pk, estimate, 0
        ImportRun.objects.filter(pk=run.pk).update(total_rows=estimate, processed_rows=0)

    def tick(self) -> None:
        # Each row is counted twice (read, then checked), so that the bar moves once through.
        self.ticks += 1
        if self.ticks % PROGRESS_EVERY == 0:
            ImportRun.objects.filter(pk=self.run_pk).update(
                processed_rows=min(self.ticks // 2, self.estimate))


def _content(run: ImportRun) -> bytes:
    return base64.b64decode(crypto.decrypt(run.content_encrypted))


def _language(run: ImportRun):
    return translation.override(getattr(run.uploaded_by, "language", "") or settings.LANGUAGE_CODE)


def _fail(run: ImportRun, error: Exception) -> None:
    logger.exception("import run %s failed", run.pk)
    with _language(run):
        message = _("导入失败，没有写入任何数据。请稍后重试，或联系管理员。")
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), updated_at=timezone.now(),
        content_encrypted="",
        summary={"error": str(message), "detail": f"{type(error).__name__}: {error}"[:500]})


def check_file(run: ImportRun, *, community: Community) -> Checker:
    content = _content(run)
    kind = file_kind(run.file_name, content)
    progress = _Progress(run, estimate=estimate_rows(kind, content))
    report = Report()
    buildings, residents = read_tables(kind, content, report, progress.tick)
    checker = Checker(community, today=timezone.localdate(), report=report)
    checker.check(buildings, residents, progress.tick)
    return checker


def _outcome(checker: Checker) -> dict:
    return {"total_rows": checker.total_rows, "valid_rows": checker.valid_rows,
            "processed_rows": checker.total_rows, "errors": checker.report.sorted_entries()}


@job(name="people.import_run_check")
def import_run_check(*, import_id):
    run = ImportRun.objects.select_related("community", "uploaded_by").filter(pk=import_id).first()
    if run is None or run.status != ImportStatus.CHECKING:
        return
    try:
        with _language(run):
            checker = check_file(run, community=run.community)
    except Exception as error:
        _fail(run, error)
        return
    status = ImportStatus.INVALID if checker.report.has_errors else ImportStatus.READY
    ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
        status=status, updated_at=timezone.now(), **_outcome(checker),
        summary={"rows_depending_on_errors": sorted(checker.skipped_rows)})


@job(name="people.import_run_execute")
def import_run_execute(*, import_id, actor_id=None):
    run = ImportRun.objects.select_related("community", "uploaded_by").filter(pk=import_id).first()
    if run is None or run.status != ImportStatus.IMPORTING:
        return
    actor = (type(run.uploaded_by).objects.filter(pk=actor_id).first() if actor_id else None) \
        or run.uploaded_by
    try:
        with _language(run):
            content = _content(run)
            kind = file_kind(run.file_name, content)
            progress = _Progress(run, estimate=estimate_rows(kind, content))
            report = Report()
            buildings, residents = read_tables(kind, content, report, progress.tick)
            with transaction.atomic():
                # One import at a time per community: the checks below must still hold when
                # the rows are written.
                community = Community.objects.select_for_update().get(pk=run.community_id)
                locked = ImportRun.objects.select_for_update().get(pk=run.pk)
                if locked.status != ImportStatus.IMPORTING:
                    return
                checker = Checker(community, today=timezone.localdate(), report=report)
                checker.check(buildings, residents, progress.tick)
                if checker.report.has_errors and not locked.only_clean_rows:
                    # The registry changed since the check: report again, write nothing.
                    ImportRun.objects.filter(pk=run.pk).update(
                        status=ImportStatus.INVALID, updated_at=timezone.now(),
                        **_outcome(checker),
                        summary={"rows_depending_on_errors": sorted(checker.skipped_rows)})
                    return
                summary = write(checker, actor=actor)
                for name, value in _outcome(checker).items():
                    setattr(locked, name, value)
                locked.status, locked.summary = ImportStatus.DONE, summary
                locked.finished_at, locked.content_encrypted = timezone.now(), ""
                locked.save(update_fields=["status", "summary", "finished_at",
                                           "content_encrypted", "total_rows", "valid_rows",
                                           "processed_rows", "errors", "updated_at"])
                audit_change(actor=actor, instance=locked, action="update",
                             before={"status": ImportStatus.IMPORTING},
                             after={"status": ImportStatus.DONE, "file_name": run.file_name,
                                    "content_digest": run.content_digest, **summary})
    except Exception as error:
        _fail(run, error)


@job(name="people.import_runs_expire")
def import_runs_expire(*, older_than_days: int = 7):
    """Drop the files of runs nobody confirmed (the report stays); to run once a day."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    return ImportRun.objects.filter(
        created_at__lt=cutoff, status__in=[ImportStatus.INVALID, ImportStatus.READY]
    ).exclude(content_encrypted="").update(content_encrypted="", updated_at=timezone.now())

