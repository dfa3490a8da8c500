"""Co-building in the JSON API: the same selectors, access functions and services as the pages."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.accounts.models import User
from gongzhi.casework.access import access_case
from gongzhi.cobuilding import access, rules, selectors, services
from gongzhi.cobuilding.choices import ResourceKind, Urgency
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import INT_MAX, Id, Pagination
from gongzhi.core.errors import NotFound
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.access import access_member
from gongzhi.organisations.choices import Cadence, Category, UnitKind
from gongzhi.organisations.rules import AGREEMENT_ACTIONS, UNIT_ACTIONS
from gongzhi.organisations.selectors import own_member
from gongzhi.places.access import access_community

router = Router(tags=["cobuilding"])

ACTIONS_DESCRIPTION = ("The actions the reader may take on this row now, as rule names "
                       "(the buttons its page shows); lists leave it out, since each answer "
                       "asks the database.")


def _actions_field():
    return Field(..., description=ACTIONS_DESCRIPTION)


class PartnerUnitOut(Schema):
    id: int
    community_id: int
    name: str
    kind: str
    party_organisation: str
    liaison_name: str
    offers: str


class UnitDetailOut(PartnerUnitOut):
    actions: list[str] = _actions_field()

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, UNIT_ACTIONS)


class UnitListOut(PartnerUnitOut):
    agreement_count: int
    resource_count: int
    project_count: int


class UnitIn(Schema):
    community_id: Id
    name: str = Field(..., min_length=1, max_length=64)
    kind: UnitKind
    party_organisation: str = ""
    liaison_name: str = ""
    liaison_phone: str = ""
    offers: str = ""


class UnitPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=64)
    kind: UnitKind | None = None
    party_organisation: str | None = None
    liaison_name: str | None = None
    liaison_phone: str | None = None
    offers: str | None = None


class ContactOut(Schema):
    id: int
    unit_id: int
    user_id: int
    username: str = Field(..., alias="user.username")
    display_name: str = Field(..., alias="user.display_name")


class ContactIn(Schema):
    """Either `existing_username` (link an account) or `username`, `display_name` and
    `password` (open one)."""

    existing_username: str = ""
    username: str = ""
    display_name: str = ""
    password: str = ""


class AgreementOut(Schema):
    id: int
    community_id: int
    unit_id: int
    title: str
    community_liaison: str
    unit_liaison: str
    starts_on: date
    ends_on: date
    venue: str
    staff_days: int | None
    money: Decimal | None
    expertise: str
    supplies: str
    commitments: str
    cadence: str
    reviewed_on: date | None
    review_note: str
    previous_id: int | None


class AgreementDetailOut(AgreementOut):
    actions: list[str] = _actions_field()

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, AGREEMENT_ACTIONS)


class AgreementIn(Schema):
    unit_id: Id
    title: str = Field(..., min_length=1, max_length=128)
    starts_on: date
    ends_on: date
    community_liaison: str = ""
    unit_liaison: str = ""
    venue: str = ""
    staff_days: int | None = Field(None, ge=0, le=INT_MAX)
    money: Decimal | None = Field(None, ge=0, le=INT_MAX)
    expertise: str = ""
    supplies: str = ""
    commitments: str = ""
    cadence: Cadence = Cadence.QUARTERLY


class AgreementPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=128)
    starts_on: date | None = None
    ends_on: date | None = None
    community_liaison: str | None = None
    unit_liaison: str | None = None
    venue: str | None = None
    staff_days: int | None = Field(None, ge=0, le=INT_MAX)
    money: Decimal | None = Field(None, ge=0, le=INT_MAX)
    expertise: str | None = None
    supplies: str | None = None
    commitments: str | None = None
    cadence: Cadence | None = None


class AgreementRenewIn(Schema):
    starts_on: date
    ends_on: date


class AgreementReviewIn(Schema):
    note: str = Field(..., min_length=1)


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


class NeedDetailOut(NeedOut):
    source_case_id: int | None
    actions: list[str] = _actions_field()

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.NEED_ACTIONS)


class NeedIn(Schema):
    community_id: Id
    title: str = Field(..., min_length=1, max_length=128)
    category: Category
    description: str = ""
    affected: str = ""
    urgency: Urgency = Urgency.MEDIUM
    people_count: int | None = Field(None, ge=0, le=INT_MAX)


class NeedPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=128)
    category: Category | None = None
    description: str | None = None
    affected: str | None = None
    urgency: Urgency | None = None
    people_count: int | None = Field(None, ge=0, le=INT_MAX)


class NeedCloseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class ResourceOut(Schema):
    id: int
    community_id: int
    unit_id: int | None
    member_id: int | None
    offered_by_member: str
    title: str
    description: str
    kind: str
    category: str
    capacity: int | None
    available_from: date | None
    available_until: date | None
    is_active: bool


class ResourceDetailOut(ResourceOut):
    actions: list[str] = _actions_field()

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.RESOURCE_ACTIONS)


class ResourceIn(Schema):
    """A unit's resource (`unit_id`), a party member's on the roll (`member_id`), or one
    not on it (`community_id` and `offered_by_member`)."""

    unit_id: Id | None = None
    member_id: Id | None = None
    community_id: Id | None = None
    offered_by_member: str = ""
    title: str = Field(..., min_length=1, max_length=128)
    kind: ResourceKind
    category: Category
    description: str = ""
    capacity: int | None = Field(None, ge=0, le=INT_MAX)
    available_from: date | None = None
    available_until: date | None = None


class PartnerResourceIn(Schema):
    title: str = Field(..., min_length=1, max_length=128)
    kind: ResourceKind
    category: Category
    description: str = ""
    capacity: int | None = Field(None, ge=0, le=INT_MAX)
    available_from: date | None = None
    available_until: date | None = None


class ResourcePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=128)
    kind: ResourceKind | None = None
    category: Category | None = None
    description: str | None = None
    capacity: int | None = Field(None, ge=0, le=INT_MAX)
    available_from: date | None = None
    available_until: date | None = None
    is_active: bool | None = None


class SuggestionOut(Schema):
    resource: ResourceOut
    unit_name: str
    score: float
    level: str = Field(..., description="high / medium / low (settings COBUILDING_MATCH_*)")
    level_label: str
    similarity: float
    shared_words: list[str]
    reasons: list[str]


class MatchIn(Schema):
    resource_id: Id


class MatchOut(Schema):
    id: int
    need_id: int
    resource_id: int
    project_id: int | None
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
    lead_unit_id: int | None
    lead_user_id: int | None
    plan: str
    status: str
    result: str
    evaluation: str
    summary: str
    published_at: datetime | None


class ProjectDetailOut(ProjectOut):
    actions: list[str] = _actions_field()

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.PROJECT_ACTIONS)


class ProjectIn(Schema):
    community_id: Id
    title: str = Field(..., min_length=1, max_length=128)
    match_ids: list[Id] = Field(..., min_length=1)
    lead_unit_id: Id | None = None
    lead_user_id: Id | None = None
    plan: str = ""


class MilestoneOut(Schema):
    id: int
    project_id: int
    title: str
    due_on: date | None
    done_on: date | None


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=128)
    due_on: date | None = None


class EvaluationOut(Schema):
    """A rating without the resident's identity."""

    id: int
    project_id: int
    rating: int
    comment: str
    created_at: datetime


class EvaluationIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=300)


class EvaluationSummaryOut(Schema):
    average: float | None
    count: int
    items: list[EvaluationOut]


class CommunityCountOut(Schema):
    id: int
    name: str
    unit_count: int
    open_needs: int
    active_resources: int
    running_projects: int
    finished_projects: int


class BoardOut(Schema):
    open_needs: int
    resources: int
    running_projects: int
    finished_projects: int
    communities: list[CommunityCountOut]
    units: list[UnitListOut]


class PublishIn(Schema):
    result: str
    summary: str
    evaluation: str = ""


def _data(payload) -> dict:
    return payload.dict(exclude_unset=True)


@router.get("/board", response=BoardOut, summary="共建清单总览（街道看各社区）")
def board(request, community_id: Id | None = None):
    data = selectors.board(request.auth, community_id=community_id)
    return {"open_needs": data["open_need_count"], "resources": data["resource_count"],
            "running_projects": data["running_count"],
            "finished_projects": data["finished_count"],
            "communities": data["communities"], "units": data["units"]}


@router.get("/units", response=list[UnitListOut], summary="共建单位")
@paginate(Pagination)
def unit_list(request, community_id: Id | None = None):
    return selectors.unit_list(request.auth, community_id=community_id)


@router.post("/units", response={201: UnitDetailOut}, summary="登记共建单位")
def unit_create(request, payload: UnitIn):
    data = payload.dict()
    community = access_community(actor=request.auth, id=data.pop("community_id"))
    return Status(201, partner_services.unit_create(actor=request.auth, community=community,
                                                    **data))


