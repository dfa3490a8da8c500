from django.core.exceptions import MiddlewareNotUsed

from gongzhi.jobs.choices import Engine
from gongzhi.jobs.embedded import runner
from gongzhi.jobs.engine import current_engine


class EmbeddedJobsMiddleware:
    """Starts the embedded job runner when a web process loads its middleware.

    Only web processes (runserver, gunicorn) load middleware, so `migrate` or a shell never
    start a runner. The middleware then takes itself out of the request path.
    """

    def __init__(self, get_response):
        if current_engine() == Engine.EMBEDDED:
            runner.start()
        raise MiddlewareNotUsed()
