"""The job engine: declare a job, enqueue it after the transaction commits, run it once.

    from gongzhi.jobs.engine import enqueue, job

    @job(name="people.import_run", max_retries=3)
    def import_run_execute(*, import_id: int) -> None: ...

    record = enqueue(import_run_execute, import_id=42)   # a Job row; runs after commit

Every enqueue writes a `Job` row in the caller's transaction, so a rolled-back transaction
leaves neither the row nor a message behind: the row is handed to the engine by an on-commit
callback. Three engines run the same `run_job()`:

- "celery" (REDIS_URL set): a Celery worker on Redis receives the job id (acks_late, so a
  worker killed mid-job leaves the message to be delivered again);
- "embedded" (the default, no Redis): a thread pool in the web process polls the table;
- eager (JOBS_EAGER, the tests): the on-commit callback runs the job at once, synchronously.

`run_job()` claims the row with a conditional UPDATE, so a message delivered twice, or two
engines polling the same table, run a job once. The claim is a lease that the running worker
renews; when a worker dies the lease lapses and the job may be taken over. A job that fails is
retried with exponential back-off up to `max_retries` times, then marked failed.

Jobs declared `atomic=True` run in one transaction with the row's completion, fenced by the
attempt number: their database effects happen exactly once even when a worker dies or a lease
lapses mid-run. Other jobs (long imports that commit progress as they go) must be idempotent
themselves: the engine guarantees they are never run twice at the same time and never again
once they succeeded, not that an interrupted run left nothing behind.

Periodic jobs declare a `schedule`; `schedule_due_jobs()` enqueues each slot once (its
`unique_key` is name@slot) and passes the slot as the `scheduled_for` keyword argument. The
embedded runner calls it in its loop; under Celery, beat sends one tick a minute and a worker
calls it, so both engines share one idea of what is due, including catching up one missed slot.
"""

import datetime
import importlib
import json
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongzhi.jobs.choices import Engine, JobStatus
from gongzhi.jobs.models import WAITING, Job

logger = logging.getLogger("gongzhi.jobs")


# ---- Schedules -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Every:
    """Every `seconds`, on slots aligned to the epoch (every 300 s: :00, :05, :10 ...)."""

    seconds: int

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        epoch = int(now.timestamp())
        return datetime.datetime.fromtimestamp(epoch - epoch % self.seconds, tz=datetime.UTC)


@dataclass(frozen=True)
class Daily:
    """Once a day at a local time (TIME_ZONE), e.g. Daily("03:30")."""

    at: str

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        hour, minute = (int(part) for part in self.at.split(":"))
        local = now.astimezone(zone)
        slot = datetime.datetime.combine(local.date(), datetime.time(hour, minute), tzinfo=zone)
        if slot > local:
            slot -= datetime.timedelta(days=1)
        return slot


def every(*, minutes: int = 0, seconds: int = 0) -> Every:
    return Every(seconds=minutes * 60 + seconds)


def daily(at: str) -> Daily:
    return Daily(at=at)


# ---- Declaring jobs ------------------------------------------------------------------------

@dataclass(frozen=True)
class JobDefinition:
    name: str
    func: Callable
    max_retries: int
    atomic: bool
    # A Schedule, or a function returning one (to read a setting at run time).
    schedule: object = None

    @property
    def module(self) -> str:
        return self.func.__module__

    def current_schedule(self):
        schedule = self.schedule
        return schedule() if callable(schedule) else schedule


REGISTRY: dict[str, JobDefinition] = {}


def job(*, name: str, max_retries: int = 3, atomic: bool = False, schedule=None):
    """Declare a background job. The function takes keyword arguments that JSON can carry."""

    def register(func):
        existing = REGISTRY.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"job name {name!r} is already taken by {existing.func!r}")
        definition = JobDefinition(name=name, func=func, max_retries=max_retries,
                                   atomic=atomic, schedule=schedule)
        REGISTRY[name] = definition
        func.job = definition
        return func

    return register


def definition_of(name: str, module: str = "") -> JobDefinition:
    if name not in REGISTRY and module:
        importlib.import_module(module)
    try:
        return REGISTRY[name]
    except KeyError:
        raise LookupError(f"no job named {name!r}") from None


# ---- Enqueueing ----------------------------------------------------------------------------

def current_engine() -> str:
    if settings.JOBS_EAGER:
        return Engine.EAGER
    return settings.JOBS_ENGINE


def enqueue(func, /, **kwargs) -> Job:
    """Record a run of `func` with `kwargs`; it is handed to the engine once the current
    transaction commits (at once outside a transaction). Returns the Job row."""
    definition = getattr(func, "job", None)
    if not isinstance(definition, JobDefinition):
        raise TypeError(f"{func!r} is not declared with @job")
    return _create(definition, kwargs)


