"""The rota operations of the JSON API, under /api/v1/activities/ (activities/api.py): the same
selectors, access functions, rules and services as the pages. Who took a shift is in a
response only where the privacy rule lets the reader see it (activities.view_shift_signups)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.activities.rota import access, rules, selectors, services
from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, LocalTime, Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.organisations.choices import Category
from gongzhi.places.access import access_community

router = Router()


def actions_field(what: str):
    return Field(..., description=(
        f"The actions the reader may take on this {what} now, as rule names (activities.…): "
        "the same rules that show the page's buttons."))


class ShiftOut(Schema):
    id: int
    post_id: int
    date: datetime.date
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    slots: int
    taken: int = 0


class ShiftDetailOut(ShiftOut):
    own_signup_id: int | None = None
    actions: list[str] = actions_field("shift")

    @staticmethod
    def resolve_own_signup_id(obj):
        own = getattr(obj, "own_signup", None)
        return own.pk if own is not None else None

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.SHIFT_ACTIONS)


class PostOut(Schema):
    id: int
    community_id: int
    title: str
    kind: str
    category: str
    open_to: str
    unit_id: int | None
    activity_id: int | None
    description: str
    place: str
    status: str
    need_id: int | None
    source_case_id: int | None
    rota: dict
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    shift_count: int = 0
    slot_count: int | None = None
    signup_count: int | None = None


class PostDetailOut(PostOut):
    shifts: list[ShiftDetailOut]
    actions: list[str] = actions_field("post")

    @staticmethod
    def resolve_shifts(obj, context):
        volunteer = own_volunteer(context["request"].auth)
        return selectors.post_shifts(obj, own_volunteer_id=volunteer.pk if volunteer else None)

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.POST_ACTIONS)


class OneShiftIn(Schema):
    """One shift: a day, and optionally its times (Beijing time; an end at or before the start
    is the next day's)."""

    date: datetime.date
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    slots: int = Field(..., ge=1, le=500)


class RotaIn(Schema):
    """A rota template: e.g. three 8-hour shifts a day for two weeks."""

    first_day: datetime.date
    days: int = Field(..., ge=1, le=62)
    starts: list[LocalTime] = Field(..., min_length=1, max_length=24)
    hours: int = Field(..., ge=1, le=24)
    slots: int = Field(..., ge=1, le=500)


class PostIn(Schema):
    """A post with one shift (`shift`) or the shifts of a rota template (`rota`)."""

    community_id: Id
    title: str = Field(..., min_length=1, max_length=128)
    kind: PostKind = PostKind.SERVICE
    category: Category = Category.OTHER
    open_to: OpenTo = OpenTo.VOLUNTEERS
    unit_id: Id | None = None
    need_id: Id | None = None
    activity_id: Id | None = Field(None, description="An activity of the community the post "
                                                     "stewards")
    description: str = ""
    place: str = Field("", max_length=128)
    shift: OneShiftIn | None = None
    rota: RotaIn | None = None


class ShiftPlanOut(Schema):
    date: datetime.date
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    slots: int


class ShiftSignUpOut(Schema):
    id: int
    shift_id: int
    volunteer_id: int
    volunteer_name: str
    status: str
    checked_in_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    work_done: str
    hours: Decimal | None
    confirmed_at: datetime.datetime | None

    @staticmethod
    def resolve_volunteer_name(obj) -> str:
        return obj.volunteer.display_name


class SignUpDetailOut(ShiftSignUpOut):
    actions: list[str] = actions_field("sign-up")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.SIGNUP_ACTIONS)


class MyShiftOut(SignUpDetailOut):
    post_id: int
    post_title: str
    date: datetime.date
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None

    @staticmethod
    def resolve_post_id(obj):
        return obj.shift.post_id

    @staticmethod
    def resolve_post_title(obj):
        return obj.shift.post.title

    @staticmethod
    def resolve_date(obj):
        return obj.shift.date

    @staticmethod
    def resolve_starts_at(obj):
        return obj.shift.starts_at

    @staticmethod
    def resolve_ends_at(obj):
        return obj.shift.ends_at


class MyShiftsOut(Schema):
    upcoming: list[MyShiftOut]
    past: list[MyShiftOut]


def _post_detail(actor, post_id):
    return access.access_post(actor=actor, id=post_id)


@router.get("/posts", response=list[PostOut], summary="服务岗位（可按类型、面向人员、状态筛选）")
@paginate(Pagination)
def post_list(request, status: PostStatus | None = None, kind: PostKind | None = None,
              open_to: OpenTo | None = None, community_id: Id | None = None,
              to_confirm: bool = False):
    if not rules.can_view_posts(request.auth):
        raise PermissionDenied()
    return selectors.post_list(request.auth, status=status, kind=kind, open_to=open_to,
                               community_id=community_id, to_confirm=to_confirm)


@router.post("/posts/preview", response=list[ShiftPlanOut], summary="预览排班模板排出的班次")
def rota_preview(request, payload: RotaIn):
    if not rules.can_manage_posts(request.auth):
        raise PermissionDenied()
    return [plan.__dict__ for plan in services.rota_plan(services.clean_rota(payload.dict()))]


