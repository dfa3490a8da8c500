"""Background jobs of the audit trail."""

import datetime

from django.conf import settings

from gongzhi.audit.services import audit_retention_purge
from gongzhi.jobs.engine import daily, job


@job(name="audit.retention", max_retries=3,
     schedule=lambda: daily(settings.AUDIT_RETENTION_TIME))
def audit_retention(*, scheduled_for: str) -> None:
    """Delete audit entries past the retention period, judged at the scheduled time."""
    audit_retention_purge(as_of=datetime.datetime.fromisoformat(scheduled_for))
