"""Permission predicates of the jobs app: the queue is the system administrators' view."""

from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.notifications.rules import can_view_deliveries

VIEW_JOB = "jobs.view_job"


def can_view_jobs(user) -> bool:
    return has_permission_somewhere(user, VIEW_JOB)


def can_view_operations(user) -> bool:
    """The operations page shows jobs (superusers) and deliveries (staff, within scope)."""
    return can_view_jobs(user) or can_view_deliveries(user)
