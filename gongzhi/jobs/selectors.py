"""Reads of the jobs app."""

from django.conf import settings
from django.db.models import Count

from gongzhi.jobs import rules
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.engine import current_engine
from gongzhi.jobs.models import Job


def job_list(actor, *, status: str = "", name: str = ""):
    jobs = Job.objects.for_user(actor, rules.VIEW_JOB)
    if status:
        jobs = jobs.filter(status=status)
    if name:
        jobs = jobs.filter(name=name)
    return jobs.order_by("-created_at", "-id")


def job_status_counts(actor) -> dict[str, int]:
    rows = (Job.objects.for_user(actor, rules.VIEW_JOB).values("status")
            .annotate(count=Count("id")).order_by())
    counts = {status: 0 for status in JobStatus.values}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def job_names(actor) -> list[str]:
    return list(Job.objects.for_user(actor, rules.VIEW_JOB).order_by("name")
                .values_list("name", flat=True).distinct())


def engine_summary() -> dict:
    return {"engine": current_engine(), "queue": settings.JOBS_QUEUE}
