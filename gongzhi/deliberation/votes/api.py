"""Owners' votes and their publicity photos in the JSON API (e.g. for a mini-program): the
same selectors, access and services as the pages."""

import datetime
from decimal import Decimal

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.deliberation.balloting.schemas import CloseIn
from gongzhi.deliberation.votes import access, rules, selectors, services
from gongzhi.deliberation.votes.choices import Choice, CostScheme, VoteKind, VoteStatus

router = Router(tags=["deliberation"])


class VoteOut(Schema):
    id: int
    community_id: int
    building_id: int
    unit_id: int | None
    title: str
    kind: VoteKind = Field(..., description="由第278条事项决定（第6–8项 special，其余 ordinary；"
                                            "加装电梯为第7项 elevator），不可另选。")
    item_number: int | None = Field(..., description="《民法典》第二百七十八条第一款第几项。")
    legal_basis: str = Field(..., description="所依据的条款与事项，如页面、公示与记录所引。")
    status: VoteStatus
    closes_on: datetime.date
    publicity_ends_on: datetime.date | None
    cost_total: Decimal
    cost_scheme: CostScheme
    result: dict


class VoteDetailOut(VoteOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this vote now, as rule names "
        "(deliberation.open_vote, deliberation.cast_vote ...): the same rules that show the "
        "page's buttons."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.VOTE_ACTIONS)

    tally: dict | None = Field(None, description=(
        "The running tally (both gates, the veto, each flat's cost share) for the staff who may "
        "see the vote (rule deliberation.view_tally_vote), from its opening; null for a draft "
        "and for owners, who read `result` once it is published."))

    @staticmethod
    def resolve_tally(obj, context):
        if not context["request"].auth.has_perm(rules.VIEW_TALLY, obj):
            return None
        return services.vote_tally_shown(obj)


class VoteDocumentOut(Schema):
    id: int
    name: str
    content_type: str
    url: str

    @staticmethod
    def resolve_url(document) -> str:
        return reverse("api:vote_document_download", kwargs={"document_id": document.pk})


class MyFlatOut(Schema):
    elector_id: int
    unit: str
    room: str
    floor: int
    area: Decimal
    share: Decimal | None
    has_voted: bool


class CostTermOut(Schema):
    key: str
    value: str


class MyVoteOut(VoteOut):
    description: str
    cost_scheme_label: str
    cost_terms: list[CostTermOut]
    flats: list[MyFlatOut]
    documents: list[VoteDocumentOut]
    actions: list[str] = Field(..., description=(
        "What the owner may do now: deliberation.cast_vote, deliberation.object_vote."))


class BallotIn(Schema):
    elector_id: Id
    choice: Choice


class BallotOut(Schema):
    id: int
    elector_id: int
    choice: Choice
    channel: str
    state: str


class VoteCreateIn(Schema):
    """The create page's fields (votes.forms.VoteForm), by id."""

    building_id: Id
    unit_id: Id | None = None
    title: str
    item_number: int | None = Field(None, description=(
        "《民法典》第二百七十八条第一款第几项（1–9），必填；它决定表决门槛：第6–8项须四分之三以上，"
        "其余须过半数。加装电梯可省略（第7项）。"))
    kind: VoteKind | None = Field(None, description=(
        "仅加装电梯需填 elevator；其余由事项推出，填写与事项不符的类别将被拒绝。"))
    closes_on: datetime.date
    description: str = ""
    cost_total: Decimal = Decimal("0")
    cost_scheme: CostScheme = CostScheme.BY_AREA
    cost_parameters: dict[str, str] = {}


class VoteEditIn(Schema):
    """The draft's own fields (the page's edit form); only those sent change."""

    title: str | None = None
    item_number: int | None = Field(None, description=(
        "第278条第一款第几项；改变事项即改变门槛（加装电梯仍为第7项）。"))
    closes_on: datetime.date | None = None
    description: str | None = None
    cost_total: Decimal | None = Field(None, ge=0)
    cost_scheme: CostScheme | None = None
    cost_parameters: dict[str, str] | None = None


class VoteOpenIn(Schema):
    affected_flat_ids: list[int] = []


class CheckIn(Schema):
    approve: bool


class ChoiceIn(Schema):
    choice: str


class BallotCorrectionIn(Schema):
    choice: str
    reason: str


class ReasonIn(Schema):
    reason: str = ""


class ObjectionIn(Schema):
    text: str


