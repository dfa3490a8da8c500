"""The client address of the current request, so that services need not pass the request."""

from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("gongzhi_current_ip", default=None)


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind a trusted reverse proxy the address the proxy saw.

    Only the right-most X-Forwarded-For entry is trusted: nginx appends the address it received
    the request from, and anything to its left was written by the client.
    """
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
