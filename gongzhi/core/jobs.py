"""Background jobs for every app: `@job` declares one, `enqueue` runs it after commit.

The engine lives in the `jobs` app (gongzhi/jobs/engine.py, where the guarantees are written
down); this module is the import path the domain apps use.
"""

from gongzhi.jobs.engine import daily, enqueue, every, job

__all__ = ["daily", "enqueue", "every", "job"]
