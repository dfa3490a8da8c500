"""Pages of residents' own accounts: signing up and resetting a password (public, guarded by
SMS codes), one's own account, and the staff's list of accounts to confirm."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongzhi.audit.context import client_ip
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.errors import DomainError, PermissionDenied
from gongzhi.core.forms import domain_error_text, submit_form
from gongzhi.portal.signup import access, rules, selectors, services
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose
from gongzhi.portal.signup.forms import (
    CodeRequestForm,
    ConfirmForm,
    PasswordResetForm,
    RejectForm,
    SignupForm,
)

SIGNUP = "portal/signup/signup.html"
RESET = "portal/signup/password_reset.html"
# what a page keeps of a form sent to ask for a code (never a password or a code)
KEPT_FIELDS = ("phone", "name", "community", "id_last_six")


def _signup_form(data=None, initial=None):
    return SignupForm(data=data, initial=initial, communities=selectors.signup_communities())


@require_http_methods(["GET", "POST"])
def signup(request):
    form = _signup_form(request.POST or None)
    done = submit_form(request, form, lambda data: services.account_signup(
        phone=data["phone"], code=data["code"], name=data["name"],
        community=form.chosen_community(), id_last_six=data["id_last_six"],
        password=data["password"], password2=data["password2"]),
        # the same answer whether or not the registry matched: the outcome is seen only after
        # logging in, on the account's own page
        success_message=services.SIGNUP_DONE,
        success_url=reverse("accounts:login"))
    return done or render(request, SIGNUP, {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetForm(data=request.POST or None)
    done = submit_form(request, form, lambda data: services.password_reset(
        phone=data["phone"], code=data["code"], password=data["password"],
        password2=data["password2"]),
        success_message=_("密码已重置，请使用新密码登录。"),
        success_url=reverse("accounts:login"))
    return done or render(request, RESET, {"form": form})


@require_POST
def code_send(request):
    """Ask for a code: the pages' 获取验证码 button (a script posts it and counts down), or
    the whole form without the script (the page comes back with what was typed, no password).
    The answer is the same whether or not the number has an account."""
    form = CodeRequestForm(data=request.POST)
    purpose = request.POST.get("purpose")
    error, wait = None, 0
    if not form.is_valid():
        error = _("请填写 11 位手机号码。")
    else:
        try:
            services.code_send(form.cleaned_data["phone"], form.cleaned_data["purpose"],
                               client_ip(request) or "")
            wait = settings.PORTAL_CODE_RESEND_SECONDS
        except DomainError as refusal:
            error = domain_error_text(refusal)
    text = error or services.CODE_SENT_ANSWER % {"minutes": settings.PORTAL_CODE_TTL_MINUTES}
    if request.headers.get("X-Requested-With") == "fetch":
        response = render(request, "portal/signup/_code_status.html",
                          {"text": text, "error": bool(error)})
        response["X-Code-Wait"] = str(wait)
        return response
    kept = {name: request.POST.get(name, "") for name in KEPT_FIELDS}
    (messages.error if error else messages.success)(request, text)
    if purpose == CodePurpose.RESET:
        return render(request, RESET, {"form": PasswordResetForm(initial=kept)})
    return render(request, SIGNUP, {"form": _signup_form(initial=kept)})


@login_required
def my_account(request):
    """One's own resident account: waiting, linked or not accepted, and where to go."""
    return render(request, "portal/signup/my_account.html",
                  {"account": selectors.own_account(request.user)})


# ---- the staff's confirmation --------------------------------------------------------------

def _need_confirm(user) -> None:
    if not rules.can_confirm_accounts(user):
        raise PermissionDenied()


@login_required
def account_list(request):
    _need_confirm(request.user)
    status = request.GET.get("status", AccountStatus.PENDING)
    if status not in AccountStatus.values:
        status = ""
    accounts = list(selectors.account_list(request.user, status=status))
    return render(request, "portal/signup/account_list.html", {
        "accounts": accounts, "status": status, "statuses": AccountStatus.choices})


@login_required
def account_detail(request, pk):
    account = access.access_account(actor=request.user, id=pk)
    search = request.GET.get("q", "").strip()
    actions = open_actions(request.user, account, rules.ACCOUNT_ACTIONS)
    people = (selectors.person_choices(request.user, account, search=search)
              if rules.LINK_ACCOUNT in actions else [])
    return render(request, "portal/signup/account_detail.html", {
        "account": account, "actions": actions, "search": search, "people": people,
        "confirm_form": ConfirmForm(), "reject_form": RejectForm()})


@login_required
@require_POST
def account_action(request, pk, action):
    account = access.access_account(actor=request.user, id=pk)
    if action not in rules.ACCOUNT_ACTION_RULES:
        raise Http404()
    require_who(request.user, rules.ACCOUNT_ACTION_RULES[action], account)
    back = reverse("portal:account_detail", args=[account.pk])
    if action == "confirm":
        form = ConfirmForm(data=request.POST)

        def perform(data):
            person = access.access_person_for(actor=request.user, account=account,
                                              id=data["person"])
            return services.account_confirm(actor=request.user, account=account, person=person)

        message = _("已确认，账号已关联居民信息并开通居民功能。")
    else:
        form = RejectForm(data=request.POST)

        def perform(data):
            return services.account_reject(actor=request.user, account=account,
                                           note=data["note"])

        message = _("已标记为未通过。")
    return submit_form(request, form, perform, success_message=message,
                       success_url=reverse("portal:account_list"), failure_url=back)

