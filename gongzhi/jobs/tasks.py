"""Celery tasks: the thin bridge from the Celery worker to the job engine.

Only two tasks exist, whatever jobs the apps declare: `execute` runs one Job row by id, `tick`
(sent by beat every JOBS_TICK_SECONDS) enqueues due periodic jobs and re-sends lost messages.
"""

from gongzhi.celery import app
from gongzhi.jobs import engine


@app.task(name="gongzhi.jobs.execute", acks_late=True, reject_on_worker_lost=True,
          ignore_result=True)
def execute(job_id: int) -> str:
    outcome = engine.run_job(job_id)
    if outcome.retry_at is not None:
        # A retry after back-off, a job that is not due yet, or one still leased by a live
        # worker: look again then, so the message is never dropped.
        engine.dispatch(job_id, eta=outcome.retry_at)
    return outcome.status


@app.task(name="gongzhi.jobs.tick", ignore_result=True)
def tick() -> None:
    engine.engine_tick()
