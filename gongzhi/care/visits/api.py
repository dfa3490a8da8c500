"""Care's visits in the JSON API (e.g. for a mini-program), under /api/v1/care/: 我的帮扶, the
overdue list, a household's visits, logging a visit (JSON, or multipart with a photo), a visit
with its audited found, its follow-up and its hours; the same access functions, selectors,
rules and services as the pages."""

import datetime
import json
import mimetypes
from decimal import Decimal

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.care.register.access import access_household
from gongzhi.care.visits import rules, selectors, services
from gongzhi.care.visits.access import access_visit, access_visit_for_read
from gongzhi.care.visits.choices import FollowUpStatus, VisitKind
from gongzhi.cobuilding.choices import Urgency
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Count, Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations.choices import Category

router = Router()


class CareDueOut(Schema):
    household_id: int
    community_id: int
    name: str = Field(..., description="The person's name (staff and the household's helpers "
                                       "only reach this list).")
    address: str
    visit_every_days: int
    last_visited_on: datetime.date | None
    due_on: datetime.date = Field(..., description="Last visit (or registration) + the plan's "
                                                   "days; overdue from the day after.")
    is_overdue: bool
    days_overdue: int
    actions: list[str] = Field(..., description="care.log_visit when the reader may log a "
                                                "visit now.")


def _due(request, row) -> dict:
    household = row.household
    return {"household_id": household.pk, "community_id": household.community_id,
            "name": selectors.display_name(household, full=True),
            "address": selectors.address(household),
            "visit_every_days": household.visit_every_days,
            "last_visited_on": row.last_visited_on, "due_on": row.due_on,
            "is_overdue": row.is_overdue, "days_overdue": row.days_overdue,
            "actions": open_actions(request.auth, household, (rules.LOG_VISIT,))}


class CareVisitOut(Schema):
    id: int
    household_id: int
    community_id: int
    pairing_id: int | None
    kind: VisitKind
    visited_on: datetime.date
    visitors: str
    given: str
    follow_up: str
    follow_up_status: FollowUpStatus
    case_id: int | None
    need_id: int | None
    hours: Decimal | None
    hours_entry_id: int | None
    has_photo: bool
    campaign_target_id: int | None


def _visit(visit) -> dict:
    return {"id": visit.pk, "household_id": visit.household_id,
            "community_id": visit.community_id, "pairing_id": visit.pairing_id,
            "kind": visit.kind, "visited_on": visit.visited_on, "visitors": visit.visitors,
            "given": visit.given, "follow_up": visit.follow_up,
            "follow_up_status": visit.follow_up_status, "case_id": visit.case_id,
            "need_id": visit.need_id, "hours": visit.hours,
            "hours_entry_id": visit.hours_entry_id, "has_photo": bool(visit.photo),
            "campaign_target_id": visit.campaign_target_id}


class CareVisitDetailOut(CareVisitOut):
    found: str = Field(..., description="What the visitor found (sensitive): each GET is an "
                                        "audited read.")
    photo_url: str | None
    actions: list[str] = Field(..., description=(
        "care.follow_up_case, care.follow_up_need, care.follow_up_done, "
        "care.confirm_visit_hours: the same rules that show the page's buttons."))


def _detail(request, visit) -> dict:
    found = services.visit_found_read(actor=request.auth, visit=visit,
                                      reason=str(_("查看走访记录")))
    return {**_visit(visit), "found": found,
            "photo_url": (reverse("api:care_visit_photo", args=[visit.pk])
                          if visit.photo else None),
            "actions": open_actions(request.auth, visit, rules.VISIT_ACTIONS)}


# ---- lists ---------------------------------------------------------------------------------

@router.get("/mine", response=list[CareDueOut], summary="我的帮扶：我结对的帮扶对象与走访到期")
def my_households(request):
    rows = selectors.my_households(request.auth, today=timezone.localdate())
    return [_due(request, row) for row in rows]


@router.get("/overdue", response=list[CareDueOut], summary="逾期未走访的帮扶对象（工作人员）")
def overdue(request):
    return [_due(request, row)
            for row in selectors.overdue(request.auth, today=timezone.localdate())]


@router.get("/households/{household_id}/visits", response=list[CareVisitOut],
            summary="帮扶对象的走访记录")
@paginate(Pagination)
def household_visits(request, household_id: Id):
    household = access_household(actor=request.auth, id=household_id)
    return [_visit(visit) for visit in selectors.visits_of(household)]


@router.get("/visits", response=list[CareVisitOut],
            summary="走访待办：待跟进事项（follow_ups）、待确认服务时长（hours）")
@paginate(Pagination)
def visit_queue(request, queue: str = "follow_ups"):
    if queue not in selectors.QUEUES:
        raise ValidationFailed(detail={"queue": [str(_("未知的待办类别。"))]})
    visits = selectors.queue(request.auth, queue)
    if visits is None:
        raise PermissionDenied()
    return [_visit(visit) for visit in visits]


# ---- logging a visit -----------------------------------------------------------------------

class CareGoodsLineIn(Schema):
    item_id: Id
    quantity: Count


class CareVisitIn(Schema):
    visited_on: datetime.date | None = Field(None, description="Empty: today.")
    kind: VisitKind = VisitKind.HOME
    visitors: str = Field("", max_length=200, description="Empty: the reader's display name.")
    found: str = Field("", max_length=4000)
    given: str = Field("", max_length=200)
    follow_up: str = Field("", max_length=500)
    hours: Decimal | None = None
    store_id: Id | None = None
    goods: list[CareGoodsLineIn] = Field(default_factory=list, max_length=20)