def _create(definition: JobDefinition, kwargs: dict, *, unique_key: str | None = None) -> Job:
    try:
        carried = json.loads(json.dumps(kwargs))
    except (TypeError, ValueError) as error:
        raise TypeError(f"arguments of {definition.name} must be JSON: {error}") from None
    job_row = Job.objects.create(
        name=definition.name, module=definition.module, kwargs=carried,
        max_retries=definition.max_retries, engine=current_engine(),
        run_after=timezone.now(), unique_key=unique_key)
    transaction.on_commit(partial(dispatch, job_row.pk), robust=True)
    return job_row


def dispatch(job_id: int, *, eta: datetime.datetime | None = None) -> None:
    """Hand a committed job to the engine."""
    engine = current_engine()
    if engine == Engine.EAGER:
        run_job(job_id)
    elif engine == Engine.CELERY:
        from gongzhi.jobs.tasks import execute  # lazy: tasks imports this module, and Celery

        execute.apply_async(args=[job_id], eta=eta, queue=settings.JOBS_QUEUE)
        Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    else:
        from gongzhi.jobs.embedded import runner  # lazy: embedded imports this module

        # In a web process the runner starts with the middleware; wake it. Elsewhere (a
        # management command, a shell) the job waits in the table for the web process's
        # runner: a thread started here would die with the command, perhaps mid-job.
        if runner.is_running:
            runner.wake()


# ---- Running -------------------------------------------------------------------------------

class LeaseLost(Exception):
    """Another worker took the job over after this worker's lease lapsed."""


@dataclass
class Outcome:
    """What run_job did: ran it (status), or why not, and when to look again."""

    status: str
    ran: bool = False
    attempt: int = 0
    retry_at: datetime.datetime | None = None
    notes: list[str] = field(default_factory=list)


def _now() -> datetime.datetime:
    return timezone.now()


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def backoff(attempt: int) -> datetime.timedelta:
    """Wait before retry number `attempt` (1, 2, 3 ...): 30 s, 60 s, 120 s ... up to the cap."""
    seconds = settings.JOBS_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
    return datetime.timedelta(seconds=min(seconds, settings.JOBS_RETRY_BACKOFF_MAX_SECONDS))


def _claim(job_id: int, now: datetime.datetime) -> tuple[Job | None, Outcome | None]:
    job_row = Job.objects.filter(pk=job_id).first()
    if job_row is None:
        return None, Outcome(status="gone")
    if job_row.is_finished():
        return None, Outcome(status=job_row.status)
    if job_row.status == JobStatus.RUNNING and job_row.lease_until > now:
        return None, Outcome(status="busy", retry_at=job_row.lease_until)
    if job_row.status in WAITING and job_row.run_after > now:
        return None, Outcome(status="not_due", retry_at=job_row.run_after)
    lost = job_row.status == JobStatus.RUNNING
    note = f"worker lost during attempt {job_row.attempts}" if lost else job_row.last_error
    if lost and job_row.attempts >= job_row.max_attempts:
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=job_row.attempts).update(
            status=JobStatus.FAILED, lease_until=None, finished_at=now, last_error=note,
            updated_at=now)
        return None, Outcome(status=JobStatus.FAILED)
    taken = Job.objects.filter(pk=job_id, status=job_row.status,
                               attempts=job_row.attempts).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, lease_until=now + _lease(),
        started_at=now, last_error=note, updated_at=now)
    if not taken:
        return None, Outcome(status="taken")
    job_row.refresh_from_db()
    return job_row, None


class Heartbeat:
    """Renews a running job's lease from a side thread until the job ends."""

    def __init__(self, job_id: int, attempt: int):
        self.job_id, self.attempt = job_id, attempt
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-lease",
                                       daemon=True)

    def __enter__(self):
        if settings.JOBS_EAGER:
            return self
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def _beat(self):
        interval = max(settings.JOBS_LEASE_SECONDS / 3, 0.2)
        try:
            while not self.stopped.wait(interval):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING,
                                       attempts=self.attempt).update(
                        lease_until=_now() + _lease())
                except Exception:  # a busy SQLite file: try again at the next beat
                    logger.warning("could not renew the lease of job %s", self.job_id,
                                   exc_info=True)
        finally:
            close_old_connections()


def _complete(job_row: Job, now: datetime.datetime) -> None:
    done = Job.objects.filter(pk=job_row.pk, status=JobStatus.RUNNING,
                              attempts=job_row.attempts).update(
        status=JobStatus.SUCCEEDED, lease_until=None, finished_at=now, updated_at=now)
    if not done:
        raise LeaseLost(f"job {job_row.pk} was taken over during attempt {job_row.attempts}")


