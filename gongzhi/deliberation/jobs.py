"""Background jobs of deliberation: one daily job reminds the electors of votes and polls
(the job engine finds `<app>.jobs` modules, so the job stays at the app's top)."""

import datetime

from django.conf import settings

from gongzhi.deliberation.polls import services as poll_services
from gongzhi.deliberation.votes import services as vote_services
from gongzhi.jobs.engine import daily, job


@job(name="deliberation.ballot_reminders", max_retries=3,
     schedule=lambda: daily(settings.DELIBERATION_REMINDER_TIME))
def ballot_reminders_job(*, scheduled_for: str) -> None:
    """Remind electors who have not voted, a few days before a vote or a poll closes; each
    vote and poll once (see vote_reminders_send)."""
    now = datetime.datetime.fromisoformat(scheduled_for)
    vote_services.vote_reminders_send(now=now)
    poll_services.poll_reminders_send(now=now)
