"""Periodic job of co-building: remind before a co-building agreement expires."""

import datetime

from gongzhi.cobuilding import services
from gongzhi.jobs.engine import daily, job


@job(name="cobuilding.agreement_expiry", max_retries=3, schedule=daily("08:00"))
def agreement_expiry_remind(*, scheduled_for: str) -> None:
    today = datetime.datetime.fromisoformat(scheduled_for).date()
    for agreement in services.agreements_expiring(today=today):
        services.agreement_remind_expiry(agreement=agreement, today=today)
