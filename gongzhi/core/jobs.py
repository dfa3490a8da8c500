"""Background jobs: `@job` registers a function, `enqueue` runs it after the transaction commits.

Provisional embedded implementation (runs the job synchronously once the transaction commits).
The notifications-and-jobs issue replaces the engine (Celery with Redis, a thread in-process
otherwise) behind this same interface.
"""

from collections.abc import Callable

from django.db import transaction

REGISTRY: dict[str, Callable] = {}


def job(*, name: str, max_retries: int = 3):
    def register(func):
        func.job_name = name
        func.max_retries = max_retries
        REGISTRY[name] = func
        return func

    return register


def enqueue(func, **kwargs):
    transaction.on_commit(lambda: func(**kwargs))