@router.get("/units/{unit_id}", response=UnitDetailOut, summary="共建单位详情")
def unit_detail(request, unit_id: Id):
    return access.access_unit(actor=request.auth, id=unit_id)


@router.patch("/units/{unit_id}", response=UnitDetailOut, summary="修改共建单位")
def unit_update(request, unit_id: Id, payload: UnitPatch):
    unit = access.access_unit(actor=request.auth, id=unit_id)
    partner_services.unit_update(actor=request.auth, unit=unit, data=_data(payload))
    unit.refresh_from_db()
    return unit


@router.get("/units/{unit_id}/contacts", response=list[ContactOut], summary="单位联络人账号")
def contact_list(request, unit_id: Id):
    unit = access.access_unit(actor=request.auth, id=unit_id, permission=rules.MANAGE_PARTNERS)
    return list(selectors.unit_contacts(request.auth, unit))


@router.post("/units/{unit_id}/contacts", response={201: ContactOut},
             summary="开设或绑定联络人账号")
def contact_add(request, unit_id: Id, payload: ContactIn):

    unit = access.access_unit(actor=request.auth, id=unit_id)
    if payload.existing_username:
        return Status(201, partner_services.contact_link(actor=request.auth, unit=unit,
                                                 username=payload.existing_username))
    return Status(201, partner_services.contact_create(
        actor=request.auth, unit=unit, username=payload.username,
        display_name=payload.display_name, password=payload.password))


@router.delete("/contacts/{contact_id}", response={204: None}, summary="解除联络人绑定")
def contact_remove(request, contact_id: Id):
    contact = access.access_contact(actor=request.auth, id=contact_id)
    partner_services.contact_remove(actor=request.auth, contact=contact)
    return Status(204, None)


@router.get("/agreements", response=list[AgreementOut], summary="共建协议")
@paginate(Pagination)
def agreement_list(request, community_id: Id | None = None, unit_id: Id | None = None,
                   expiring: bool = False):
    agreements = selectors.agreement_list(request.auth, community_id=community_id,
                                          unit_id=unit_id)
    if expiring:
        agreements = selectors.agreements_expiring_soon(agreements, today=timezone.localdate())
    return agreements


@router.post("/agreements", response={201: AgreementDetailOut}, summary="登记共建协议")
def agreement_create(request, payload: AgreementIn):
    data = payload.dict()
    unit = access.access_unit(actor=request.auth, id=data.pop("unit_id"))
    return Status(201, partner_services.agreement_create(actor=request.auth, unit=unit, **data))


@router.get("/agreements/{agreement_id}", response=AgreementDetailOut, summary="共建协议详情")
def agreement_detail(request, agreement_id: Id):
    return access.access_agreement(actor=request.auth, id=agreement_id)


@router.patch("/agreements/{agreement_id}", response=AgreementDetailOut, summary="修改共建协议")
def agreement_update(request, agreement_id: Id, payload: AgreementPatch):
    agreement = access.access_agreement(actor=request.auth, id=agreement_id)
    partner_services.agreement_update(actor=request.auth, agreement=agreement, data=_data(payload))
    agreement.refresh_from_db()
    return agreement


@router.post("/agreements/{agreement_id}/review", response=AgreementDetailOut,
             summary="评估共建协议")
