from gongzhi.core.access import get_scoped
from gongzhi.jobs import rules
from gongzhi.jobs.models import Job


def access_job(*, actor, id) -> Job:
    return get_scoped(Job.objects.for_user(actor, rules.VIEW_JOB), pk=id)
