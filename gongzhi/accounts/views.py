from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.accounts import login_drafts, services
from gongzhi.accounts.forms import LoginForm, PasswordChangeForm, PreferencesForm
from gongzhi.core.errors import DomainError
from gongzhi.core.forms import add_domain_error, submit_form


def _set_language_cookie(response, language: str):
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.LANGUAGE_COOKIE_SECURE)
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.LOGIN_FAILURE_LIMIT,
            lockout_minutes=settings.LOGIN_LOCKOUT_MINUTES,
            login_reason=self.request.session.get(login_drafts.REASON_KEY), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        return _set_language_cookie(response, form.get_user().language)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_record(user=request.user)
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


def preferences(request):
    """Display and language preferences; kept on the user, or in the session when anonymous."""
    user = request.user
    current = {
        "large_text": user.large_text if user.is_authenticated
        else request.session.get("gz_large_text", False),
        "high_contrast": user.high_contrast if user.is_authenticated
        else request.session.get("gz_high_contrast", False),
        "language": translation.get_language(),
    }
    if request.method == "POST":
        toggle = request.POST.get("toggle")
        if toggle in {"large_text", "high_contrast"}:
            form = PreferencesForm(data={**current, toggle: not current[toggle]})
        elif toggle == "language":
            form = PreferencesForm(data={**current, "language": request.POST.get("language")})
        else:
            form = PreferencesForm(data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if user.is_authenticated:
                try:
                    services.user_preferences_update(actor=user, **data)
                except DomainError as error:
                    add_domain_error(form, error)
            else:
                request.session["gz_large_text"] = data["large_text"]
                request.session["gz_high_contrast"] = data["high_contrast"]
            if form.is_valid() and not form.errors:
                translation.activate(data["language"])
                if not toggle:
                    messages.success(request, _("设置已保存。"))
                response = redirect(_safe_next(request, request.path))
                return _set_language_cookie(response, data["language"])
    else:
        form = PreferencesForm(initial=current)
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
def password_change(request):
    form = PasswordChangeForm(data=request.POST or None)

    def change(data):
        services.password_change(actor=request.user, old_password=data["old_password"],
                                 new_password=data["new_password"])
        update_session_auth_hash(request, request.user)  # this session stays logged in

    done = submit_form(request, form, change, success_message=_("密码已修改。"),
                       success_url=reverse("workbench:home"))
    if done:
        return done
    return render(request, "accounts/password_change.html", {"form": form})
