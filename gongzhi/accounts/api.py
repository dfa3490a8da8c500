import datetime

from ninja import Router, Schema, Status

from gongzhi.accounts import access as token_access
from gongzhi.accounts import selectors as token_selectors
from gongzhi.accounts import services
from gongzhi.accounts.forms import PasswordChangeForm
from gongzhi.accounts.selectors import password_is_expired
from gongzhi.core.api_types import Id, Problem
from gongzhi.core.errors import ValidationFailed

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime
    refresh_token: str
    refresh_expires_at: datetime.datetime


class RefreshIn(Schema):
    refresh_token: str


class TokenInfoOut(Schema):
    id: int
    created_at: datetime.datetime
    expires_at: datetime.datetime
    refresh_expires_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revoked_reason: str
    is_current: bool


class PasswordChangeIn(Schema):
    old_password: str
    new_password: str
    new_password_again: str


class RoleOut(Schema):
    role: str
    role_label: str
    level: str
    place_id: int
    place_name: str


class AccountOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]


@router.post("/token", auth=None,
             response={200: TokenOut, 401: Problem, 403: Problem, 429: Problem},
             summary="用户名和密码换取令牌")
def token_create(request, payload: TokenIn):
    user = services.login_authenticate(username=payload.username, password=payload.password,
                                       request=request)
    if password_is_expired(user):
        raise services.PasswordChangeRequired()
    return services.api_token_create(user=user).__dict__


@router.post("/token/refresh", auth=None, response={200: TokenOut, 401: Problem},
             summary="用续期令牌换一对新令牌（续期令牌只能用一次）")
def token_refresh(request, payload: RefreshIn):
    return services.api_token_refresh(raw_refresh=payload.refresh_token).__dict__


@router.post("/logout", response={204: None}, summary="退出：吊销本次请求所用的令牌")
def token_logout(request):
    services.api_token_revoke(actor=request.auth, token=request.api_token, reason="logout")
    return Status(204, None)


@router.get("/tokens", response=list[TokenInfoOut], summary="我的接口令牌（含已吊销和已过期的）")
def token_list(request):
    return [{**{field: getattr(token, field) for field in TokenInfoOut.model_fields
                if field != "is_current"}, "is_current": token.pk == request.api_token.pk}
            for token in token_selectors.token_list(actor=request.auth)]


@router.delete("/tokens/{token_id}", response={204: None, 404: Problem},
               summary="吊销我的一个接口令牌")
def token_revoke(request, token_id: Id):
    token = token_access.access_token(actor=request.auth, token_id=token_id)
    services.api_token_revoke(actor=request.auth, token=token)
    return Status(204, None)


@router.get("/me", response=AccountOut, summary="当前用户及其角色")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "roles": [{"role": r.role, "role_label": str(r.get_role_display()), "level": r.level,
                   "place_id": r.place_id, "place_name": str(r.place)} for r in user.roles()],
    }


@router.post("/password", response={204: None, 422: Problem}, summary="修改本人密码")
def password_change(request, payload: PasswordChangeIn):
    """The page's password change: its form (the new password twice) and the same service,
    which checks the old password and runs the password validators. Like any new password,
    it revokes every token of the user, this one too: the client asks for a new one."""
    form = PasswordChangeForm(data=payload.dict())
    if not form.is_valid():
        raise ValidationFailed(detail={field: [str(message) for message in messages]
                                       for field, messages in form.errors.items()})
    services.password_change(actor=request.auth, old_password=form.cleaned_data["old_password"],
                             new_password=form.cleaned_data["new_password"])
    return Status(204, None)
