"""Background jobs of casework."""

import datetime

from gongzhi.casework import services
from gongzhi.jobs.engine import every, job


@job(name="casework.deadline_reminders", max_retries=1, schedule=every(minutes=30))
def deadline_reminders_job(*, scheduled_for: str) -> None:
    services.case_deadline_reminders_send(now=datetime.datetime.fromisoformat(scheduled_for))