class ObjectionAnswerIn(Schema):
    answer: str


class VoteBallotOut(Schema):
    id: int
    vote_id: int
    elector_id: int
    choice: Choice
    channel: str
    state: str
    voter_name: str
    cast_by_id: int
    checked_by_id: int | None
    supersedes_id: int | None
    correction_reason: str
    created_at: datetime.datetime


class ElectorCorrectionIn(Schema):
    field: str = Field(..., description="is_unsold, floor_area or is_affected")
    value: str = Field(..., max_length=32, description="true/false, or the area in m²")
    reason: str = Field(..., min_length=1, max_length=255)


class ElectorOut(Schema):
    id: int
    vote_id: int
    unit_number: str
    room_number: str
    floor: int
    floor_area: Decimal
    is_unsold: bool
    is_affected: bool


class ProxyOut(Schema):
    id: int
    elector_id: int
    owner_name: str
    proxy_name: str
    created_at: datetime.datetime
    revoked_at: datetime.datetime | None
    revoke_reason: str


class ObjectionOut(Schema):
    id: int
    vote_id: int
    raised_by_name: str
    text: str
    answer: str
    answered_at: datetime.datetime | None
    created_at: datetime.datetime


class PublicityPhotoOut(Schema):
    id: int
    vote_id: int
    posted_on: datetime.date
    place: str
    content_type: str


@router.get("/votes", response=list[VoteOut], summary="业主表决（工作人员）")
@paginate(Pagination)
def vote_list(request):
    return selectors.vote_list(request.auth)


@router.post("/votes", response={201: VoteDetailOut}, summary="发起业主表决（草稿）",
             description="与发起页面相同：楼栋须是本人可组织业主表决的住宅楼；核对、上传方案文件后 "
                         "POST /votes/{vote_id}/open 开始投票。")
def vote_create(request, payload: VoteCreateIn):
    actor = request.auth
    # the create page's choices: the residential buildings where the actor may run votes
    building = get_scoped(selectors.vote_buildings(actor), pk=payload.building_id)
    unit = None
    if payload.unit_id is not None:
        unit = get_scoped(building.units.all(), pk=payload.unit_id)
    vote = services.vote_create(
        actor=actor, building=building, unit=unit, title=payload.title, kind=payload.kind,
        item_number=payload.item_number, closes_on=payload.closes_on,
        description=payload.description, cost_total=payload.cost_total,
        cost_scheme=payload.cost_scheme, cost_parameters=payload.cost_parameters)
    return Status(201, vote)


@router.patch("/votes/{vote_id}", response=VoteDetailOut, summary="修改业主表决草稿",
              description="仅草稿可改（否则 409 not_draft）；楼栋、单元与加装电梯不可改。")
def vote_edit(request, vote_id: Id, payload: VoteEditIn):
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    changes = {field: value for field, value in payload.dict(exclude_unset=True).items()
               if value is not None}
    return services.vote_edit(actor=request.auth, vote=vote, **changes)


@router.post("/votes/{vote_id}/open", response=VoteDetailOut,
             summary="开始业主表决（冻结表决权人名单）",
             description="加装电梯须在 affected_flat_ids 中列出直接受影响的房屋。")
def vote_open(request, vote_id: Id, payload: VoteOpenIn):
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    return services.vote_open(actor=request.auth, vote=vote,
                              affected_flat_ids=payload.affected_flat_ids)


@router.post("/votes/{vote_id}/paper-ballots", response={201: VoteBallotOut},
             summary="录入纸质表决票（待复核）",
             description="附表决票扫描件；由录入人以外的工作人员复核后计入。")
def vote_paper_ballot(request, vote_id: Id, elector_id: Form[int | None] = None,
                      voter_name: Form[str] = "", choice: Form[str] = "",
                      scan: File[UploadedFile] = None):
    # scope first: an outsider learns nothing from a bad body
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    if elector_id is None:
        raise ValidationFailed(detail={"elector_id": [_("请选择房屋。")]})
    elector = access.access_elector(actor=request.auth, id=elector_id)
    return Status(201, services.ballot_enter_paper(
        actor=request.auth, vote=vote, elector=elector, choice=choice, voter_name=voter_name,
        scan=scan))


@router.post("/vote-ballots/{ballot_id}/check", response=VoteBallotOut,
             summary="复核纸质表决票", description="approve=true 计入，false 退回；"
                                                  "复核人须不是录入人。")