def agreement_review(request, agreement_id: Id, payload: AgreementReviewIn):
    agreement = access.access_agreement(actor=request.auth, id=agreement_id)
    return partner_services.agreement_review(actor=request.auth, agreement=agreement,
                                     note=payload.note, reviewed_on=timezone.localdate())


@router.post("/agreements/{agreement_id}/renew", response={201: AgreementDetailOut},
             summary="续签：建立与原协议关联的新协议")
def agreement_renew(request, agreement_id: Id, payload: AgreementRenewIn):
    agreement = access.access_agreement(actor=request.auth, id=agreement_id)
    return Status(201, partner_services.agreement_renew(actor=request.auth, agreement=agreement,
                                                **payload.dict()))


@router.get("/needs", response=list[NeedOut], summary="需求清单")
@paginate(Pagination)
def need_list(request, status: str | None = None, community_id: Id | None = None):
    return selectors.need_list(request.auth, status=status, community_id=community_id)


@router.post("/needs", response={201: NeedDetailOut}, summary="登记需求")
def need_create(request, payload: NeedIn):
    data = payload.dict()
    community = access_community(actor=request.auth, id=data.pop("community_id"))
    return Status(201, services.need_create(actor=request.auth, community=community, **data))


@router.get("/needs/{need_id}", response=NeedDetailOut, summary="需求详情")
def need_detail(request, need_id: Id):
    return access.access_need(actor=request.auth, id=need_id)


@router.patch("/needs/{need_id}", response=NeedDetailOut, summary="修改需求")
def need_update(request, need_id: Id, payload: NeedPatch):
    need = access.access_need(actor=request.auth, id=need_id)
    services.need_update(actor=request.auth, need=need, data=_data(payload))
    need.refresh_from_db()
    return need


@router.post("/needs/{need_id}/close", response=NeedDetailOut, summary="关闭需求")
def need_close(request, need_id: Id, payload: NeedCloseIn):
    need = access.access_need(actor=request.auth, id=need_id)
    return services.need_close(actor=request.auth, need=need, reason=payload.reason)


@router.get("/needs/{need_id}/suggestions", response=list[SuggestionOut],
            summary="为需求推荐资源（附理由）")
def need_suggestions(request, need_id: Id):
    need = access.access_need(actor=request.auth, id=need_id)
    return [{"resource": s.resource, "unit_name": s.resource.provider_name, "score": s.score,
             "level": s.level, "level_label": s.level_label,
             "similarity": round(s.similarity, 3), "shared_words": s.shared_words,
             "reasons": s.reasons}
            for s in selectors.need_suggestions(request.auth, need, today=timezone.localdate())]


@router.post("/needs/{need_id}/matches", response={201: MatchOut}, summary="确认匹配，请单位承接")
def match_propose(request, need_id: Id, payload: MatchIn):
    need = access.access_need(actor=request.auth, id=need_id)
    return Status(201, services.match_propose_suggested(actor=request.auth, need=need,
                                                        resource_id=payload.resource_id))


class NeedFromCaseIn(Schema):
    category: Category = Category.OTHER


@router.post("/needs/from-case/{case_id}", response={201: NeedDetailOut},
             summary="把居民诉求转为共建需求（两者互相关联）")
def need_from_case(request, case_id: Id, payload: NeedFromCaseIn):
    case = access_case(actor=request.auth, id=case_id)
    return Status(201, services.need_create_from_case(actor=request.auth, case=case,
                                                      category=payload.category))


@router.get("/resources", response=list[ResourceOut], summary="资源清单")
@paginate(Pagination)
def resource_list(request, community_id: Id | None = None):
    return selectors.resource_list(request.auth, community_id=community_id)


@router.post("/resources", response={201: ResourceDetailOut}, summary="登记资源")
def resource_create(request, payload: ResourceIn):
    data = payload.dict()
    unit_id, community_id = data.pop("unit_id"), data.pop("community_id")
    member_id = data.pop("member_id")
    unit = access.access_unit(actor=request.auth, id=unit_id) if unit_id else None
    if member_id and unit is None:
        data["member"] = access_member(actor=request.auth, id=member_id)
    community = (access_community(actor=request.auth, id=community_id)
                 if community_id and unit is None else None)
    return Status(201, services.resource_create(actor=request.auth, unit=unit,
                                                community=community, **data))


