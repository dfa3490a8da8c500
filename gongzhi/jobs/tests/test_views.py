"""The operations page and the jobs API: superusers see jobs, staff see their deliveries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.models import Job
from gongzhi.notifications.choices import Channel, DeliveryStatus
from gongzhi.notifications.models import Delivery, Notification, NotificationEvent


@pytest.fixture
def failed_job(db):
    return Job.objects.create(name="tests.flaky", module="gongzhi.jobs.tests.jobs_for_tests",
                              kwargs={"key": "page", "failures": 0}, engine="eager",
                              run_after=timezone.now(), status=JobStatus.FAILED, attempts=3,
                              max_retries=2, last_error="RuntimeError: 短信网关超时")


def delivery_in(community, recipient, title):
    event = NotificationEvent.objects.create(kind="community_notice", community=community,
                                             title=title)
    notification = Notification.objects.create(event=event, recipient=recipient, title=title,
                                               kind="community_notice", language="zh-hans")
    return Delivery.objects.create(recipient=recipient, notification=notification,
                                   community=community, channel=Channel.SMS,
                                   status=DeliveryStatus.FAILED, attempts=5,
                                   last_error="tencent: LimitExceeded")


def test_superusers_see_jobs_and_retry_a_failed_one(client, world, failed_job,
                                                    django_capture_on_commit_callbacks):
    client.force_login(world.users["superuser"])
    page = client.get(reverse("jobs:operations") + "?job_status=failed").content.decode()
    assert "tests.flaky" in page and "短信网关超时" in page
    assert 'data-testid="job-filter-failed"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:job_retry", args=[failed_job.pk]))
    assert response.status_code == 302
    failed_job.refresh_from_db()
    assert (failed_job.status, failed_job.attempts) == (JobStatus.SUCCEEDED, 1)
    assert AuditEntry.objects.filter(target_type="jobs.job",
                                     target_id=str(failed_job.pk)).count() == 1


def test_a_job_that_did_not_fail_cannot_be_retried(client, world, failed_job):
    Job.objects.filter(pk=failed_job.pk).update(status=JobStatus.SUCCEEDED)
    client.force_login(world.users["superuser"])
    response = client.post(reverse("jobs:job_retry", args=[failed_job.pk]))
    assert response.status_code == 409


def test_staff_see_their_communitys_deliveries_but_no_jobs(client, world, failed_job):
    delivery_in(world.community_a, world.users["resident_a"], "甲社区停水")
    delivery_in(world.community_b, world.users["staff_b"], "乙社区停电")
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("jobs:operations")).content.decode()
    assert "甲社区停水" in page and "tencent: LimitExceeded" in page
    assert "乙社区停电" not in page
    assert "tests.flaky" not in page
    assert client.post(reverse("jobs:job_retry", args=[failed_job.pk])).status_code == 404


def test_residents_have_no_operations_page(client, world):
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("jobs:operations")).status_code == 403


def test_a_client_polls_a_job_through_the_api(client, world, failed_job):
    root = {"Authorization": f"Bearer {api_token_create(user=world.users['superuser']).token}"}
    body = client.get(f"/api/v1/jobs/{failed_job.pk}", headers=root).json()
    assert (body["status"], body["attempts"], body["max_retries"]) == ("failed", 3, 2)
    staff = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    assert client.get(f"/api/v1/jobs/{failed_job.pk}", headers=staff).status_code == 404
    assert client.get("/api/v1/jobs", headers=staff).status_code == 403
