"""The state machine of a job, as data: the statuses an operator may retry a job from.

Read only by the rule `jobs.retry_job` (jobs/rules.py); the service, the operations page and
the API ask the rule, never this table or a status string."""

from gongzhi.jobs.choices import JobStatus

# action -> statuses it may start from
ALLOWED_FROM = {
    "retry": {JobStatus.FAILED, JobStatus.RETRYING},
}
