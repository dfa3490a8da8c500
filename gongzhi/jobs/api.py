"""Background jobs in the JSON API: a client that enqueued an import polls its job here."""

import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.jobs import access, rules, selectors, services
from gongzhi.jobs.choices import JobStatus

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    name: str
    status: JobStatus
    engine: str
    attempts: int
    max_retries: int
    run_after: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    last_error: str
    created_at: datetime.datetime


class JobDetailOut(JobOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this job now, as rule names (jobs.retry_job)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.JOB_ACTIONS)


@router.get("", response=list[JobOut], summary="后台任务")
@paginate(Pagination)
def job_list(request, status: str = "", name: str = ""):
    if not rules.can_view_jobs(request.auth):
        raise PermissionDenied()
    return selectors.job_list(request.auth, status=status, name=name)


@router.get("/{job_id}", response=JobDetailOut, summary="任务状态")
def job_detail(request, job_id: Id):
    return access.access_job(actor=request.auth, id=job_id)


@router.post("/{job_id}/retry", response=JobDetailOut, summary="立即重试失败的任务")
def job_retry(request, job_id: Id):
    job = access.access_job(actor=request.auth, id=job_id)
    return services.job_retry(actor=request.auth, job=job)