@router.post("/posts", response={201: PostDetailOut}, summary="发布岗位（单个班次或排班模板）")
def post_create(request, payload: PostIn):
    data = payload.dict()
    community = access_community(actor=request.auth, id=data.pop("community_id"),
                                 permission=rules.MANAGE_POST)
    need = None
    if payload.need_id is not None:
        need = get_scoped(selectors.post_need_choices(request.auth, community.pk),
                          pk=payload.need_id)
    unit = None
    if payload.unit_id is not None:
        unit = get_scoped(selectors.post_unit_choices(request.auth, community.pk),
                          pk=payload.unit_id)
    activity = None
    if payload.activity_id is not None:
        activity = get_scoped(selectors.post_activity_choices(request.auth, community.pk),
                              pk=payload.activity_id)
    shift = services.one_shift(**payload.shift.dict()) if payload.shift else None
    post = services.post_create(
        actor=request.auth, community=community, title=payload.title, shift=shift,
        rota=payload.rota.dict() if payload.rota else None, need=need, unit=unit,
        activity=activity,
        kind=str(payload.kind), category=str(payload.category), open_to=str(payload.open_to),
        description=payload.description, place=payload.place)
    return Status(201, _post_detail(request.auth, post.pk))


@router.get("/posts/{post_id}", response=PostDetailOut, summary="岗位详情（含班次）")
def post_detail(request, post_id: Id):
    return _post_detail(request.auth, post_id)


class PostStatusIn(Schema):
    status: PostStatus


@router.post("/posts/{post_id}/status", response=PostDetailOut,
             summary="更改岗位状态（开放、停止认领、完成）")
def post_status(request, post_id: Id, payload: PostStatusIn):
    post = access.access_post(actor=request.auth, id=post_id)
    services.post_set_status(actor=request.auth, post=post, status=str(payload.status))
    return _post_detail(request.auth, post_id)


@router.post("/posts/{post_id}/shifts", response={201: ShiftOut}, summary="增加一个班次")
def shift_add(request, post_id: Id, payload: OneShiftIn):
    post = access.access_post(actor=request.auth, id=post_id)
    return Status(201, services.shift_add(actor=request.auth, post=post,
                                          shift=services.one_shift(**payload.dict())))


class RotaExtendIn(Schema):
    days: int = Field(..., ge=1, le=62)


@router.post("/posts/{post_id}/extend", response={201: list[ShiftOut]},
             summary="按排班模板延长若干天")
def rota_extend(request, post_id: Id, payload: RotaExtendIn):
    post = access.access_post(actor=request.auth, id=post_id)
    return Status(201, services.rota_extend(actor=request.auth, post=post, days=payload.days))


@router.get("/posts/{post_id}/signups", response=list[SignUpDetailOut],
            summary="岗位的认领人员（仅限可查看者：党员岗位仅限党员名册管理人员）")
def post_signups(request, post_id: Id):
    post = access.access_post(actor=request.auth, id=post_id)
    require_who(request.auth, rules.SEE_SIGNUPS, post)
    return selectors.post_signups(request.auth, post)


@router.post("/shifts/{shift_id}/signups", response={201: SignUpDetailOut},
             summary="认领班次（志愿者本人）")
def shift_take(request, shift_id: Id):
    shift = access.access_shift(actor=request.auth, id=shift_id)
    return Status(201, services.shift_take(actor=request.auth, shift=shift))


class ShiftAssignIn(Schema):
    volunteer_id: Id


@router.post("/shifts/{shift_id}/assign", response={201: SignUpDetailOut},
             summary="安排志愿者到班次（工作人员）")
def shift_assign(request, shift_id: Id, payload: ShiftAssignIn):
    shift = access.access_shift(actor=request.auth, id=shift_id)
    require_who(request.auth, rules.ASSIGN, shift)
    volunteer = get_scoped(selectors.assign_candidates(request.auth, shift),
                           pk=payload.volunteer_id)
    return Status(201, services.shift_assign(actor=request.auth, shift=shift,
                                             volunteer=volunteer))


class SlotsIn(Schema):
    slots: int = Field(..., ge=1, le=500)


@router.post("/shifts/{shift_id}/slots", response=ShiftOut, summary="调整班次名额")
def shift_slots(request, shift_id: Id, payload: SlotsIn):
    shift = access.access_shift(actor=request.auth, id=shift_id)
    return services.shift_set_slots(actor=request.auth, shift=shift, slots=payload.slots)


@router.get("/shift-signups", response=list[ShiftSignUpOut],
            summary="认领记录（本人的，以及可查看的岗位的）")
@paginate(Pagination)
def signup_list(request):
    return selectors.signup_list(request.auth)


@router.get("/me/shifts", response=MyShiftsOut, summary="我的班次（即将到来和已完成）")
def my_shifts(request):
    return selectors.my_shifts(request.auth, now=timezone.now())


def _signup(request, signup_id):
    return access.access_signup(actor=request.auth, id=signup_id)


@router.post("/shift-signups/{signup_id}/withdraw", response={204: None},
             summary="撤回本人尚未确认的认领")
def signup_withdraw(request, signup_id: Id):
    services.signup_withdraw(actor=request.auth, signup=_signup(request, signup_id))
    return Status(204, None)


@router.post("/shift-signups/{signup_id}/check-in", response=SignUpDetailOut, summary="签到")
def signup_check_in(request, signup_id: Id):
    return services.signup_check_in(actor=request.auth, signup=_signup(request, signup_id))


@router.post("/shift-signups/{signup_id}/check-out", response=SignUpDetailOut, summary="签退")
def signup_check_out(request, signup_id: Id):
    return services.signup_check_out(actor=request.auth, signup=_signup(request, signup_id))


class ConfirmIn(Schema):
    work_done: str = Field(..., min_length=1, max_length=500)
    hours: Decimal = Field(..., gt=0, le=24)


@router.post("/shift-signups/{signup_id}/confirm", response=SignUpDetailOut,
             summary="确认服务内容和时长（记入服务时长记录）")
def signup_confirm(request, signup_id: Id, payload: ConfirmIn):
    return services.signup_confirm(actor=request.auth, signup=_signup(request, signup_id),
                                   work_done=payload.work_done, hours=payload.hours)
