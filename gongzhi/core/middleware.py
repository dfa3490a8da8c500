from django.conf import settings
from django.utils import translation

from gongzhi.core.errors import DomainError
from gongzhi.core.views import error_page


class DomainErrorMiddleware:
    """HTML pages: a domain error that escaped the view becomes the matching error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, DomainError):
            return None
        return error_page(request, exception.status, message=exception.message)


class PrivatePagesMiddleware:
    """A logged-in person's HTML page is theirs: `Cache-Control: private, no-store`, so neither a
    shared proxy nor the browser's back/forward cache keeps it for the next person. A response
    that already says how to cache (the portal's images, downloads) is left alone, and so are
    anonymous responses (the public portal may be cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and "Cache-Control" not in response.headers
                and response.get("Content-Type", "").startswith("text/html")):
            response.headers["Cache-Control"] = "private, no-store"
        return response


class LanguageMiddleware:
    """Chinese unless the person chose English (cookie or account), whatever the browser says.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government PC or a
    phone set to English would then show a Chinese community's pages in English unasked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