def vote_ballot_check(request, ballot_id: Id, payload: CheckIn):
    ballot = access.access_ballot(actor=request.auth, id=ballot_id)
    return services.ballot_check(actor=request.auth, ballot=ballot, approve=payload.approve)


@router.post("/vote-ballots/{ballot_id}/correct", response={201: VoteBallotOut},
             summary="更正已计入的表决票（保留原票）")
def vote_ballot_correct(request, ballot_id: Id, payload: BallotCorrectionIn):
    ballot = access.access_ballot(actor=request.auth, id=ballot_id)
    return Status(201, services.ballot_correct(actor=request.auth, ballot=ballot,
                                               choice=payload.choice, reason=payload.reason))


@router.post("/vote-electors/{elector_id}/corrections", response={201: ElectorOut},
             summary="更正表决权人（未售出、面积、受影响，须说明理由）")
def vote_elector_correct(request, elector_id: Id, payload: ElectorCorrectionIn):
    elector = access.access_elector(actor=request.auth, id=elector_id)
    return Status(201, services.elector_correct(actor=request.auth, elector=elector,
                                                field=payload.field, value=payload.value,
                                                reason=payload.reason))


@router.post("/vote-electors/{elector_id}/proxies", response={201: ProxyOut},
             summary="登记委托代理（附书面委托书）")
def vote_proxy_authorise(request, elector_id: Id, owner_name: Form[str] = "",
                         proxy_name: Form[str] = "", document: File[UploadedFile] = None):
    elector = access.access_elector(actor=request.auth, id=elector_id)
    return Status(201, services.proxy_authorise(actor=request.auth, elector=elector,
                                                owner_name=owner_name, proxy_name=proxy_name,
                                                document=document))


@router.post("/vote-proxies/{proxy_id}/ballots", response={201: VoteBallotOut},
             summary="录入受托人的表决意见")
def vote_proxy_ballot(request, proxy_id: Id, payload: ChoiceIn):
    proxy = access.access_proxy(actor=request.auth, id=proxy_id)
    return Status(201, services.ballot_enter_proxy(actor=request.auth, proxy=proxy,
                                                   choice=payload.choice))


@router.post("/vote-proxies/{proxy_id}/revoke", response=ProxyOut, summary="撤销委托代理")
def vote_proxy_revoke(request, proxy_id: Id, payload: ReasonIn):
    proxy = access.access_proxy(actor=request.auth, id=proxy_id)
    return services.proxy_revoke(actor=request.auth, proxy=proxy, reason=payload.reason)


@router.post("/votes/{vote_id}/publish", response=VoteDetailOut, summary="公示业主表决结果")
def vote_publish(request, vote_id: Id):
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    return services.vote_publish(actor=request.auth, vote=vote)


@router.post("/votes/{vote_id}/objections", response={201: ObjectionOut},
             summary="工作人员代为登记异议")
def vote_objection_create(request, vote_id: Id, payload: ObjectionIn):
    vote = access.access_vote(actor=request.auth, id=vote_id)
    return Status(201, services.objection_create(actor=request.auth, vote=vote,
                                                 text=payload.text))


@router.post("/vote-objections/{objection_id}/answer", response={201: ObjectionOut},
             summary="答复异议")
def vote_objection_answer(request, objection_id: Id, payload: ObjectionAnswerIn):
    objection = access.access_objection(actor=request.auth, id=objection_id)
    return Status(201, services.objection_answer(actor=request.auth, objection=objection,
                                                 answer=payload.answer))


@router.post("/my-votes/{vote_id}/objections", response={201: ObjectionOut},
             summary="业主对公示结果提出异议")
def my_vote_objection(request, vote_id: Id, payload: ObjectionIn):
    vote = access.access_own_vote(actor=request.auth, id=vote_id)
    return Status(201, services.objection_create(actor=request.auth, vote=vote,
                                                 text=payload.text))


@router.get("/votes/{vote_id}", response=VoteDetailOut, summary="业主表决详情与公示结果")
def vote_detail(request, vote_id: Id):
    return access.access_vote(actor=request.auth, id=vote_id)


@router.post("/votes/{vote_id}/close", response=VoteOut, summary="截止业主表决",
             description="截止日期前截止须 confirm_early=true（先查看参与情况），否则返回 "
                         "early_close_unconfirmed，message 中写明截止日期与参与户数、面积。")
def vote_close(request, vote_id: Id, payload: CloseIn):
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    return services.vote_close(actor=request.auth, vote=vote,
                               confirm_early=payload.confirm_early)


