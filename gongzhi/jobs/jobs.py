"""The engine's own periodic job: forget finished jobs after JOBS_KEEP_DAYS."""

import datetime

from django.conf import settings

from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import daily, job
from gongzhi.jobs.models import Job


@job(name="jobs.prune", max_retries=1, schedule=daily("04:10"))
def jobs_prune(*, scheduled_for: str) -> None:
    before = datetime.datetime.fromisoformat(scheduled_for) - datetime.timedelta(
        days=settings.JOBS_KEEP_DAYS)
    Job.objects.filter(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED],
                       finished_at__lt=before).delete()