@router.get("/resources/{resource_id}", response=ResourceDetailOut, summary="资源详情")
def resource_detail(request, resource_id: Id):
    return access.access_resource(actor=request.auth, id=resource_id)


@router.patch("/resources/{resource_id}", response=ResourceDetailOut, summary="修改资源")
def resource_update(request, resource_id: Id, payload: ResourcePatch):
    resource = access.access_resource(actor=request.auth, id=resource_id)
    services.resource_update(actor=request.auth, resource=resource, data=_data(payload))
    resource.refresh_from_db()
    return resource


@router.get("/matches", response=list[MatchOut], summary="对接记录")
@paginate(Pagination)
def match_list(request, community_id: Id | None = None, status: str | None = None,
               without_project: bool = False):
    return selectors.match_list(request.auth, community_id=community_id, status=status,
                                without_project=without_project)


@router.post("/projects", response={201: ProjectDetailOut}, summary="由一项或多项对接建立项目")
def project_create(request, payload: ProjectIn):
    community = access_community(actor=request.auth, id=payload.community_id)
    matches = [access.access_match(actor=request.auth, id=pk) for pk in payload.match_ids]
    lead_unit = (access.access_unit(actor=request.auth, id=payload.lead_unit_id)
                 if payload.lead_unit_id else None)
    lead_user = (get_scoped(selectors.lead_user_choices(request.auth, community),
                            pk=payload.lead_user_id) if payload.lead_user_id else None)
    return Status(201, services.project_create(
        actor=request.auth, community=community, title=payload.title, matches=matches,
        lead_unit=lead_unit, lead_user=lead_user, plan=payload.plan))


@router.get("/projects", response=list[ProjectOut], summary="项目清单")
@paginate(Pagination)
def project_list(request, status: str | None = None, community_id: Id | None = None):
    return selectors.project_list(request.auth, status=status, community_id=community_id)


@router.get("/projects/{project_id}", response=ProjectDetailOut, summary="项目详情")
def project_detail(request, project_id: Id):
    return access.access_project(actor=request.auth, id=project_id)


class ReportIn(Schema):
    text: str = Field(..., min_length=1)


class ReportOut(Schema):
    id: int
    project_id: int
    text: str
    author_id: int | None
    created_at: datetime


@router.post("/projects/{project_id}/reports", response={201: ReportOut},
             summary="填报项目进展（页面另可附照片）")
def report_create(request, project_id: Id, payload: ReportIn):
    project = access.access_project(actor=request.auth, id=project_id)
    return Status(201, services.report_create(actor=request.auth, project=project,
                                              text=payload.text))


@router.get("/projects/{project_id}/milestones", response=list[MilestoneOut],
            summary="项目节点")
def milestone_list(request, project_id: Id):
    project = access.access_project(actor=request.auth, id=project_id)
    return list(selectors.project_milestones(project))


@router.post("/projects/{project_id}/milestones", response={201: MilestoneOut},
             summary="添加项目节点")
def milestone_create(request, project_id: Id, payload: MilestoneIn):
    project = access.access_project(actor=request.auth, id=project_id)
    return Status(201, services.milestone_create(actor=request.auth, project=project,
                                                 **payload.dict()))


@router.post("/milestones/{milestone_id}/done", response=MilestoneOut, summary="节点完成")
def milestone_done(request, milestone_id: Id):
    milestone = access.access_milestone(actor=request.auth, id=milestone_id)
    return services.milestone_done(actor=request.auth, milestone=milestone,
                                   done_on=timezone.localdate())


@router.get("/projects/{project_id}/evaluations", response=EvaluationSummaryOut,
            summary="居民评分（不含评价人）")
def evaluation_list(request, project_id: Id):
    project = access.access_project(actor=request.auth, id=project_id)
    summary = selectors.evaluation_summary(project)
    return {"average": summary["average"], "count": summary["count"],
            "items": list(selectors.project_evaluations(project)[:100])}


@router.get("/community-projects", response=list[ProjectOut],
            summary="本社区已公开的项目（居民）")
