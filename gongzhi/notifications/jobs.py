"""Background jobs of the notifications app."""

import datetime

from django.conf import settings

from gongzhi.jobs.engine import daily, every, job
from gongzhi.notifications import services


@job(name="notifications.send", max_retries=3)
def deliveries_send_job(*, delivery_ids: list[int]) -> None:
    services.deliveries_send(delivery_ids=delivery_ids)


@job(name="notifications.release", max_retries=1, schedule=every(minutes=5))
def deliveries_release_job(*, scheduled_for: str) -> None:
    services.deliveries_release_due()


@job(name="notifications.daily_digest", max_retries=3,
     schedule=lambda: daily(settings.NOTIFICATIONS_DIGEST_TIME))
def daily_digest_job(*, scheduled_for: str) -> None:
    services.digests_compose(as_of=datetime.datetime.fromisoformat(scheduled_for))
