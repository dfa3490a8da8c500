"""Background jobs of deliberation."""

import datetime

from django.conf import settings

from gongzhi.deliberation import services, services_polls
from gongzhi.jobs.engine import daily, job


@job(name="deliberation.ballot_reminders", max_retries=3,
     schedule=lambda: daily(settings.DELIBERATION_REMINDER_TIME))
def ballot_reminders_job(*, scheduled_for: str) -> None:
    """Remind electors who have not voted, a few days before a vote or a poll closes; each
    vote and poll once (see vote_reminders_send)."""
    now = datetime.datetime.fromisoformat(scheduled_for)
    services.vote_reminders_send(now=now)
    services_polls.poll_reminders_send(now=now)
