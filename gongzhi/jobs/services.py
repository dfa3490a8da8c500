"""Writes of the jobs app: an operator may run a failed job again."""

from django.db import transaction
from django.utils import timezone

from gongzhi.audit.services import audit_change
from gongzhi.core.actions import require
from gongzhi.core.errors import NotFound
from gongzhi.jobs import rules
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import dispatch
from gongzhi.jobs.models import Job


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Queue a failed (or waiting) job to run now, with a fresh set of retries."""
    locked = Job.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None:
        raise NotFound()
    require(actor, rules.RETRY_JOB, locked)  # the latest status, under the row's lock
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, run_after=now, attempts=0, lease_until=None,
        finished_at=None, updated_at=now)
    audit_change(actor=actor, instance=job, action="update", before={"status": locked.status},
                 after={"status": JobStatus.QUEUED})
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    job.refresh_from_db()
    return job
