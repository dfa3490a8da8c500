"""The job engine's health, for /healthz and the operations page."""

import datetime

from django.conf import settings
from django.utils import timezone

from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import current_engine
from gongzhi.jobs.models import Job


def _broker() -> dict:
    from gongzhi.celery import app  # lazy: Celery loads only where the engine is celery

    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return {"status": "error", "error": type(error).__name__}
    return {"status": "ok"}


def job_engine_report() -> dict:
    """Engine, broker reachability (Celery), and how late the oldest due job is."""
    engine = current_engine()
    report = {"status": "ok", "engine": engine}
    if engine == "celery":
        report.update(_broker())
    now = timezone.now()
    oldest = (Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RETRYING],
                                 run_after__lte=now)
              .order_by("run_after").values_list("run_after", flat=True).first())
    report["waiting"] = Job.objects.filter(status__in=[JobStatus.QUEUED,
                                                       JobStatus.RETRYING]).count()
    report["oldest_due_seconds"] = int((now - oldest).total_seconds()) if oldest else 0
    # A due job older than the tick period plus the redispatch delay means no worker is taking
    # jobs. It is reported for monitoring to alert on, but does not fail the web's health
    # check: a load balancer must not take web processes out because the workers are down.
    late = datetime.timedelta(seconds=settings.JOBS_REDISPATCH_SECONDS
                              + settings.JOBS_TICK_SECONDS)
    report["late"] = bool(oldest and now - oldest > late)
    return report
