from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.scoping import ScopedQuerySet
from gongzhi.jobs.choices import Engine, JobStatus

WAITING = (JobStatus.QUEUED, JobStatus.RETRYING)
FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    """One run of a background job: which function, with which arguments, and how it went."""

    name = models.CharField(_("任务"), max_length=100, db_index=True)
    # Where the function is defined: a worker that has not imported it yet imports it from here.
    module = models.CharField(_("模块"), max_length=200)
    kwargs = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    engine = models.CharField(_("执行方式"), max_length=16, choices=Engine.choices)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    max_retries = models.PositiveSmallIntegerField(_("最多重试次数"), default=3)
    run_after = models.DateTimeField(_("最早执行时间"))
    # While running: until when the worker's claim holds. The worker renews it; a worker that
    # died stops renewing, and once it lapses another worker may take the job over.
    lease_until = models.DateTimeField(_("占用到"), null=True, blank=True)
    # Periodic jobs: name@slot, so that a slot is enqueued once however many schedulers run.
    unique_key = models.CharField(_("去重键"), max_length=200, null=True, blank=True, unique=True)
    dispatched_at = models.DateTimeField(_("投递时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    # System jobs belong to no place: only superusers (system administrators) see them.
    scope_paths: dict = {}

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "run_after"], name="job_status_run_after")]
        constraints = [
            models.CheckConstraint(name="job_running_has_lease",
                                   condition=~Q(status="running") | Q(lease_until__isnull=False)),
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}"

    @property
    def max_attempts(self) -> int:
        return self.max_retries + 1

    def is_finished(self) -> bool:
        return self.status in FINISHED

    def can_retry_now(self) -> bool:
        return self.status in (JobStatus.FAILED, JobStatus.RETRYING)
