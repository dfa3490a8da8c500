from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.jobs import access, rules, selectors, services
from gongzhi.jobs.choices import Engine, JobStatus
from gongzhi.jobs.healthchecks import job_engine_report
from gongzhi.jobs.operations import visible_sections


def _job_next_or_end(job):
    if job.status in (JobStatus.RETRYING, JobStatus.QUEUED):
        return job.run_after
    return job.finished_at


JOB_COLUMNS = (
    Column("#", lambda job: job.pk, 8),
    Column(gettext_lazy("任务"), lambda job: job.name, 28),
    Column(gettext_lazy("状态"), lambda job: job.get_status_display()),
    Column(gettext_lazy("尝试"), lambda job: f"{job.attempts} / {job.max_attempts}"),
    Column(gettext_lazy("创建时间"), lambda job: job.created_at, 18),
    Column(gettext_lazy("下次/结束"), _job_next_or_end, 18),
    Column(gettext_lazy("最近错误"), lambda job: Truncator(job.last_error).chars(120), 48),
)


@login_required
def operations(request):
    """Queued, running, retried and failed jobs (superusers), and the sections other apps add
    (settings.OPERATIONS_SECTIONS: the deliveries for staff)."""
    user = request.user
    can_view_jobs = rules.can_view_jobs(user)
    sections = visible_sections(user)
    if not (can_view_jobs or sections):
        raise PermissionDenied()
    context = {"can_view_jobs": can_view_jobs, "sections": sections}
    if can_view_jobs:
        job_status = request.GET.get("job_status", "")
        job_status = job_status if job_status in JobStatus.values else ""
        jobs = selectors.job_list(user, status=job_status)
        if export := export_list(request, jobs, JOB_COLUMNS, what="jobs.job_list",
                                 title=gettext_lazy("后台任务")):
            return export
        context.update({
            "job_status": job_status,
            "job_statuses": JobStatus.choices,
            "job_counts": selectors.job_status_counts(user),
            "jobs": Paginator(jobs, 30).get_page(
                request.GET.get("job_page")),
            "engine": {**job_engine_report(),
                       "engine_label": Engine(selectors.engine_summary()["engine"]).label},
        })
    for section in sections:
        context.update(section.context(request))
    return render(request, "jobs/operations.html", context)


@login_required
@require_POST
def job_retry(request, pk):
    job = access.access_job(actor=request.user, id=pk)
    services.job_retry(actor=request.user, job=job)
    messages.success(request, _("任务已重新排队。"))
    return redirect("jobs:operations")
