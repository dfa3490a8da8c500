"""The duty operations of the JSON API, under /api/v1/activities/ (activities/api.py): the
coverage board, cover and swap requests, patrol findings. The same access functions, rules,
selectors and services as the pages."""

import datetime
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.activities.duty import access, rules, selectors, services
from gongzhi.activities.duty.choices import SwapKind, SwapStatus
from gongzhi.activities.duty.selectors import BOARD_DEFAULT_DAYS, BOARD_MAX_DAYS
from gongzhi.activities.rota.choices import PostKind
from gongzhi.casework import selectors as case_selectors
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed

router = Router()
BoardDays = Annotated[int, Field(ge=1, le=BOARD_MAX_DAYS)]


class DutyShiftOut(Schema):
    id: int
    post_id: int
    date: datetime.date
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    slots: int
    taken: int
    empty: int

    @staticmethod
    def resolve_empty(shift) -> int:
        return max(shift.slots - shift.taken, 0)


class DutyBoardPostOut(Schema):
    id: int
    title: str
    kind: PostKind
    place: str
    empty: int
    shifts: list[DutyShiftOut]


class DutyBoardOut(Schema):
    community_id: int
    start: datetime.date
    days: int
    slots: int
    taken: int
    empty: int
    posts: list[DutyBoardPostOut]


class DutySignUpOut(Schema):
    id: int
    shift_id: int
    post_id: int = Field(..., alias="shift.post_id")
    post_title: str = Field(..., alias="shift.post.title")
    date: datetime.date = Field(..., alias="shift.date")
    starts_at: datetime.datetime | None = Field(..., alias="shift.starts_at")
    ends_at: datetime.datetime | None = Field(..., alias="shift.ends_at")
    status: str


