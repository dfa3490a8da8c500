"""Permission predicates of the jobs app: the queue is the system administrators' view; and
the one action on a job, `jobs.retry_job`, as a named rule."""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.core.actions import add_action, status_in
from gongzhi.core.errors import Conflict
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.jobs.operations import visible_sections
from gongzhi.jobs.states import ALLOWED_FROM

VIEW_JOB = "jobs.view_job"


def can_view_jobs(user) -> bool:
    return has_permission_somewhere(user, VIEW_JOB)


def can_view_operations(user) -> bool:
    """The operations page shows jobs (superusers) and the sections other apps add to it
    (deliveries: staff, within scope)."""
    return can_view_jobs(user) or bool(visible_sections(user))


RETRY_JOB = "jobs.retry_job"
JOB_ACTIONS = (RETRY_JOB,)

# jobs.view_job is held by no role (superusers only): user_can answers without a query, so
# the operations page may ask for each row.
may_view_job = predicate(lambda user, job: user_can(user, VIEW_JOB, job), name="may_view_job")
retry_allowed = status_in(ALLOWED_FROM, "retry")

add_action(RETRY_JOB, who=may_view_job, when=retry_allowed, visible=may_view_job,
           refused=lambda job: Conflict(_("只有失败或等待重试的任务可以立即重试。")))
