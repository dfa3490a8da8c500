from gongzhi.core.errors import DomainError


class DomainErrorMiddleware:
    """HTML pages: a domain error that escaped the view becomes the matching error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, DomainError):
            return None
        from gongzhi.core.views import error_page

        return error_page(request, exception.status, message=exception.message)
