from django.shortcuts import redirect
from django.urls import reverse

from gongzhi.accounts.selectors import password_is_expired

# Paths a user with an expired password may still reach.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/")


class PasswordAgeMiddleware:
    """Send a user whose password is too old (or must change at first login) to change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and not request.path.startswith(_ALLOWED_PREFIXES)
                and password_is_expired(user)):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)
