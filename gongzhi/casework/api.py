"""Casework in the JSON API: a mini-program can report, follow and rate; staff can dispatch
and handle. The same selectors, access functions and services as the pages."""

import datetime

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.casework import access, rules, selectors, services
from gongzhi.casework.choices import Channel
from gongzhi.casework.choices import Status as CaseStatus
from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.choices import RevealReason

router = Router(tags=["casework"])


class CategoryOut(Schema):
    id: int
    community_id: int
    name: str
    group: str
    accept_days: int
    resolve_days: int
    accept_hours: int | None
    resolve_hours: int | None
    is_public: bool


class CaseOut(Schema):
    id: int
    community_id: int
    category_id: int
    category: str = Field(..., alias="category.name")
    building_id: int
    building: str = Field(..., alias="building.name")
    unit_id: int | None
    description: str
    channel: Channel
    external_ref: str
    status: CaseStatus
    handler_id: int | None
    partner_unit_id: int | None
    due_at: datetime.datetime | None
    urgency: str
    is_escalated: bool
    is_proactive: bool
    answer: str
    is_solved: bool | None
    is_satisfied: bool | None
    reopen_count: int
    merged_into_id: int | None
    created_at: datetime.datetime
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_urgency(obj):
        return obj.urgency()


class CaseStepOut(Schema):
    id: int
    action: str
    actor_id: int | None
    from_status: str
    to_status: str
    note: str
    handler_id: int | None
    created_at: datetime.datetime
    photo_ids: list[int]

    @staticmethod
    def resolve_photo_ids(obj):
        return [photo.pk for photo in obj.photos.all()]


class CaseDetailOut(CaseOut):
    steps: list[CaseStepOut]
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this request now, as rule names "
        "(casework.accept_case ...): the same rules that show the page's buttons."))

    @staticmethod
    def resolve_steps(obj):
        return list(selectors.case_steps(obj))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.CASE_ACTIONS)


class CaseBoardOut(Schema):
    id: int
    category: str = Field(..., alias="category.name")
    building: str = Field(..., alias="building.name")
    answer: str
    closed_at: datetime.datetime | None


class CaseIn(Schema):
    category_id: Id
    building_id: Id
    unit_id: Id | None = None
    description: str
    channel: Channel | None = None
    external_ref: str = ""
    reporter_person_id: Id | None = None


class NoteIn(Schema):
    note: str = ""


class DispatchIn(Schema):
    """To a handler or to a partner unit: give exactly one of the two ids."""

    handler_id: Id | None = None
    unit_id: Id | None = None
    note: str = ""


class HandlerCandidateOut(Schema):
    """A person the request could be dispatched to; `reason` says why not when unavailable."""

    id: int
    name: str
    available: bool
    reason: str
    is_building_grid_worker: bool
    is_preselected: bool


class ExtendIn(Schema):
    days: int
    note: str


class CaseRevealIn(Schema):
    field: str = Field(..., max_length=32,
                       description='"description", "answer" or "note-<step id>"')
    reason: RevealReason


class CaseRevealOut(Schema):
    field: str
    value: str


class AnswerIn(Schema):
    answer: str


class FollowUpIn(Schema):
    is_solved: bool
    is_satisfied: bool
    note: str = ""


class ReviewIn(Schema):
    is_upheld: bool
    note: str


class MergeIn(Schema):
    into_id: Id


class RateRowOut(Schema):
    id: str
    name: str
    counts: dict[str, int]
    rates: dict[str, float | None]


class RatesOut(Schema):
    group_by: str
    formulas: dict[str, dict[str, str]]
    total: RateRowOut
    rows: list[RateRowOut]


def _case(request, case_id):
    return access.access_case(actor=request.auth, id=case_id)



@router.get("/categories", response=list[CategoryOut], summary="诉求类别")
def category_list(request, community_id: Id | None = None):
    return selectors.category_list(request.auth, community_id=community_id)


@router.get("/cases", response=list[CaseOut], summary="诉求列表（本人反映的，及职责范围内的）")
@paginate(Pagination)
def case_list(request, status: str = "", mine: bool = False, queue: str = "",
              community_id: Id | None = None):
    """`queue`: one of the workbench's queues (dispatch, accept, due_today, overdue, follow_up,
    assigned, grid_open, rate), the same rows as its count."""
    return selectors.case_list(request.auth, status=status, mine=mine, queue=queue,
                               community_id=community_id)


@router.post("/cases", response={201: CaseOut}, summary="反映问题")
def case_report(request, payload: CaseIn):
    actor = request.auth
    building = selectors.report_building(actor, payload.building_id)
    if building is None:
        raise NotFound()
    category = selectors.category_list(actor).filter(pk=payload.category_id).first()
    if category is None:
        raise NotFound()
    unit = selectors.building_unit(building, unit_id=payload.unit_id) \
        if payload.unit_id else None
    reporter = None
    if payload.reporter_person_id:
        reporter = selectors.reporter_person(actor, person_id=payload.reporter_person_id)
    case = services.case_report(actor=actor, category=category, building=building, unit=unit,
                                description=payload.description, channel=payload.channel,
                                external_ref=payload.external_ref, reporter=reporter)
    return Status(201, case)


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="诉求详情与办理记录")
def case_detail(request, case_id: Id):
    return _case(request, case_id)


