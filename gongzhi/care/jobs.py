"""Background jobs of care (the job engine finds `<app>.jobs` modules)."""

import datetime

from django.utils import timezone

from gongzhi.care.visits import services as visit_services
from gongzhi.jobs.engine import daily, job


@job(name="care.visit_reminders", max_retries=1, schedule=daily("08:00"))
def visit_reminders_job(*, scheduled_for: str) -> None:
    """Each morning, tell helpers and staff of households due for a visit within three days or
    overdue, once per due date (see visits.services.visit_reminders_send)."""
    slot = datetime.datetime.fromisoformat(scheduled_for)
    visit_services.visit_reminders_send(today=timezone.localdate(slot))
