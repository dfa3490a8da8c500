"""The Celery engine on a real Redis and real worker processes (CI starts Redis).

Skipped without REDIS_URL. The tests that start a worker also need a database that another
process can open: PostgreSQL, as in CI's second pass (not the in-memory SQLite test database).
They wait for the worker through Redis lists or by reading the job table, each bounded in time;
the clock that decides what is due is frozen in this process.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.audit.services import audit_event
from gongzhi.jobs import engine
from gongzhi.jobs.choices import JobStatus
from gongzhi.jobs.models import Job
from gongzhi.jobs.tests import jobs_for_tests as tj

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (Redis)"),
]

ROOT = Path(__file__).resolve().parents[3]
SHANGHAI = ZoneInfo("Asia/Shanghai")
WAIT = 60  # seconds: the longest any step may take before the test fails


@pytest.fixture
def redis_client():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


@pytest.fixture
def celery_engine(settings):
    """This process enqueues on Redis, on a queue of its own (a developer's `make worker` on
    the same Redis never sees these jobs)."""
    queue = f"gongzhi-test-{uuid.uuid4().hex[:8]}"
    settings.JOBS_EAGER = False
    settings.JOBS_ENGINE = "celery"
    settings.JOBS_QUEUE = queue
    return queue


def database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


class Workers:
    """Starts Celery workers as other processes would: `celery -A gongzhi worker`."""

    def __init__(self, queue: str):
        self.queue = queue
        self.processes: list[subprocess.Popen] = []

    def start(self, **env) -> subprocess.Popen:
        environment = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "gongzhi.settings.base", "DEBUG": "true",
            "DATABASE_URL": database_url(), "JOBS_ENGINE": "celery", "JOBS_QUEUE": self.queue,
            **env,
        }
        log_path = ROOT / "test-artifacts" / f"worker-{self.queue}-{len(self.processes)}.log"
        with log_path.open("w") as log:
            process = self._popen(environment, log)
        self.processes.append(process)
        return process

    def _popen(self, environment: dict, log) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gongzhi", "worker", "-P", "solo",
             "-Q", self.queue, "-n", f"{self.queue}-{len(self.processes)}@%h",
             "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-I", "gongzhi.jobs.tests.jobs_for_tests", "-l", "INFO"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """kill -9 the worker and everything it started, as a crash or the OOM killer would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=WAIT)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def workers(transactional_db, celery_engine, redis_client):
    if connection.vendor == "sqlite":
        pytest.skip("a worker process cannot open the in-memory SQLite test database")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    pool = Workers(celery_engine)
    yield pool
    pool.stop_all()
    redis_client.delete(celery_engine)


def wait_for_list(client, key: str) -> bytes:
    """Block until a worker pushes to `key` (no polling, no sleeping)."""
    popped = client.blpop([key], timeout=WAIT)
    assert popped is not None, f"nothing arrived on {key} within {WAIT} s"
    return popped[1]


