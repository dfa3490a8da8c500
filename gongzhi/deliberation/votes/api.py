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
    kind: VoteKind
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