@router.get("/votes/{vote_id}/documents", response=list[VoteDocumentOut],
            summary="业主表决的方案文件")
def vote_documents(request, vote_id: Id):
    vote = access.access_vote(actor=request.auth, id=vote_id)
    return list(selectors.vote_documents(vote))


@router.post("/votes/{vote_id}/documents", response={201: VoteDocumentOut},
             summary="上传方案文件（草稿阶段）")
def vote_document_add(request, vote_id: Id, document: File[UploadedFile] = None):
    # scope first: an outsider learns nothing from a bad body
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    if document is None:
        raise ValidationFailed(detail={"documents": [_("请选择文件。")]})
    return Status(201, services.vote_document_add(actor=request.auth, vote=vote,
                                                  upload=document))


@router.get("/vote-documents/{document_id}", summary="下载方案文件（按权限）",
            response={200: None}, url_name="vote_document_download")
def vote_document_download(request, document_id: Id):
    document = access.access_vote_document(actor=request.auth, id=document_id)
    return FileResponse(document.file.open("rb"), content_type=document.content_type)


def _my_vote(actor, vote, documents) -> dict:
    """A vote as its owner sees it before voting: the cost, how it is shared, each own
    flat's share, the plan documents."""
    own = selectors.own_electors(actor, vote)
    live = selectors.live_ballots(vote)
    shares = services.vote_cost_shares(vote) if vote.cost_total else {}
    return {
        **{field: getattr(vote, field) for field in VoteOut.model_fields},
        "description": vote.description, "cost_scheme_label": vote.get_cost_scheme_display(),
        "cost_terms": [{"key": key, "value": value}
                       for key, value in services.cost_scheme_terms(vote)],
        "flats": [{"elector_id": e.pk, "unit": e.unit_number, "room": e.room_number,
                   "floor": e.floor, "area": e.floor_area, "share": shares.get(e.pk),
                   "has_voted": e.pk in live} for e in own],
        "documents": documents.get(vote.pk, []),
        # the electorate is prefetched (selectors.own_votes): no query per vote
        "actions": open_actions(actor, vote, rules.OWN_VOTE_ACTION_RULES.values()),
    }


@router.get("/my-votes", response=list[MyVoteOut], summary="我的业主表决",
            description="我名下房屋参加的业主表决；投票前可看到费用总额、分摊方式、"
                        "本户分摊金额和方案文件。")
def my_votes(request):
    votes = selectors.own_votes(request.auth)
    documents = selectors.documents_by_vote([vote.pk for vote in votes])
    return [_my_vote(request.auth, vote, documents) for vote in votes]


@router.post("/my-votes/{vote_id}/ballots", response={201: BallotOut},
             summary="业主为本人房屋投票")
def my_ballot(request, vote_id: Id, payload: BallotIn):
    vote = access.access_own_vote(actor=request.auth, id=vote_id)
    elector = next((e for e in selectors.own_electors(request.auth, vote)
                    if e.pk == payload.elector_id), None)
    if elector is None:
        raise NotFound()
    ballot = services.ballot_cast_online(actor=request.auth, vote=vote, elector=elector,
                                         choice=payload.choice)
    return Status(201, ballot)


@router.get("/votes/{vote_id}/publicity-photos", response=list[PublicityPhotoOut],
            summary="公示张贴照片")
def publicity_photo_list(request, vote_id: Id):
    vote = access.access_vote(actor=request.auth, id=vote_id)
    return list(selectors.publicity_photos(vote))


@router.post("/votes/{vote_id}/publicity-photos", response={201: PublicityPhotoOut},
             summary="上传公示张贴照片")
def publicity_photo_add(request, vote_id: Id, posted_on: Form[datetime.date | None] = None,
                        place: Form[str] = "", photo: File[UploadedFile] = None):
    # scope first: an outsider learns nothing from a bad body
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    if photo is None:
        raise ValidationFailed(detail={"photo": [_("请上传照片。")]})
    row = services.publicity_photo_add(actor=request.auth, vote=vote, posted_on=posted_on,
                                             place=place, photo=photo)
    return Status(201, row)


@router.get("/publicity-photos/{photo_id}", summary="下载公示照片（按权限）",
            response={200: None})
def publicity_photo_download(request, photo_id: Id):
    photo = access.access_publicity_photo(actor=request.auth, id=photo_id)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
