"""The one action on a job, `jobs.retry_job`: every status against every role, and the
operations page showing the button exactly when the API lists the action."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import Conflict
from gongzhi.jobs import services
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.models import Job

pytestmark = pytest.mark.django_db

# written out here rather than read from jobs/states.py, so that a change shows up here
RETRY_FROM = {"failed", "retrying"}


@pytest.fixture
def job(db):
    return Job.objects.create(name="tests.flaky", module="gongzhi.jobs.tests.jobs_for_tests",
                              kwargs={"key": "rules", "failures": 0}, engine="eager",
                              run_after=timezone.now(), status=JobStatus.FAILED)


def test_retry_by_status_and_role(world, job):
    for status in JobStatus.values:
        # given a job in `status`
        lease = timezone.now() if status == JobStatus.RUNNING else None  # a running job holds one
        Job.objects.filter(pk=job.pk).update(status=status, lease_until=lease)
        job.refresh_from_db()
        for role, user in world.users.items():
            user = user or AnonymousUser()
            # then only a superuser may retry it, and only from a failed or waiting status
            allowed = user.has_perm("jobs.retry_job", job)
            assert allowed == ("jobs.retry_job" in open_actions(user, job, ["jobs.retry_job"]))
            assert allowed == (role == "superuser" and status in RETRY_FROM), (status, role)


def test_a_finished_job_is_refused_with_a_conflict_and_left_alone(world, job):
    # given a job that succeeded
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    # when the superuser retries it, then the state refuses and nothing changes
    with pytest.raises(Conflict):
        services.job_retry(actor=world.users["superuser"], job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


@pytest.mark.parametrize(("status", "expected"), [
    (JobStatus.FAILED, ["jobs.retry_job"]), (JobStatus.SUCCEEDED, [])])
def test_the_page_shows_the_retry_button_the_api_lists(client, world, job, status, expected):
    # given a job in `status`
    Job.objects.filter(pk=job.pk).update(status=status)
    root = world.users["superuser"]
    client.force_login(root)
    # when the superuser opens the operations page and asks the API
    html = client.get(reverse("jobs:operations")).content.decode()
    headers = {"Authorization": f"Bearer {api_token_create(user=root).token}"}
    listed = client.get(f"/api/v1/jobs/{job.pk}", headers=headers).json()["actions"]
    # then both agree
    assert listed == expected
    assert (reverse("jobs:job_retry", args=[job.pk]) in html) == bool(expected)
