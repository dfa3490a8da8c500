"""The embedded engine: jobs run in a thread pool inside the web process (no Redis needed).

One loop thread per process wakes every JOBS_POLL_SECONDS, or at once when a job is enqueued,
enqueues due periodic jobs, and hands due jobs to a small pool so that a long import does not
hold up a notification. The job table is the queue, so nothing is lost when the process stops:
the next process finds the waiting jobs, and takes over running ones whose lease lapsed.
Several processes may poll the same table; the claim in `run_job` runs each job once.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

from gongzhi.jobs import engine

logger = logging.getLogger("gongzhi.jobs")


class EmbeddedRunner:
    def __init__(self):
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._in_flight: set[int] = set()

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self.is_running:
                return
            self._stop.clear()
            self._pool = ThreadPoolExecutor(max_workers=settings.JOBS_EMBEDDED_THREADS,
                                            thread_name_prefix="gongzhi-job")
            self._thread = threading.Thread(target=self._loop, name="gongzhi-jobs",
                                            daemon=True)
            self._thread.start()
            logger.info("embedded job runner started (%s threads)",
                        settings.JOBS_EMBEDDED_THREADS)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            except Exception:
                logger.exception("embedded job runner step failed")
            finally:
                close_old_connections()
            self._wake.wait(timeout=settings.JOBS_POLL_SECONDS)
            self._wake.clear()

    def _step(self) -> None:
        engine.schedule_due_jobs()
        free = settings.JOBS_EMBEDDED_THREADS - len(self._in_flight)
        if free <= 0:
            return
        for job_id in engine.due_job_ids(limit=free + len(self._in_flight)):
            if job_id in self._in_flight or free <= 0:
                continue
            self._in_flight.add(job_id)
            free -= 1
            self._pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            engine.run_job(job_id)
        except Exception:
            logger.exception("job %s crashed the runner thread", job_id)
        finally:
            self._in_flight.discard(job_id)
            close_old_connections()
            self._wake.set()


runner = EmbeddedRunner()
