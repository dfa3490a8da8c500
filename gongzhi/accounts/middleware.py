from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.accounts import login_drafts
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


class ExpiredSessionMiddleware:
    """An expired session sends its owner to log in saying why, keeping what they had typed;
    after login the draft waits for the page it came from (gongzhi.accounts.login_drafts).

    Sits after the authentication and message middleware. The login redirect it watches for
    comes from the view, so Django's CSRF check has already passed on the submission it keeps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        marker = login_drafts.signed_in_user_id(request)
        if user.is_authenticated:
            request.login_draft = login_drafts.take_draft(request)
            if request.login_draft:
                messages.info(request, _("已恢复您登录前填写的内容，请检查后提交。"))
            if request.session.get(login_drafts.REASON_KEY):
                del request.session[login_drafts.REASON_KEY]
        response = self.get_response(request)
        if user.is_authenticated:
            if not request.user.is_authenticated:
                login_drafts.clear_marker(response)  # this request logged them out
            elif marker != request.user.pk:
                login_drafts.set_marker(response, request.user.pk)
        elif request.user.is_authenticated:
            # This request logged someone in.
            login_drafts.set_marker(response, request.user.pk)
        elif marker is not None:
            response = login_drafts.keep_on_login_redirect(request, response, user_id=marker)
        return response