def wait_for_job(unique_key: str, status: str) -> Job:
    """Read the job table until a worker process has finished the job (bounded)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = Job.objects.filter(unique_key=unique_key, status=status).first()
        if found is not None:
            return found
        time.sleep(0.1)  # waiting for another process, not for the clock
    raise AssertionError(f"{unique_key} did not reach {status} within {WAIT} s")


def test_a_job_enqueued_in_a_rolled_back_transaction_is_never_sent_and_never_runs(
        workers, celery_engine, redis_client):
    key_rolled, key_kept = f"rolled-{celery_engine}", f"kept-{celery_engine}"
    # given a job enqueued in a transaction that rolls back
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        engine.enqueue(tj.record_effect, key=key_rolled)
        1 / 0  # noqa: B018
    # then no row and no message exist
    assert Job.objects.count() == 0
    assert redis_client.llen(celery_engine) == 0
    # and a job enqueued in a transaction that commits is sent, once
    with transaction.atomic():
        kept = engine.enqueue(tj.record_effect, key=key_kept)
    assert redis_client.llen(celery_engine) == 1
    # when a worker runs the queue
    workers.start()
    wait_for_list(redis_client, f"{key_kept}:done")
    # then only the committed job ran
    kept.refresh_from_db()
    assert (kept.status, kept.attempts, kept.engine) == (JobStatus.SUCCEEDED, 1, "celery")
    assert (tj.effects(key_kept), tj.effects(key_rolled)) == (1, 0)


def test_a_job_whose_worker_dies_runs_again_and_its_effect_happens_once(
        workers, celery_engine, redis_client):
    key = f"stall-{celery_engine}"
    # Short lease and visibility timeout, so that the takeover happens within seconds.
    fast = {"JOBS_LEASE_SECONDS": "2", "JOBS_VISIBILITY_TIMEOUT": "2"}
    first = workers.start(**fast)
    # given a job that a worker has started: its effect is written but not committed
    record = engine.enqueue(tj.effect_then_stall, key=key)
    wait_for_list(redis_client, f"{key}:started")
    # when that worker is killed with SIGKILL in the middle of the job
    workers.kill(first)
    record.refresh_from_db()
    assert (record.status, record.attempts) == (JobStatus.RUNNING, 1)
    assert tj.effects(key) == 0
    # and another worker starts (this time the job may go on)
    redis_client.rpush(f"{key}:gate", "open")
    workers.start(**fast)
    wait_for_list(redis_client, f"{key}:done")
    # then the message came back, the job ran again, and its effect happened exactly once
    record.refresh_from_db()
    assert (record.status, record.attempts) == (JobStatus.SUCCEEDED, 2)
    assert record.last_error == "worker lost during attempt 1"
    assert redis_client.llen(f"{key}:started") == 1  # the first "started" was popped above
    assert tj.effects(key) == 1
    redis_client.delete(f"{key}:started", f"{key}:gate", f"{key}:done")


def test_a_periodic_job_runs_on_schedule_with_a_frozen_clock(workers, celery_engine):
    # given audit entries from before and after the six months that must be kept
    for when, name in [(datetime.datetime(2025, 8, 31, 12, 0, tzinfo=SHANGHAI), "old"),
                       (datetime.datetime(2025, 9, 2, 12, 0, tzinfo=SHANGHAI), "recent")]:
        with time_machine.travel(when, tick=False):
            audit_event(action=Action.LOGIN, username=f"{name}-{celery_engine}")
    # and yesterday's retention slot already ran
    Job.objects.create(name="audit.retention", module="gongzhi.audit.jobs", engine="celery",
                       run_after=datetime.datetime(2026, 2, 28, 3, 30, tzinfo=SHANGHAI),
                       status=JobStatus.SUCCEEDED,
                       unique_key="audit.retention@2026-02-28T03:30:00+08:00")
    workers.start()
    # when beat's tick runs at 03:29 on 1 March 2026, then the retention job is not due
    with time_machine.travel(datetime.datetime(2026, 3, 1, 3, 29, tzinfo=SHANGHAI),
                             tick=False):
        engine.engine_tick()
    assert Job.objects.filter(name="audit.retention").count() == 1
    # when it ticks at 03:30, then today's slot is enqueued on Redis and a worker runs it
    with time_machine.travel(datetime.datetime(2026, 3, 1, 3, 30, tzinfo=SHANGHAI),
                             tick=False):
        engine.engine_tick()
    done = wait_for_job("audit.retention@2026-03-01T03:30:00+08:00", JobStatus.SUCCEEDED)
    assert done.kwargs == {"scheduled_for": "2026-03-01T03:30:00+08:00"}
    # then entries older than six months before the slot (1 Sep 2025 03:30) are gone
    names = set(AuditEntry.objects.filter(actor_username__endswith=celery_engine)
                .values_list("actor_username", flat=True))
    assert names == {f"recent-{celery_engine}"}
    assert AuditEntry.objects.filter(action=Action.RETENTION).count() == 1


def test_beat_sends_one_tick_a_minute():
    from gongzhi.celery import app

    entry = app.conf.beat_schedule["gongzhi-jobs-tick"]
    assert (entry["task"], entry["schedule"]) == ("gongzhi.jobs.tick", 60.0)


def test_healthz_reports_the_job_engine(client, db, settings, celery_engine):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["checks"]["jobs"] == {"status": "ok", "engine": "celery", "waiting": 0,
                                      "oldest_due_seconds": 0, "late": False}