class DutySignUpDetailOut(DutySignUpOut):
    actions: list[str] = Field(..., description=(
        "What the reader may do with this sign-up now: activities.ask_cover_shift, "
        "activities.ask_swap_shift, activities.record_finding (the page's buttons)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.SIGNUP_ACTIONS)


class SwapRequestOut(Schema):
    id: int
    community_id: int
    kind: SwapKind
    status: SwapStatus
    note: str
    signup: DutySignUpOut
    target: DutySignUpOut | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    actions: list[str] = Field(..., description=(
        "What the reader may do now: activities.take_cover, activities.accept_swap, "
        "activities.decline_swap, activities.withdraw_swap, activities.assign_cover."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.SWAP_ACTIONS)


class FindingOut(Schema):
    id: int
    community_id: int
    signup_id: int
    post_title: str = Field(..., alias="signup.shift.post.title")
    building_id: int | None
    description: str
    case_id: int | None
    created_at: datetime.datetime


class FindingDetailOut(FindingOut):
    actions: list[str] = Field(..., description="activities.convert_finding when open.")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.FINDING_ACTIONS)


class CoverIn(Schema):
    note: str = Field("", max_length=200)


class SwapIn(Schema):
    target_id: Id
    note: str = Field("", max_length=200)


class CoverAssignIn(Schema):
    volunteer_id: Id


class FindingIn(Schema):
    description: str = Field(..., max_length=2000)
    building_id: Id | None = None


class ConvertIn(Schema):
    category_id: Id
    building_id: Id | None = None


@router.get("/duty/board", response=DutyBoardOut, summary="值班排班表（空缺一览）",
            description="一个社区各岗位的班次：默认今天起 7 天；empty=true 只列有空缺的班次。")
def duty_board(request, community_id: Id | None = None, start: datetime.date | None = None,
               days: BoardDays = BOARD_DEFAULT_DAYS,
               kind: PostKind | None = None, empty: bool = False):
    communities = list(selectors.board_communities(request.auth))
    if not communities:
        raise PermissionDenied()
    community = (communities[0] if community_id is None
                 else next((c for c in communities if c.pk == community_id), None))
    if community is None:
        raise NotFound()
    start = start or timezone.localdate()
    shifts = list(selectors.board_shifts(request.auth, community_id=community.pk, start=start,
                                         days=days, kind=kind or "", only_empty=empty))
    posts: dict[int, dict] = {}
    for shift in shifts:
        entry = posts.setdefault(shift.post_id, {
            "id": shift.post_id, "title": shift.post.title, "kind": shift.post.kind,
            "place": shift.post.place, "empty": 0, "shifts": []})
        entry["shifts"].append(shift)
        entry["empty"] += max(shift.slots - shift.taken, 0)
    return {"community_id": community.pk, "start": start, "days": days,
            "slots": sum(s.slots for s in shifts), "taken": sum(s.taken for s in shifts),
            "empty": sum(p["empty"] for p in posts.values()), "posts": list(posts.values())}


@router.get("/duty/requests", response=list[SwapRequestOut], summary="替班换班申请",
            description="本人的申请、请本人换班的、本人可接替的替班，以及（工作人员）本社区的申请。")
@paginate(Pagination)
def duty_request_list(request):
    return selectors.request_list(request.auth)


@router.get("/duty/covers", response=list[SwapRequestOut], summary="我可以接替的班次")
def duty_covers(request):
    return selectors.covers_open_to(request.auth)


@router.get("/duty/requests/{request_id}", response=SwapRequestOut, summary="替班换班申请详情")
def duty_request_detail(request, request_id: Id):
    return access.access_request(actor=request.auth, id=request_id)


@router.get("/duty/signups/{signup_id}", response=DutySignUpDetailOut,
            summary="我的班次（替班、换班）")
def duty_signup_detail(request, signup_id: Id):
    return access.access_signup(actor=request.auth, id=signup_id)


@router.get("/duty/signups/{signup_id}/swap-targets", response=list[DutySignUpOut],
            summary="可交换的班次", description="同一岗位其他志愿者尚未开始的班次。")
def duty_swap_targets(request, signup_id: Id):
    signup = access.access_signup(actor=request.auth, id=signup_id)
    require_who(request.auth, rules.ASK_SWAP, signup)
    return list(selectors.swap_targets(signup))


@router.post("/duty/signups/{signup_id}/cover", response={201: SwapRequestOut},
             summary="找人替班")
def duty_cover_create(request, signup_id: Id, payload: CoverIn):
    signup = access.access_signup(actor=request.auth, id=signup_id)
    return Status(201, services.cover_request_create(actor=request.auth, signup=signup,
                                                     note=payload.note))


@router.post("/duty/signups/{signup_id}/swap", response={201: SwapRequestOut},
             summary="请求换班", description="target_id：同一岗位其他志愿者的班次认领"
                                            "（GET …/swap-targets）。")
def duty_swap_create(request, signup_id: Id, payload: SwapIn):
    signup = access.access_signup(actor=request.auth, id=signup_id)
    require_who(request.auth, rules.ASK_SWAP, signup)
    target = next((s for s in selectors.swap_targets(signup) if s.pk == payload.target_id), None)
    if target is None:  # a field of the body, not the row of the path
        raise ValidationFailed(detail={"target_id": [
            _("只能与同一岗位其他志愿者尚未开始的班次交换。")]})
    return Status(201, services.swap_request_create(actor=request.auth, signup=signup,
                                                    target=target, note=payload.note))


@router.post("/duty/requests/{request_id}/take", response=SwapRequestOut, summary="接替班次")
def duty_cover_take(request, request_id: Id):
    swap = access.access_request(actor=request.auth, id=request_id)
    return services.cover_take(actor=request.auth, request=swap)


@router.post("/duty/requests/{request_id}/accept", response=SwapRequestOut, summary="同意换班")
def duty_swap_accept(request, request_id: Id):
    swap = access.access_request(actor=request.auth, id=request_id)
    return services.swap_accept(actor=request.auth, request=swap)


@router.post("/duty/requests/{request_id}/decline", response=SwapRequestOut, summary="拒绝换班")
def duty_swap_decline(request, request_id: Id):
    swap = access.access_request(actor=request.auth, id=request_id)
    return services.swap_decline(actor=request.auth, request=swap)


@router.post("/duty/requests/{request_id}/withdraw", response=SwapRequestOut,
             summary="撤回替班换班申请")
def duty_request_withdraw(request, request_id: Id):
    swap = access.access_request(actor=request.auth, id=request_id)
    return services.swap_request_withdraw(actor=request.auth, request=swap)


@router.post("/duty/requests/{request_id}/assign", response=SwapRequestOut,
             summary="安排替班（工作人员）",
             description="volunteer_id：可服务该岗位、时间不冲突的本社区志愿者。")
def duty_cover_assign(request, request_id: Id, payload: CoverAssignIn):
    swap = access.access_request(actor=request.auth, id=request_id)
    require_who(request.auth, rules.ASSIGN_COVER, swap)
    volunteer = next((v for v in selectors.cover_candidates(swap)
                      if v.pk == payload.volunteer_id), None)
    if volunteer is None:
        raise NotFound(_("该志愿者不能在此岗位服务。"))
    return services.cover_assign(actor=request.auth, request=swap, volunteer=volunteer)


@router.get("/duty/findings", response=list[FindingOut], summary="巡查发现")
@paginate(Pagination)
def duty_finding_list(request, converted: str = ""):
    return selectors.finding_list(request.auth, converted=converted)


@router.get("/duty/findings/{finding_id}", response=FindingDetailOut, summary="巡查发现详情")
def duty_finding_detail(request, finding_id: Id):
    return access.access_finding(actor=request.auth, id=finding_id)


@router.post("/duty/signups/{signup_id}/findings", response={201: FindingDetailOut},
             summary="记录巡查发现")
def duty_finding_create(request, signup_id: Id, payload: FindingIn):
    signup = access.access_signup(actor=request.auth, id=signup_id)
    require_who(request.auth, rules.RECORD_FINDING, signup)
    building = None
    if payload.building_id is not None:
        building = get_scoped(selectors.finding_buildings(signup.community_id),
                              pk=payload.building_id)
    return Status(201, services.finding_create(actor=request.auth, signup=signup,
                                               description=payload.description,
                                               building=building))


@router.post("/duty/findings/{finding_id}/convert", response=FindingDetailOut,
             summary="巡查发现转为诉求（未诉先办）")
def duty_finding_convert(request, finding_id: Id, payload: ConvertIn):
    finding = access.access_finding(actor=request.auth, id=finding_id)
    require_who(request.auth, rules.CONVERT_FINDING, finding)
    category = get_scoped(case_selectors.category_list(
        request.auth, community_id=finding.community_id), pk=payload.category_id)
    building = None
    if payload.building_id is not None:
        building = get_scoped(case_selectors.report_buildings(request.auth).filter(
            community_id=finding.community_id), pk=payload.building_id)
    return services.finding_convert(actor=request.auth, finding=finding, category=category,
                                    building=building)