def _fail(job_row: Job, error: BaseException, now: datetime.datetime) -> Outcome:
    text = "".join(traceback.format_exception(error))[-4000:]
    if job_row.attempts < job_row.max_attempts:
        retry_at = now + backoff(job_row.attempts)
        Job.objects.filter(pk=job_row.pk, status=JobStatus.RUNNING,
                           attempts=job_row.attempts).update(
            status=JobStatus.RETRYING, run_after=retry_at, lease_until=None, finished_at=now,
            last_error=text, updated_at=now)
        logger.warning("job %s failed (attempt %s), retry at %s", job_row, job_row.attempts,
                       retry_at)
        return Outcome(status=JobStatus.RETRYING, ran=True, attempt=job_row.attempts,
                       retry_at=retry_at)
    Job.objects.filter(pk=job_row.pk, status=JobStatus.RUNNING,
                       attempts=job_row.attempts).update(
        status=JobStatus.FAILED, lease_until=None, finished_at=now, last_error=text,
        updated_at=now)
    logger.error("job %s failed for good after %s attempts", job_row, job_row.attempts)
    return Outcome(status=JobStatus.FAILED, ran=True, attempt=job_row.attempts)


def run_job(job_id: int) -> Outcome:
    """Claim the job and run it once; every engine calls this."""
    job_row, refused = _claim(job_id, _now())
    if refused is not None:
        return refused
    try:
        definition = definition_of(job_row.name, job_row.module)
    except (LookupError, ImportError) as error:
        return _fail(job_row, error, _now())
    try:
        with Heartbeat(job_row.pk, job_row.attempts):
            if definition.atomic:
                with transaction.atomic():
                    definition.func(**job_row.kwargs)
                    _complete(job_row, _now())
            else:
                definition.func(**job_row.kwargs)
                _complete(job_row, _now())
    except LeaseLost as error:
        logger.error("%s", error)
        return Outcome(status="taken", ran=True, attempt=job_row.attempts)
    except Exception as error:
        return _fail(job_row, error, _now())
    return Outcome(status=JobStatus.SUCCEEDED, ran=True, attempt=job_row.attempts)


# ---- Periodic jobs and housekeeping ---------------------------------------------------------

def schedule_due_jobs(now: datetime.datetime | None = None) -> list[Job]:
    """Enqueue the latest slot of every periodic job that has not been enqueued yet."""
    now = now or _now()
    created = []
    for definition in sorted(REGISTRY.values(), key=lambda d: d.name):
        schedule = definition.current_schedule()
        if schedule is None:
            continue
        slot = schedule.latest_slot(now)
        key = f"{definition.name}@{slot.isoformat()}"
        if Job.objects.filter(unique_key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(_create(definition, {"scheduled_for": slot.isoformat()},
                                       unique_key=key))
        except IntegrityError:  # another scheduler enqueued the same slot first
            continue
    return created


def requeue_stale(now: datetime.datetime | None = None) -> list[int]:
    """Hand the engine again the jobs whose message may be lost: waiting jobs that are due but
    were not dispatched recently (Redis was down when they were enqueued, or lost its data),
    and running jobs whose worker stopped renewing the lease."""
    now = now or _now()
    quiet = now - datetime.timedelta(seconds=settings.JOBS_REDISPATCH_SECONDS)
    stale = Job.objects.filter(
        Q(status__in=WAITING, run_after__lte=now)
        & (Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=quiet))
        | Q(status=JobStatus.RUNNING, lease_until__lt=now)
    ).filter(created_at__lte=quiet).values_list("pk", flat=True)[:500]
    ids = list(stale)
    for job_id in ids:
        dispatch(job_id)
    return ids


def engine_tick(now: datetime.datetime | None = None) -> None:
    """What the scheduler does every minute, in either engine."""
    schedule_due_jobs(now)
    if current_engine() == Engine.CELERY:
        requeue_stale(now)


def due_job_ids(now: datetime.datetime | None = None, *, limit: int = 20) -> list[int]:
    """Jobs the embedded runner may start now."""
    now = now or _now()
    return list(Job.objects.filter(
        Q(status__in=WAITING, run_after__lte=now) | Q(status=JobStatus.RUNNING,
                                                       lease_until__lt=now)
    ).order_by("run_after", "pk").values_list("pk", flat=True)[:limit])


def run_due_jobs(now: datetime.datetime | None = None) -> list[Outcome]:
    """Run every due job here and now (the embedded runner's step; tests call it directly)."""
    return [run_job(job_id) for job_id in due_job_ids(now, limit=1000)]
