"""Work ledgers in the JSON API, under /api/v1/reports/: ask for a ledger, read a run (its
progress and the actions open now) and download the file; the same access functions,
selectors, rules and services as the pages."""

import datetime
from typing import Literal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.reports.ledgers import access, rules, selectors, services

router = Router()


def _need_make(user) -> None:
    if not rules.can_make_ledgers(user):
        raise PermissionDenied()


class LedgerRunOut(Schema):
    id: int
    street_id: int
    community_id: int | None = Field(..., description="Empty: all the street's communities "
                                                      "in one file.")
    period_kind: str
    period_start: datetime.date
    period_end: datetime.date
    format: str
    status: str = Field(..., description="queued, running, done or failed.")
    progress: int = Field(..., description="0–100, while it is being built.")
    step: str
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    actions: list[str] = Field(..., description="reports.download_ledger once the file is "
                                                "ready and the reader may download it.")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.RUN_ACTIONS)


class LedgerRunIn(Schema):
    community_id: Id | None = Field(None, description="One community's ledger; or")
    street_id: Id | None = Field(None, description="the whole street's, one file (street and "
                                                   "district admins).")
    period_kind: Literal["month", "year"]
    year: int
    month: int | None = Field(None, ge=1, le=12, description="For a monthly ledger.")
    format: Literal["pdf", "xlsx"] = "pdf"


@router.get("/ledgers", response=list[LedgerRunOut], summary="工作台账")
@paginate(Pagination)
def ledger_list(request):
    _need_make(request.auth)
    return selectors.run_list(request.auth)


@router.post("/ledgers", response={201: LedgerRunOut}, summary="生成工作台账")
def ledger_create(request, payload: LedgerRunIn):
    _need_make(request.auth)
    if (payload.community_id is None) == (payload.street_id is None):
        raise ValidationFailed(detail={"community_id": [str(_("请选择一个社区或整个街道。"))]})
    if payload.street_id is not None:
        target = {"street": access.access_street(actor=request.auth, id=payload.street_id)}
    else:
        target = {"community": access.access_community(actor=request.auth,
                                                       id=payload.community_id)}
    run = services.ledger_request(actor=request.auth, period_kind=payload.period_kind,
                                  year=payload.year, month=payload.month,
                                  format=payload.format, **target)
    return Status(201, access.access_run(actor=request.auth, id=run.pk))


@router.get("/ledgers/{run_id}", response=LedgerRunOut, summary="工作台账生成进度")
def ledger_detail(request, run_id: Id):
    return access.access_run(actor=request.auth, id=run_id)


@router.get("/ledgers/{run_id}/download", summary="下载工作台账（PDF 或 Excel）",
            openapi_extra={"responses": {200: {"description": "The ledger's file", "content": {
                services.CONTENT_TYPES["pdf"]: {}, services.CONTENT_TYPES["xlsx"]: {}}}}})
def ledger_download(request, run_id: Id):
    run = access.access_run(actor=request.auth, id=run_id)
    content, name, content_type = services.ledger_download(actor=request.auth, run=run)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response
