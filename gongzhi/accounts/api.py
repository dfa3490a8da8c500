from ninja import Router, Schema

from gongzhi.accounts import services
from gongzhi.accounts.selectors import password_is_expired

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class RoleOut(Schema):
    role: str
    role_label: str
    level: str
    place_id: int
    place_name: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]


class Problem(Schema):
    code: str
    message: str
    detail: dict


@router.post("/token", auth=None,
             response={200: TokenOut, 401: Problem, 403: Problem, 429: Problem},
             summary="用户名和密码换取令牌")
def token_create(request, payload: TokenIn):
    user = services.login_authenticate(username=payload.username, password=payload.password,
                                       request=request)
    if password_is_expired(user):
        raise services.PasswordChangeRequired()
    return {"token": services.api_token_create(user=user)}


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "roles": [{"role": r.role, "role_label": str(r.get_role_display()), "level": r.level,
                   "place_id": r.place_id, "place_name": str(r.place)} for r in user.roles()],
    }
