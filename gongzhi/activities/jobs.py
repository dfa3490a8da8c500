"""Background jobs of activities (the job engine finds `<app>.jobs` modules, so the jobs of
the app's parts are declared here)."""

import datetime

from gongzhi.activities.events import services as event_services
from gongzhi.jobs.engine import every, job


@job(name="activities.offers_expire", max_retries=1, schedule=every(minutes=15))
def offers_expire_job(*, scheduled_for: str | None = None) -> None:
    """Offers of a waiting-list place not answered in time pass to the next waiting."""
    now = datetime.datetime.fromisoformat(scheduled_for) if scheduled_for else None
    event_services.offers_expire(now=now)