def _record(request, household_id, payload: CareVisitIn, photo=None):
    household = access_household(actor=request.auth, id=household_id)
    require_who(request.auth, rules.LOG_VISIT, household)
    store, goods = selectors.goods_from_ids(
        household, payload.store_id, [(line.item_id, line.quantity) for line in payload.goods])
    visit = services.visit_record(
        actor=request.auth, household=household,
        visited_on=payload.visited_on or timezone.localdate(),
        kind=payload.kind, visitors=payload.visitors, found=payload.found,
        given=payload.given, follow_up=payload.follow_up, hours=payload.hours, photo=photo,
        store=store, goods=goods)
    return Status(201, _detail(request, access_visit(actor=request.auth, id=visit.pk)))


@router.post("/households/{household_id}/visits", response={201: CareVisitDetailOut},
             summary="记录走访（JSON，不含照片；物资同时出库）")
def visit_create(request, household_id: Id, payload: CareVisitIn):
    return _record(request, household_id, payload)


class CareVisitFormIn(Schema):
    visited_on: datetime.date | None = Field(None, description="Empty: today.")
    kind: VisitKind = VisitKind.HOME
    visitors: str = Field("", max_length=200)
    found: str = Field("", max_length=4000)
    given: str = Field("", max_length=200)
    follow_up: str = Field("", max_length=500)
    hours: Decimal | None = None
    store_id: Id | None = None
    goods: str = Field("", max_length=2000, description='JSON list of {"item_id", "quantity"}.')


@router.post("/households/{household_id}/visits/multipart", response={201: CareVisitDetailOut},
             summary="记录走访（multipart，可附照片；物资同时出库）")
def visit_create_multipart(request, household_id: Id, payload: Form[CareVisitFormIn],
                           photo: File[UploadedFile] = None):
    try:  # pydantic's ValidationError is a ValueError: too many lines, a bad quantity ...
        lines = json.loads(payload.goods) if payload.goods.strip() else []
        goods = [CareGoodsLineIn(**line) for line in lines]
        data = CareVisitIn(**{**payload.dict(), "goods": goods})
    except (ValueError, TypeError):
        raise ValidationFailed(detail={"goods": [str(_("物资清单格式不正确。"))]}) from None
    return _record(request, household_id, data, photo=photo)


# ---- one visit -----------------------------------------------------------------------------

@router.get("/visits/{visit_id}", response=CareVisitDetailOut,
            summary="走访详情（走访情况为敏感信息，每次读取留痕）")
def visit_detail(request, visit_id: Id):
    return _detail(request, access_visit_for_read(actor=request.auth, id=visit_id))


@router.get("/visits/{visit_id}/photo", response={200: None}, summary="走访照片（按权限）",
            url_name="care_visit_photo")
def visit_photo(request, visit_id: Id):
    visit = access_visit(actor=request.auth, id=visit_id)
    if not visit.photo:
        raise NotFound()
    content_type = mimetypes.guess_type(visit.photo.name)[0] or "application/octet-stream"
    response = FileResponse(visit.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


class CareFollowUpCaseIn(Schema):
    category_id: Id


@router.post("/visits/{visit_id}/follow-up/case", response=CareVisitDetailOut,
             summary="跟进事项转为居民诉求（来访代录）")
def follow_up_case(request, visit_id: Id, payload: CareFollowUpCaseIn):
    visit = access_visit(actor=request.auth, id=visit_id)
    require_who(request.auth, rules.FOLLOW_UP_CASE, visit)
    services.follow_up_to_case(actor=request.auth, visit=visit,
                               category=selectors.case_category(visit.community,
                                                                payload.category_id))
    return _detail(request, access_visit(actor=request.auth, id=visit_id))


class CareFollowUpNeedIn(Schema):
    category: Category = Category.HARDSHIP
    title: str = Field("", max_length=128)
    urgency: Urgency = Urgency.MEDIUM


@router.post("/visits/{visit_id}/follow-up/need", response=CareVisitDetailOut,
             summary="跟进事项转为共建需求")
def follow_up_need(request, visit_id: Id, payload: CareFollowUpNeedIn):
    visit = access_visit(actor=request.auth, id=visit_id)
    services.follow_up_to_need(actor=request.auth, visit=visit, category=payload.category,
                               title=payload.title, urgency=payload.urgency)
    return _detail(request, access_visit(actor=request.auth, id=visit_id))


@router.post("/visits/{visit_id}/follow-up/done", response=CareVisitDetailOut,
             summary="跟进事项标记为已处理")
def follow_up_done(request, visit_id: Id):
    visit = access_visit(actor=request.auth, id=visit_id)
    services.follow_up_done(actor=request.auth, visit=visit)
    return _detail(request, access_visit(actor=request.auth, id=visit_id))


@router.post("/visits/{visit_id}/hours", response=CareVisitDetailOut,
             summary="确认走访服务时长，计入志愿服务记录")
def visit_hours_confirm(request, visit_id: Id):
    visit = access_visit(actor=request.auth, id=visit_id)
    services.visit_hours_confirm(actor=request.auth, visit=visit)
    return _detail(request, access_visit(actor=request.auth, id=visit_id))
