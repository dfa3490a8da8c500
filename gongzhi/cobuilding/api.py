"""Co-building in the JSON API: the same selectors, access functions and services as the pages."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gongzhi.cobuilding import access, selectors, services
from gongzhi.cobuilding.choices import Category, Urgency
from gongzhi.core.errors import NotFound
from gongzhi.places.access import access_community

router = Router(tags=["cobuilding"])


class UnitOut(Schema):
    id: int
    community_id: int
    name: str
    kind: str
    party_organisation: str
    offers: str


class NeedOut(Schema):
    id: int
    community_id: int
    title: str
    description: str
    category: str
    affected: str
    urgency: str
    people_count: int | None
    status: str


class NeedIn(Schema):
    community_id: int
    title: str = Field(..., min_length=1, max_length=128)
    category: Category
    description: str = ""
    affected: str = ""
    urgency: Urgency = Urgency.MEDIUM
    people_count: int | None = Field(None, ge=0)


class ResourceOut(Schema):
    id: int
    community_id: int
    unit_id: int
    title: str
    description: str
    kind: str
    category: str
    capacity: int | None
    available_from: date | None
    available_until: date | None
    is_active: bool


class SuggestionOut(Schema):
    resource: ResourceOut
    unit_name: str
    score: float
    similarity: float
    shared_words: list[str]
    reasons: list[str]


class MatchIn(Schema):
    resource_id: int


class MatchOut(Schema):
    id: int
    need_id: int
    resource_id: int
    score: Decimal
    reasons: list[str]
    status: str
    response_note: str


class MatchResponseIn(Schema):
    accept: bool
    note: str = ""


class ProjectOut(Schema):
    id: int
    community_id: int
    title: str
    lead_unit_id: int
    plan: str
    status: str
    result: str
    evaluation: str
    summary: str
    published_at: datetime | None


class PublishIn(Schema):
    result: str
    summary: str
    evaluation: str = ""


@router.get("/units", response=list[UnitOut], summary="共建单位")
@paginate(LimitOffsetPagination)
def unit_list(request, community_id: int | None = None):
    return selectors.unit_list(request.auth, community_id=community_id)


@router.get("/needs", response=list[NeedOut], summary="需求清单")
@paginate(LimitOffsetPagination)
def need_list(request, status: str | None = None, community_id: int | None = None):
    return selectors.need_list(request.auth, status=status, community_id=community_id)


@router.post("/needs", response={201: NeedOut}, summary="登记需求")
def need_create(request, payload: NeedIn):
    data = payload.dict()
    community = access_community(actor=request.auth, id=data.pop("community_id"))
    return Status(201, services.need_create(actor=request.auth, community=community, **data))


@router.get("/needs/{need_id}", response=NeedOut, summary="需求详情")
def need_detail(request, need_id: int):
    return access.access_need(actor=request.auth, id=need_id)


@router.get("/needs/{need_id}/suggestions", response=list[SuggestionOut],
            summary="为需求推荐资源（附理由）")
def need_suggestions(request, need_id: int):
    need = access.access_need(actor=request.auth, id=need_id)
    return [{"resource": s.resource, "unit_name": s.resource.unit.name, "score": s.score,
             "similarity": round(s.similarity, 3), "shared_words": s.shared_words,
             "reasons": s.reasons}
            for s in selectors.need_suggestions(request.auth, need, today=timezone.localdate())]


@router.post("/needs/{need_id}/matches", response={201: MatchOut}, summary="确认匹配，请单位承接")
def match_propose(request, need_id: int, payload: MatchIn):
    need = access.access_need(actor=request.auth, id=need_id)
    resource = selectors.community_resource(request.auth, need=need,
                                            resource_id=payload.resource_id)
    if resource is None:
        raise NotFound()
    ranked = {s.resource.pk: s for s in selectors.need_suggestions(
        request.auth, need, today=timezone.localdate())}
    suggestion = ranked.get(resource.pk)
    match = services.match_propose(
        actor=request.auth, need=need, resource=resource,
        score=suggestion.score if suggestion else 0,
        reasons=suggestion.reasons if suggestion else [])
    return Status(201, match)


@router.get("/resources", response=list[ResourceOut], summary="资源清单")
@paginate(LimitOffsetPagination)
def resource_list(request, community_id: int | None = None):
    return selectors.resource_list(request.auth, community_id=community_id)


@router.get("/projects", response=list[ProjectOut], summary="项目清单")
@paginate(LimitOffsetPagination)
def project_list(request, status: str | None = None, community_id: int | None = None):
    return selectors.project_list(request.auth, status=status, community_id=community_id)


@router.get("/projects/{project_id}", response=ProjectOut, summary="项目详情")
def project_detail(request, project_id: int):
    return access.access_project(actor=request.auth, id=project_id)


@router.post("/projects/{project_id}/publish", response=ProjectOut, summary="公开项目成效")
def project_publish(request, project_id: int, payload: PublishIn):
    project = access.access_project(actor=request.auth, id=project_id)
    return services.project_publish(actor=request.auth, project=project, **payload.dict())


@router.get("/partner/matches", response=list[MatchOut], summary="本单位收到的对接请求")
@paginate(LimitOffsetPagination)
def partner_matches(request):
    return selectors.partner_matches(request.auth)


@router.get("/partner/projects", response=list[ProjectOut], summary="本单位的共建项目")
@paginate(LimitOffsetPagination)
def partner_projects(request):
    return selectors.partner_projects(request.auth)


@router.post("/partner/matches/{match_id}/respond", response=ProjectOut | None,
             summary="接受或婉拒对接请求")
def match_respond(request, match_id: int, payload: MatchResponseIn):
    match = access.access_partner_match(actor=request.auth, id=match_id)
    return services.match_respond(actor=request.auth, match=match, **payload.dict())
