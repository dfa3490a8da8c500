"""Background jobs of activities (the job engine finds `<app>.jobs` modules, so the jobs of
every part stay at the app's top)."""

import datetime

from gongzhi.activities.duty import services as duty_services
from gongzhi.activities.events import services as event_services
from gongzhi.jobs.engine import every, job


@job(name="activities.shift_reminders", max_retries=1, schedule=every(minutes=15))
def shift_reminders_job(*, scheduled_for: str) -> None:
    """Remind volunteers of their shifts ACTIVITIES_SHIFT_REMINDER_HOURS ahead, each once
    (see duty.services.shift_reminders_send)."""
    duty_services.shift_reminders_send(now=datetime.datetime.fromisoformat(scheduled_for))


@job(name="activities.offers_expire", max_retries=1, schedule=every(minutes=15))
def offers_expire_job(*, scheduled_for: str | None = None) -> None:
    """Offers of a waiting-list place not answered in time pass to the next waiting."""
    now = datetime.datetime.fromisoformat(scheduled_for) if scheduled_for else None
    event_services.offers_expire(now=now)