@router.post("/cases/{case_id}/photos", response={201: CaseDetailOut}, summary="补充照片")
def case_photo_add(request, case_id: Id, photos: File[list[UploadedFile]] = None):
    case = _case(request, case_id)  # scope first: an outsider learns nothing from a bad body
    if not photos:
        raise ValidationFailed(detail={"photos": [str(_("请选择照片。"))]})
    services.case_photos_add(actor=request.auth, case=case, photos=photos)
    return Status(201, _case(request, case_id))


@router.get("/photos/{photo_id}", summary="下载照片（按权限）", response={200: None})
def photo_download(request, photo_id: Id):
    photo = access.access_photo(actor=request.auth, id=photo_id)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


@router.get("/cases/{case_id}/handlers", response=list[HandlerCandidateOut],
            summary="可派单的承办人（不可选的附原因）")
def case_handler_candidates(request, case_id: Id):
    case = _case(request, case_id)
    if not rules.can_dispatch(request.auth, case):
        raise PermissionDenied()
    candidates = selectors.handler_candidates(request.auth, case)
    preselected = selectors.handler_preselected(request.auth, case, candidates)
    return [{"id": c.user.pk, "name": str(c.user), "available": c.available,
             "reason": c.reason, "is_building_grid_worker": c.is_building_grid_worker,
             "is_preselected": c.user.pk == preselected} for c in candidates]


