"""The job engine in eager mode and on the table: enqueue after commit, claim once, retry with
back-off, take over from a dead worker, periodic slots on a frozen clock."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gongzhi.jobs import engine
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.models import Job
from gongzhi.jobs.tests import jobs_for_tests as tj

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


class Boom(Exception):
    pass


def test_a_job_runs_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    # given a job enqueued inside a transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        record = engine.enqueue(tj.record_effect, key="after-commit")
        # when the transaction is still open
        # then nothing has run yet, and the record says so
        assert record.pk is not None
        assert record.status == JobStatus.QUEUED
        assert tj.effects("after-commit") == 0
    # when it commits, then the job ran once
    assert callbacks[0].func is engine.dispatch
    record.refresh_from_db()
    assert (record.status, record.attempts, record.kwargs) == (
        JobStatus.SUCCEEDED, 1, {"key": "after-commit"})
    assert tj.effects("after-commit") == 1


def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(
        db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(Boom), transaction.atomic():
        engine.enqueue(tj.record_effect, key="rolled-back")
        raise Boom
    assert callbacks == []
    assert Job.objects.count() == 0
    assert tj.effects("rolled-back") == 0


def test_arguments_must_be_json(db):
    with pytest.raises(TypeError, match="must be JSON"):
        engine.enqueue(tj.record_effect, key=datetime.date(2026, 1, 1))
    assert Job.objects.count() == 0


def test_only_declared_jobs_can_be_enqueued(db):
    with pytest.raises(TypeError, match="not declared"):
        engine.enqueue(print, text="x")


def test_a_name_is_one_job():
    with pytest.raises(ValueError, match="already taken"):
        engine.job(name="tests.record")(lambda: None)


def test_a_failing_job_is_retried_with_back_off_on_a_frozen_clock(
        db, django_capture_on_commit_callbacks):
    # given a job that fails twice before it succeeds, and retries after 30 s, then 60 s
    with time_machine.travel(T0, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            record = engine.enqueue(tj.flaky, key="flaky-1", failures=2)
        record.refresh_from_db()
        assert (record.status, record.attempts) == (JobStatus.RETRYING, 1)
        assert record.run_after == T0 + datetime.timedelta(seconds=30)
        assert "flaky failure 1" in record.last_error
        # when the runner looks a second too early, then nothing runs
        clock.shift(29)
        assert engine.run_due_jobs() == []
        # when the back-off has passed, then the second attempt runs (and fails)
        clock.shift(1)
        [outcome] = engine.run_due_jobs()
        assert (outcome.status, outcome.attempt) == (JobStatus.RETRYING, 2)
        record.refresh_from_db()
        assert record.run_after == T0 + datetime.timedelta(seconds=30 + 60)
        # and the third attempt, 60 s later, succeeds
        clock.shift(60)
        [outcome] = engine.run_due_jobs()
    record.refresh_from_db()
    assert (record.status, record.attempts) == (JobStatus.SUCCEEDED, 3)
    assert tj.effects("flaky-1") == 1


def test_a_job_that_keeps_failing_is_marked_failed_after_its_retries(
        db, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            record = engine.enqueue(tj.flaky, key="flaky-2", failures=99)
        for _ in range(2):
            clock.shift(3600)
            engine.run_due_jobs()
        clock.shift(3600)
        assert engine.run_due_jobs() == []
    record.refresh_from_db()
    assert (record.status, record.attempts) == (JobStatus.FAILED, 3)
    assert "flaky failure 3" in record.last_error
    assert tj.effects("flaky-2") == 0


def test_a_finished_job_delivered_again_does_not_run_again(
        db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = engine.enqueue(tj.record_effect, key="twice")
    outcome = engine.run_job(record.pk)
    assert (outcome.status, outcome.ran) == (JobStatus.SUCCEEDED, False)
    assert tj.effects("twice") == 1


def _running(key: str, *, lease_until, attempts=1):
    return Job.objects.create(name="tests.record", module=tj.__name__, kwargs={"key": key},
                              engine="celery", status=JobStatus.RUNNING, attempts=attempts,
                              max_retries=2,
                              run_after=T0, lease_until=lease_until, started_at=T0)


def test_a_running_job_whose_worker_died_is_taken_over_once_its_lease_lapses(db):
    # given a job claimed by a worker that died: its lease ends at 10:05
    record = _running("orphan", lease_until=T0 + datetime.timedelta(minutes=5))
    # when a worker sees it while the lease holds, then it leaves it alone and says when to
    # look again
    with time_machine.travel(T0 + datetime.timedelta(minutes=4), tick=False):
        outcome = engine.run_job(record.pk)
    assert (outcome.status, outcome.ran) == ("busy", False)
    assert outcome.retry_at == T0 + datetime.timedelta(minutes=5)
    # when the lease has lapsed, then it runs the job: attempt 2, effect once
    with time_machine.travel(T0 + datetime.timedelta(minutes=5, seconds=1), tick=False):
        outcome = engine.run_job(record.pk)
    assert (outcome.status, outcome.attempt) == (JobStatus.SUCCEEDED, 2)
    record.refresh_from_db()
    assert record.last_error == "worker lost during attempt 1"
    assert tj.effects("orphan") == 1


def test_a_job_that_kills_every_worker_stops_after_its_retries(db):
    record = _running("poison", lease_until=T0, attempts=3)
    with time_machine.travel(T0 + datetime.timedelta(seconds=1), tick=False):
        outcome = engine.run_job(record.pk)
    record.refresh_from_db()
    assert (outcome.status, record.status) == (JobStatus.FAILED, JobStatus.FAILED)
    assert tj.effects("poison") == 0


def test_an_atomic_job_taken_over_mid_run_leaves_no_effect(
        db, django_capture_on_commit_callbacks):
    # given an atomic job whose lease another worker takes over before it completes
    with django_capture_on_commit_callbacks(execute=True):
        record = engine.enqueue(tj.usurped, key="usurped")
    # then its effect was rolled back with it: the other worker's run is the one that counts
    record.refresh_from_db()
    assert record.status == JobStatus.RUNNING
    assert tj.effects("usurped") == 0


def test_backoff_doubles_up_to_the_cap(settings):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 30
    settings.JOBS_RETRY_BACKOFF_MAX_SECONDS = 100
    assert [engine.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


# ---- Periodic jobs -------------------------------------------------------------------------

def test_daily_slots_are_local_time():
    schedule = engine.daily("03:30")
    before = datetime.datetime(2026, 3, 1, 3, 29, tzinfo=SHANGHAI)
    at = datetime.datetime(2026, 3, 1, 3, 30, tzinfo=SHANGHAI)
    assert schedule.latest_slot(before) == datetime.datetime(2026, 2, 28, 3, 30,
                                                             tzinfo=SHANGHAI)
    assert schedule.latest_slot(at) == at
    # 19:30 UTC on 28 February is already 03:30 on 1 March in Guangzhou
    assert schedule.latest_slot(datetime.datetime(2026, 2, 28, 19, 30,
                                                  tzinfo=datetime.UTC)) == at


def test_every_slots_align_to_the_clock():
    schedule = engine.every(minutes=5)
    assert schedule.latest_slot(datetime.datetime(2026, 3, 1, 3, 29, 59,
                                                  tzinfo=SHANGHAI)) == datetime.datetime(
        2026, 3, 1, 3, 25, tzinfo=SHANGHAI)


def retention_jobs():
    return list(Job.objects.filter(name="audit.retention").order_by("pk")
                .values_list("unique_key", flat=True))


def test_a_periodic_job_is_enqueued_once_per_slot_on_a_frozen_clock(
        db, django_capture_on_commit_callbacks):
    # given the retention job ran for yesterday's 03:30 slot
    Job.objects.create(name="audit.retention", module="gongzhi.audit.jobs", engine="eager",
                       run_after=T0, status=JobStatus.SUCCEEDED,
                       unique_key="audit.retention@2026-02-28T03:30:00+08:00")
    with django_capture_on_commit_callbacks(execute=True):
        # when the scheduler ticks at 03:29, then nothing new is due
        with time_machine.travel(datetime.datetime(2026, 3, 1, 3, 29, tzinfo=SHANGHAI),
                                 tick=False):
            engine.schedule_due_jobs()
        assert retention_jobs() == ["audit.retention@2026-02-28T03:30:00+08:00"]
        # when it ticks at 03:30 and again at 03:31, then today's slot is enqueued once
        for minute in (30, 31):
            with time_machine.travel(datetime.datetime(2026, 3, 1, 3, minute,
                                                       tzinfo=SHANGHAI), tick=False):
                engine.schedule_due_jobs()
    assert retention_jobs() == ["audit.retention@2026-02-28T03:30:00+08:00",
                                "audit.retention@2026-03-01T03:30:00+08:00"]
    today = Job.objects.get(unique_key="audit.retention@2026-03-01T03:30:00+08:00")
    assert today.kwargs == {"scheduled_for": "2026-03-01T03:30:00+08:00"}
    assert today.status == JobStatus.SUCCEEDED


def test_a_missed_slot_is_caught_up_once(db, django_capture_on_commit_callbacks):
    # given the server was off at 03:30 and starts at 09:00
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(
            datetime.datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        engine.schedule_due_jobs()
        engine.schedule_due_jobs()
    assert retention_jobs() == ["audit.retention@2026-03-01T03:30:00+08:00"]


# ---- The embedded runner -------------------------------------------------------------------

def test_the_embedded_runner_runs_a_job_in_a_background_thread(transactional_db, settings,
                                                              monkeypatch):
    # given the embedded engine (no Redis), as `make demo` runs it; periodic jobs are left out
    # here (tested above) so that only this job touches the in-memory test database
    settings.JOBS_EAGER = False
    settings.JOBS_ENGINE = "embedded"
    settings.JOBS_POLL_SECONDS = 30
    monkeypatch.setattr(engine, "schedule_due_jobs", lambda now=None: [])
    from gongzhi.jobs.embedded import runner

    done = tj.FINISHED.setdefault("embedded", threading.Event())
    try:
        runner.start()  # as the web process's middleware does
        # when a request enqueues a job (it commits at once: no transaction here), then the
        # request does not wait for it: the runner wakes and a pool thread runs it
        record = engine.enqueue(tj.record_effect, key="embedded")
        assert done.wait(timeout=30)
    finally:
        runner.stop()
        tj.FINISHED.pop("embedded", None)
    record.refresh_from_db()
    assert (record.status, record.engine) == (JobStatus.SUCCEEDED, "embedded")
    assert tj.effects("embedded") == 1


def test_the_middleware_starts_the_runner_only_for_the_embedded_engine(settings, monkeypatch):
    from django.core.exceptions import MiddlewareNotUsed

    from gongzhi.jobs import embedded
    from gongzhi.jobs.middleware import EmbeddedJobsMiddleware

    started = []
    monkeypatch.setattr(embedded.runner, "start", lambda: started.append(True))
    settings.JOBS_EAGER = False
    for engine_name in ("celery", "embedded"):
        settings.JOBS_ENGINE = engine_name
        with pytest.raises(MiddlewareNotUsed):
            EmbeddedJobsMiddleware(lambda request: None)
    assert started == [True]
