"""Jobs that exist only for the tests. A test worker imports this module with `-I`.

Each job leaves its effect as an audit entry whose user name is the `key` it was given, so
that a test counts effects with one query; and, when Redis is configured, pushes to Redis
lists so that a test in another process can wait for "started" and "done" without sleeping.
"""

import os
import threading

from django.db import transaction

from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.audit.services import audit_event
from gongzhi.jobs.engine import job

ATTEMPTS: dict[str, int] = {}
FINISHED: dict[str, threading.Event] = {}


def effects(key: str) -> int:
    return AuditEntry.objects.filter(actor_username=key).count()


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


def _signal(key: str, what: str) -> None:
    if os.environ.get("REDIS_URL"):
        _redis().rpush(f"{key}:{what}", "1")


@job(name="tests.record", max_retries=2, atomic=True)
def record_effect(*, key: str) -> None:
    audit_event(action=Action.UPDATE, username=key)
    transaction.on_commit(lambda: _signal(key, "done"))
    event = FINISHED.get(key)
    if event is not None:
        transaction.on_commit(event.set)


@job(name="tests.flaky", max_retries=2)
def flaky(*, key: str, failures: int) -> None:
    """Fails the first `failures` times it runs, then leaves its effect."""
    ATTEMPTS[key] = ATTEMPTS.get(key, 0) + 1
    if ATTEMPTS[key] <= failures:
        raise RuntimeError(f"flaky failure {ATTEMPTS[key]}")
    audit_event(action=Action.UPDATE, username=key)


@job(name="tests.effect_then_stall", max_retries=3, atomic=True)
def effect_then_stall(*, key: str) -> None:
    """Leaves its effect, says it started, then waits for the test to open the gate: a
    worker killed while it waits dies with the effect uncommitted."""
    audit_event(action=Action.UPDATE, username=key)
    client = _redis()
    client.rpush(f"{key}:started", "1")
    client.blpop([f"{key}:gate"], timeout=60)
    transaction.on_commit(lambda: _signal(key, "done"))


@job(name="tests.usurped", max_retries=0, atomic=True)
def usurped(*, key: str) -> None:
    """Leaves its effect, then another worker takes the job over before it completes."""
    from django.db.models import F

    from gongzhi.jobs.models import Job

    audit_event(action=Action.UPDATE, username=key)
    Job.objects.filter(name="tests.usurped", kwargs__key=key).update(attempts=F("attempts") + 1)