@router.post("/cases/{case_id}/dispatch", response=CaseDetailOut, summary="派单")
def case_dispatch(request, case_id: Id, payload: DispatchIn):
    case = _case(request, case_id)
    handler = unit = None
    if payload.handler_id is not None:
        handler = selectors.dispatch_handler(request.auth, case, payload.handler_id)
        if handler is None:
            raise ValidationFailed(detail={"handler_id": [str(_(
                "承办人须是本社区的工作人员或网格员，请从承办人列表中选择。"))]})
    if payload.unit_id is not None:
        unit = selectors.dispatch_unit(request.auth, case, payload.unit_id)
        if unit is None:
            raise ValidationFailed(detail={"unit_id": [str(_("承办单位须是本社区的共建单位。"))]})
    services.case_dispatch(actor=request.auth, case=case, handler=handler, unit=unit,
                           note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/accept", response=CaseDetailOut, summary="接单")
def case_accept(request, case_id: Id, payload: NoteIn):
    services.case_accept(actor=request.auth, case=_case(request, case_id), note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/return", response=CaseDetailOut, summary="退回（须说明理由）")
def case_return(request, case_id: Id, payload: NoteIn):
    services.case_return(actor=request.auth, case=_case(request, case_id), note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/escalate", response=CaseDetailOut, summary="吹哨报到，上报街道")
def case_escalate(request, case_id: Id, payload: NoteIn):
    services.case_escalate(actor=request.auth, case=_case(request, case_id), note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/extend", response=CaseDetailOut,
    summary="延期（时限前，须说明理由）")
def case_extend(request, case_id: Id, payload: ExtendIn):
    services.case_extend(actor=request.auth, case=_case(request, case_id), days=payload.days,
                         note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/reveal", response=CaseRevealOut,
             summary="查看诉求的完整文字（说明原因，记入审计日志）")
def case_reveal(request, case_id: Id, payload: CaseRevealIn):
    """The page's 查看完整内容: the description, answer or a step's note, which the detail
    shows with phone and ID numbers masked; the reason goes into the audit trail."""
    case = _case(request, case_id)
    value = services.case_text_reveal(actor=request.auth, case=case, field=payload.field,
                                      reason=str(RevealReason(payload.reason).label))
    return {"field": payload.field, "value": value}


@router.post("/cases/{case_id}/answer", response=CaseDetailOut, summary="答复")
def case_answer(request, case_id: Id, payload: AnswerIn):
    services.case_answer(actor=request.auth, case=_case(request, case_id), answer=payload.answer)
    return _case(request, case_id)


@router.post("/cases/{case_id}/follow-up", response=CaseDetailOut, summary="评价 / 回访")
def case_follow_up(request, case_id: Id, payload: FollowUpIn):
    services.case_follow_up(actor=request.auth, case=_case(request, case_id),
                            is_solved=payload.is_solved, is_satisfied=payload.is_satisfied,
                            note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/mark-unreasonable", response=CaseDetailOut,
             summary="标记不合理诉求，交街道审核")
def case_mark_unreasonable(request, case_id: Id, payload: NoteIn):
    services.case_mark_unreasonable(actor=request.auth, case=_case(request, case_id),
                                    note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/review", response=CaseDetailOut, summary="街道审核不合理诉求")
def case_review(request, case_id: Id, payload: ReviewIn):
    services.case_review(actor=request.auth, case=_case(request, case_id),
                         is_upheld=payload.is_upheld, note=payload.note)
    return _case(request, case_id)


@router.post("/cases/{case_id}/merge", response=CaseDetailOut, summary="合并重复诉求")
def case_merge(request, case_id: Id, payload: MergeIn):
    case = _case(request, case_id)
    services.case_merge(actor=request.auth, case=case, into=_case(request, payload.into_id))
    return _case(request, case_id)


@router.get("/cases/{case_id}/similar", response=list[CaseOut], summary="可能重复的诉求")
def case_similar(request, case_id: Id):
    return [other for other, _score in selectors.case_similar(request.auth,
                                                              _case(request, case_id))]


@router.get("/board", response=list[CaseBoardOut], summary="办结公开栏")
@paginate(Pagination)
def board(request, community_id: Id | None = None):
    return selectors.board(request.auth, community_id=community_id)


@router.get("/rates", response=RatesOut, summary="三率（响应率、解决率、满意率）")
def rates(request, start: datetime.date, end: datetime.date, group_by: str = "community"):
    result = selectors.case_rates(request.auth, start=start, end=end, group_by=group_by)

    def row(item):
        return {"id": item.get("id", ""), "name": item.get("name", ""), "counts": item["counts"],
                "rates": {k: (None if v is None else round(float(v), 6))
                          for k, v in item["rates"].items()}}
    formulas = {name: {key: str(value) for key, value in formula.items()}
                for name, formula in result["formulas"].items()}
    return {"group_by": result["group_by"], "formulas": formulas,
            "total": row(result["total"]), "rows": [row(r) for r in result["rows"]]}


# ---- a partner unit's contacts: the narrow view (selectors.PartnerCase, no personal data) ----

class PartnerStepOut(Schema):
    action: str
    action_label: str
    created_at: datetime.datetime
    note: str
    photo_ids: list[int]


class PartnerCaseOut(Schema):
    id: int
    category: str
    building: str
    unit: str
    description: str
    status: str
    status_label: str
    urgency: str
    due_at: datetime.datetime | None
    limit: str
    created_at: datetime.datetime
    answer: str


class PartnerCaseDetailOut(PartnerCaseOut):
    steps: list[PartnerStepOut]
    actions: list[str]  # what the unit may do now (rule names), as the page's buttons


class _NarrowPage:
    """The paginator slices the query set; only the slice is turned into narrow views."""

    def __init__(self, cases):
        self.cases = cases

    def __len__(self):
        return self.cases.count()

    def __getitem__(self, items):
        return [selectors.partner_case_view(case) for case in self.cases[items]]


def _partner_case(request, case_id):
    if not rules.can_use_partner_cases(request.auth):
        raise NotFound()
    return access.access_partner_case(actor=request.auth, id=case_id)


def _partner_view(request, case_id):
    case = _partner_case(request, case_id)
    return selectors.partner_case_view(case, with_steps=True, actions=open_actions(
        request.auth, case, rules.PARTNER_CASE_ACTIONS))


@router.get("/partner/cases", response=list[PartnerCaseOut],
            summary="派给本单位的诉求（共建单位联络人，不含居民个人信息）")
@paginate(Pagination)
def partner_case_list(request):
    return _NarrowPage(selectors.partner_cases(request.auth))


@router.get("/partner/cases/{case_id}", response=PartnerCaseDetailOut,
            summary="派给本单位的诉求详情")
def partner_case_detail(request, case_id: Id):
    return _partner_view(request, case_id)


@router.post("/partner/cases/{case_id}/accept", response=PartnerCaseDetailOut,
             summary="共建单位接单")
def partner_case_accept(request, case_id: Id, payload: NoteIn):
    services.case_accept(actor=request.auth, case=_partner_case(request, case_id),
                         note=payload.note)
    return _partner_view(request, case_id)


@router.post("/partner/cases/{case_id}/return", response=PartnerCaseOut,
             summary="共建单位退回（须说明理由）")
def partner_case_return(request, case_id: Id, payload: NoteIn):
    case = _partner_case(request, case_id)
    services.case_return(actor=request.auth, case=case, note=payload.note)
    return selectors.partner_case_view(case)


@router.post("/partner/cases/{case_id}/answer", response=PartnerCaseDetailOut,
             summary="共建单位答复（可附照片）")
def partner_case_answer(request, case_id: Id, answer: Form[str] = "",
                        photos: File[list[UploadedFile]] = None):
    case = _partner_case(request, case_id)  # scope first: an outsider learns nothing from a body
    services.case_answer(actor=request.auth, case=case, answer=answer, photos=photos or [])
    return _partner_view(request, case_id)


@router.post("/partner/cases/{case_id}/extend", response=PartnerCaseDetailOut,
             summary="共建单位申请延期（时限前，须说明理由）")
def partner_case_extend(request, case_id: Id, payload: ExtendIn):
    case = _partner_case(request, case_id)
    services.case_extend(actor=request.auth, case=case, days=payload.days, note=payload.note)
    return _partner_view(request, case_id)
