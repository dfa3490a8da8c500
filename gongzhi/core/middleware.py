from django.shortcuts import render

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied


class DomainErrorMiddleware:
    """HTML pages: a domain error that escaped the view becomes the matching error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotFound):
            title, title_en = "页面不存在", "Page not found"
        elif isinstance(exception, PermissionDenied):
            title, title_en = "没有权限", "Permission denied"
        else:
            title, title_en = "操作未能完成", "The operation could not be completed"
        return render(request, "core/error.html", {
            "status": exception.status, "title": title, "title_en": title_en,
            "message": exception.message}, status=exception.status)
