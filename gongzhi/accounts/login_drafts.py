"""What someone typed when their session had expired, kept across the login that follows.

A signed browser-session cookie remembers who was signed in. When a request arrives with that
cookie but without a live session (the idle timeout of settings.SESSION_COOKIE_AGE passed, or
the session was deleted on the server), and the page would send the visitor to the login
page, the login page says why; if the request was a form submission, its fields (never
passwords, tokens, files, ID or phone numbers or sensitive flags; size-capped) are kept in the
new anonymous session with the page the form came from. Login keeps the session's data (Django
cycles the key), so after login the next GET of that page by the same person finds the draft,
prefills the form and drops the draft. Anyone else who logs in with that browser has it discarded.

This is HTTP plumbing (sessions, cookies, redirects), not domain behaviour: it saves nothing in
the domain and needs no audit entry.
"""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.shortcuts import resolve_url

MARKER_COOKIE = "gz_signed_in_as"
MARKER_SALT = "gongzhi.accounts.login_drafts"
DRAFT_KEY = "gz_login_draft"
REASON_KEY = "gz_login_reason"
REASON_EXPIRED = "expired"
REASON_EXPIRED_WITH_DRAFT = "expired_draft"

# Never kept, whatever the form: secrets and Django's own token, and the sensitive personal data
# that is stored only encrypted (ID numbers, phone numbers, sensitive flags): a draft sits in
# the session table in clear, so those are typed again rather than kept there.
_SECRET_NAME = re.compile(r"password|passwd|secret|token|csrf|otp|id_number|phone|mobile|flags",
                          re.IGNORECASE)
MAX_FIELDS = 100
MAX_VALUE_CHARS = 5_000
MAX_TOTAL_CHARS = 20_000
# Paths whose submissions are never kept: the login flow itself, the API (token auth), the
# language switch and Django's admin (its own forms and login).
_SKIPPED_PREFIXES = ("/accounts/", "/api/", "/i18n/", "/admin/", "/static/")


def signed_in_user_id(request) -> int | None:
    """The id of the person this browser was signed in as, from the marker cookie, or None."""
    value = request.get_signed_cookie(MARKER_COOKIE, default=None, salt=MARKER_SALT)
    return int(value) if value and value.isdigit() else None


def set_marker(response, user_id: int) -> None:
    # No max_age: like the session cookie, it ends when the browser closes.
    response.set_signed_cookie(MARKER_COOKIE, str(user_id), salt=MARKER_SALT, httponly=True,
                               samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def clear_marker(response) -> None:
    response.delete_cookie(MARKER_COOKIE, samesite="Lax")


def draft_fields(post: QueryDict) -> dict[str, list[str]]:
    """The fields of a submission worth keeping: no secrets, each value and the whole capped."""
    kept: dict[str, list[str]] = {}
    total = 0
    for name, values in post.lists():
        if _SECRET_NAME.search(name) or len(kept) >= MAX_FIELDS:
            continue
        values = [v for v in values if len(v) <= MAX_VALUE_CHARS]
        size = sum(len(v) for v in values) + len(name)
        if not values or total + size > MAX_TOTAL_CHARS:
            continue
        kept[name] = values
        total += size
    return kept


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303) or "Location" not in response:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def _form_page(request) -> str:
    """The page the form was on: the same-site Referer's path (a form may post to an action
    URL that only takes POST), else the posted URL."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.path and referer.netloc == request.get_host():
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return request.get_full_path()


def keep_on_login_redirect(request, response, *, user_id: int):
    """The session of `user_id` has expired and the page sends them to log in: say why, and
    keep what a form submission carried. Returns the response to send."""
    if request.path.startswith(_SKIPPED_PREFIXES) or not _is_login_redirect(response):
        return response
    fields = draft_fields(request.POST) if request.method == "POST" else {}
    if fields:
        page = _form_page(request)
        request.session[DRAFT_KEY] = {"user": user_id, "path": urlsplit(page).path,
                                      "fields": fields}
        request.session[REASON_KEY] = REASON_EXPIRED_WITH_DRAFT
        # Back to the form's page after login, not to a POST-only action URL.
        response["Location"] = (resolve_url(settings.LOGIN_URL) + "?"
                                + urlencode({"next": page}))
    else:
        request.session[REASON_KEY] = REASON_EXPIRED
    if request.headers.get("HX-Request") == "true":
        # htmx would follow the redirect and swap the login page into a fragment: send the
        # whole page there instead.
        location = response["Location"]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = location
    clear_marker(response)
    return response


def take_draft(request) -> dict[str, list[str]] | None:
    """For a signed-in GET: the draft this person left on this page, removed from the session;
    a draft left by someone else is discarded."""
    draft = request.session.get(DRAFT_KEY)
    if not draft:
        return None
    if draft.get("user") != request.user.pk:
        del request.session[DRAFT_KEY]
        return None
    if request.method != "GET" or request.path != draft.get("path"):
        return None
    del request.session[DRAFT_KEY]
    return draft.get("fields") or None
