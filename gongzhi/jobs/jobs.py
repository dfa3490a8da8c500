"""The platform's own periodic jobs: forget finished jobs after JOBS_KEEP_DAYS, and apply the
audit trail's retention.

The audit retention job is declared here, not in audit/jobs.py like other apps' jobs, because
audit sits below the job engine in the layers (docs/architecture.md): every write, a job's
retry included, is audited, so the engine's app imports audit and audit cannot import it.
"""

import datetime

from django.conf import settings

from gongzhi.audit.services import audit_retention_purge
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import daily, job
from gongzhi.jobs.models import Job


@job(name="jobs.prune", max_retries=1, schedule=daily("04:10"))
def jobs_prune(*, scheduled_for: str) -> None:
    before = datetime.datetime.fromisoformat(scheduled_for) - datetime.timedelta(
        days=settings.JOBS_KEEP_DAYS)
    Job.objects.filter(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED],
                       finished_at__lt=before).delete()


@job(name="audit.retention", max_retries=3,
     schedule=lambda: daily(settings.AUDIT_RETENTION_TIME))
def audit_retention(*, scheduled_for: str) -> None:
    """Delete audit entries past the retention period, judged at the scheduled time."""
    audit_retention_purge(as_of=datetime.datetime.fromisoformat(scheduled_for))
