"""Residents' own accounts in the JSON API, under /api/v1/portal/: asking for an SMS code,
signing up and resetting a password (public, as the pages are: guarded by the code and its
limits), and the staff's list of accounts to confirm, with the actions open on each."""

import datetime

from django.conf import settings
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.audit.context import client_ip
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.portal.signup import access, rules, selectors, services
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose, MatchMethod

router = Router()


# ---- public: codes, sign-up, password reset ------------------------------------------------

class PortalCodeIn(Schema):
    phone: str
    purpose: CodePurpose


class PortalCodeOut(Schema):
    detail: str
    wait_seconds: int = Field(..., description="Before another code may be asked for.")


@router.post("/codes", auth=None, response={202: PortalCodeOut},
             summary="获取短信验证码（注册或重置密码；是否已注册不作区分）")
def code_send(request, payload: PortalCodeIn):
    services.code_send(payload.phone, payload.purpose, client_ip(request) or "")
    return Status(202, {"detail": str(services.CODE_SENT_ANSWER % {
        "minutes": settings.PORTAL_CODE_TTL_MINUTES}),
        "wait_seconds": settings.PORTAL_CODE_RESEND_SECONDS})


class PortalSignupIn(Schema):
    phone: str
    code: str
    name: str
    community_id: Id
    id_last_six: str = Field(..., description="The last six characters of the ID number.")
    password: str
    password2: str


class PortalSignupOut(Schema):
    detail: str = Field(..., description="The same answer whatever the registry's outcome: "
                                         "log in with the phone number and see the account's "
                                         "status (matched or waiting for the staff) there.")


@router.post("/signup", auth=None, response={201: PortalSignupOut}, summary="居民注册")
def signup(request, payload: PortalSignupIn):
    community = selectors.signup_communities().filter(pk=payload.community_id).first()
    services.account_signup(
        phone=payload.phone, code=payload.code, name=payload.name, community=community,
        id_last_six=payload.id_last_six, password=payload.password,
        password2=payload.password2)
    return Status(201, {"detail": str(services.SIGNUP_DONE)})


class PortalPasswordResetIn(Schema):
    phone: str
    code: str
    password: str
    password2: str


@router.post("/password-reset", auth=None, response={204: None},
             summary="用短信验证码重置居民账号密码")
def password_reset(request, payload: PortalPasswordResetIn):
    services.password_reset(phone=payload.phone, code=payload.code, password=payload.password,
                            password2=payload.password2)
    return Status(204, None)


# ---- the staff's confirmation --------------------------------------------------------------

class PortalAccountOut(Schema):
    id: int
    community_id: int
    claimed_name: str
    phone_masked: str
    status: AccountStatus
    method: MatchMethod | str
    person_id: int | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    note: str
    actions: list[str] = Field(..., description=(
        "portal.link_account, portal.reject_account: the rules that show the page's buttons."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.ACCOUNT_ACTIONS)


class PortalConfirmIn(Schema):
    person_id: Id = Field(..., description="A person of the account's community's registry "
                                           "without a login.")


class PortalRejectIn(Schema):
    note: str


@router.get("/accounts", response=list[PortalAccountOut], summary="待确认的居民账号")
@paginate(Pagination)
def account_list(request, status: AccountStatus | None = AccountStatus.PENDING):
    if not rules.can_confirm_accounts(request.auth):
        raise PermissionDenied()
    return selectors.account_list(request.auth, status=status or "")


@router.get("/accounts/{account_id}", response=PortalAccountOut, summary="居民账号详情")
def account_detail(request, account_id: Id):
    return access.access_account(actor=request.auth, id=account_id)


@router.post("/accounts/{account_id}/confirm", response=PortalAccountOut,
             summary="确认居民账号：关联本社区的居民并开通居民功能")
def account_confirm(request, account_id: Id, payload: PortalConfirmIn):
    account = access.access_account(actor=request.auth, id=account_id)
    require_who(request.auth, rules.LINK_ACCOUNT, account)
    person = access.access_person_for(actor=request.auth, account=account,
                                      id=payload.person_id)
    services.account_confirm(actor=request.auth, account=account, person=person)
    return access.access_account(actor=request.auth, id=account_id)


@router.post("/accounts/{account_id}/reject", response=PortalAccountOut,
             summary="居民账号不予通过")
def account_reject(request, account_id: Id, payload: PortalRejectIn):
    account = access.access_account(actor=request.auth, id=account_id)
    services.account_reject(actor=request.auth, account=account, note=payload.note)
    return access.access_account(actor=request.auth, id=account_id)

