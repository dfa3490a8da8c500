"""Writes of the jobs app: an operator may run a failed job again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.services import audit_change
from gongzhi.core.errors import Conflict, NotFound
from gongzhi.core.scoping import user_can
from gongzhi.jobs import rules
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import dispatch
from gongzhi.jobs.models import Job


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Queue a failed (or waiting) job to run now, with a fresh set of retries."""
    if not user_can(actor, rules.VIEW_JOB, job):
        raise NotFound()
    now = timezone.now()
    updated = Job.objects.filter(
        pk=job.pk, status__in=[JobStatus.FAILED, JobStatus.RETRYING]).update(
        status=JobStatus.QUEUED, run_after=now, attempts=0, lease_until=None,
        finished_at=None, updated_at=now)
    if not updated:
        raise Conflict(_("只有失败或等待重试的任务可以立即重试。"))
    audit_change(actor=actor, instance=job, action="update", before={"status": job.status},
                 after={"status": JobStatus.QUEUED})
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    job.refresh_from_db()
    return job
