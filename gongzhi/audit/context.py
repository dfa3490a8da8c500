"""The client address of the current request, so that services need not pass the request."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("gongzhi_current_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