@paginate(Pagination)
def community_projects(request):
    return selectors.evaluable_projects(request.auth).order_by("-published_at")


@router.post("/community-projects/{project_id}/evaluations", response={201: EvaluationOut},
             summary="居民为已完成的项目评分（每人一次）")
def evaluation_submit(request, project_id: Id, payload: EvaluationIn):
    project = access.access_evaluable_project(actor=request.auth, id=project_id)
    return Status(201, services.evaluation_submit(actor=request.auth, project=project,
                                                  **payload.dict()))


class ProjectLeadIn(Schema):
    """Exactly one: a partner unit of the community, or a person (staff or party member)."""

    lead_unit_id: Id | None = None
    lead_user_id: Id | None = None


@router.post("/projects/{project_id}/lead", response=ProjectDetailOut, summary="更换项目牵头方")
def project_lead(request, project_id: Id, payload: ProjectLeadIn):
    project = access.access_project(actor=request.auth, id=project_id)
    lead_unit = (access.access_unit(actor=request.auth, id=payload.lead_unit_id,
                                    permission=rules.CHANGE_LISTS)
                 if payload.lead_unit_id else None)
    lead_user = None
    if payload.lead_user_id:
        lead_user = User.objects.filter(pk=payload.lead_user_id).first()
        if lead_user is None:
            raise NotFound()
    return services.project_set_lead(actor=request.auth, project=project, lead_unit=lead_unit,
                                     lead_user=lead_user)


class NeedReopenIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


@router.post("/needs/{need_id}/reopen", response=NeedDetailOut, summary="重新开启已关闭的需求")
def need_reopen(request, need_id: Id, payload: NeedReopenIn):
    need = access.access_need(actor=request.auth, id=need_id)
    return services.need_reopen(actor=request.auth, need=need, reason=payload.reason)


class MemberResourceIn(Schema):
    title: str = Field(..., min_length=1, max_length=128)
    kind: ResourceKind
    category: Category
    description: str = ""
    capacity: int | None = Field(None, ge=0, le=INT_MAX)
    available_from: date | None = None
    available_until: date | None = None


@router.post("/my-resources", response={201: ResourceOut},
             summary="党员本人提供资源（我的报到）")
def my_resource_create(request, payload: MemberResourceIn):
    return Status(201, services.resource_offer_by_member(actor=request.auth, **payload.dict()))


@router.get("/my-resources", response=list[ResourceOut], summary="党员本人提供的资源")
def my_resources(request):
    return list(selectors.own_resources(own_member(request.auth)))


@router.post("/projects/{project_id}/publish", response=ProjectDetailOut, summary="公开项目成效")
def project_publish(request, project_id: Id, payload: PublishIn):
    project = access.access_project(actor=request.auth, id=project_id)
    return services.project_publish(actor=request.auth, project=project, **payload.dict())


@router.get("/partner/matches", response=list[MatchOut], summary="本单位收到的对接请求")
@paginate(Pagination)
def partner_matches(request):
    return selectors.partner_matches(request.auth)


@router.get("/partner/agreements", response=list[AgreementOut], summary="本单位的共建协议")
@paginate(Pagination)
def partner_agreements(request):
    return selectors.partner_agreements(request.auth)


@router.get("/partner/resources", response=list[ResourceOut], summary="本单位的资源")
@paginate(Pagination)
def partner_resources(request):
    return selectors.partner_resources(request.auth)


@router.post("/partner/resources", response={201: ResourceOut}, summary="本单位提供新资源")
def partner_resource_create(request, payload: PartnerResourceIn):
    return Status(201, services.resource_offer(actor=request.auth, **payload.dict()))


@router.get("/partner/projects", response=list[ProjectOut], summary="本单位的共建项目")
@paginate(Pagination)
def partner_projects(request):
    return selectors.partner_projects(request.auth)


@router.post("/partner/matches/{match_id}/respond", response=ProjectOut | None,
             summary="接受或婉拒对接请求")
def match_respond(request, match_id: Id, payload: MatchResponseIn):
    match = access.access_partner_match(actor=request.auth, id=match_id)
    return services.match_respond(actor=request.auth, match=match, **payload.dict())
