"""Permission predicates of the jobs app: the queue is the system administrators' view."""

from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.jobs.operations import visible_sections

VIEW_JOB = "jobs.view_job"


def can_view_jobs(user) -> bool:
    return has_permission_somewhere(user, VIEW_JOB)


def can_view_operations(user) -> bool:
    """The operations page shows jobs (superusers) and the sections other apps add to it
    (deliveries: staff, within scope)."""
    return can_view_jobs(user) or bool(visible_sections(user))
