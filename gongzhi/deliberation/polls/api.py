"""Residents' polls and publicity photos in the JSON API: the same selectors, access and
services as the pages. Registered on the deliberation router (imported at the end of api.py)."""

import datetime

from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import ValidationFailed
from gongzhi.deliberation import access, access_polls, rules, selectors_polls, services_polls
from gongzhi.deliberation.api import CloseIn, router
from gongzhi.deliberation.choices import PollKind, PollStatus


class PollOption(Schema):
    key: str
    label: str


class PollOut(Schema):
    id: int
    community_id: int
    building_id: int | None
    unit_id: int | None
    title: str
    description: str
    kind: PollKind
    options: list[PollOption]
    quorum: str
    quorum_is_strict: bool
    majority: str
    majority_is_strict: bool
    status: PollStatus
    closes_on: datetime.date
    publicity_ends_on: datetime.date | None
    result: dict


class MyPollOut(Schema):
    poll: PollOut
    has_voted: bool


class PollBallotIn(Schema):
    choice: str


class PollBallotOut(Schema):
    id: int
    poll_id: int
    choice: str
    channel: str
    state: str


class PollBallotHistoryOut(Schema):
    id: int
    poll_id: int
    elector_id: int
    choice: str
    channel: str
    state: str
    cast_by_id: int
    checked_by_id: int | None
    supersedes_id: int | None
    correction_reason: str
    created_at: datetime.datetime


class PollCorrectionIn(Schema):
    choice: str
    reason: str


class PollObjectionIn(Schema):
    text: str


class PollAnswerIn(Schema):
    answer: str


class PollObjectionOut(Schema):
    id: int
    poll_id: int
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


@router.get("/polls", response=list[PollOut], summary="居民投票（工作人员）")
@paginate(Pagination)
def poll_list(request):
    return selectors_polls.poll_list(request.auth)


@router.get("/polls/{poll_id}", response=PollOut, summary="居民投票详情")
def poll_detail(request, poll_id: Id):
    return access_polls.access_poll(actor=request.auth, id=poll_id)


@router.post("/polls/{poll_id}/close", response=PollOut, summary="截止居民投票",
             description="截止日期前截止须 confirm_early=true（先查看参与情况），否则返回 "
                         "early_close_unconfirmed，message 中写明截止日期与参与人数。")
def poll_close(request, poll_id: Id, payload: CloseIn):
    poll = access_polls.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return services_polls.poll_close(actor=request.auth, poll=poll,
                                     confirm_early=payload.confirm_early)


@router.get("/polls/{poll_id}/result", response=dict, summary="居民投票计票结果（两道门槛）")
def poll_result(request, poll_id: Id):
    poll = access_polls.access_poll(actor=request.auth, id=poll_id)
    if poll.status == PollStatus.DRAFT:
        return {}
    return poll.result or services_polls.poll_result(poll)


@router.get("/my-polls", response=list[MyPollOut], summary="我的居民投票")
def my_polls(request):
    return [{"poll": poll, "has_voted": ballot is not None}
            for poll, _elector, ballot in selectors_polls.own_polls(request.auth)]


@router.post("/my-polls/{poll_id}/ballots", response={201: PollBallotOut},
             summary="居民本人投票")
def my_poll_ballot(request, poll_id: Id, payload: PollBallotIn):
    poll = access_polls.access_own_poll(actor=request.auth, id=poll_id)
    ballot = services_polls.poll_cast_online(actor=request.auth, poll=poll,
                                             choice=payload.choice)
    return Status(201, ballot)


@router.get("/polls/{poll_id}/ballots", response=list[PollBallotHistoryOut],
            summary="居民投票的全部选票（含被更正的）")
def poll_ballots(request, poll_id: Id):
    poll = access_polls.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return list(selectors_polls.poll_ballots(poll))


@router.post("/poll-ballots/{ballot_id}/correct", response={201: PollBallotHistoryOut},
             summary="更正已计入的纸质选票（保留原票）")
def poll_ballot_correct(request, ballot_id: Id, payload: PollCorrectionIn):
    ballot = access_polls.access_poll_ballot(actor=request.auth, id=ballot_id)
    return Status(201, services_polls.poll_ballot_correct(
        actor=request.auth, ballot=ballot, choice=payload.choice, reason=payload.reason))


@router.get("/polls/{poll_id}/objections", response=list[PollObjectionOut],
            summary="居民投票结果公示期间的异议")
def poll_objections(request, poll_id: Id):
    poll = access_polls.access_poll(actor=request.auth, id=poll_id)
    return list(selectors_polls.poll_objections(poll))


@router.post("/polls/{poll_id}/objections", response={201: PollObjectionOut},
             summary="工作人员代为登记异议")
def poll_objection_create(request, poll_id: Id, payload: PollObjectionIn):
    poll = access_polls.access_poll(actor=request.auth, id=poll_id)
    return Status(201, services_polls.poll_objection_create(actor=request.auth, poll=poll,
                                                            text=payload.text))


@router.post("/poll-objections/{objection_id}/answer", response={201: PollObjectionOut},
             summary="答复异议")
def poll_objection_answer(request, objection_id: Id, payload: PollAnswerIn):
    objection = access_polls.access_poll_objection(actor=request.auth, id=objection_id)
    return Status(201, services_polls.poll_objection_answer(
        actor=request.auth, objection=objection, answer=payload.answer))


@router.post("/my-polls/{poll_id}/objections", response={201: PollObjectionOut},
             summary="居民对公示结果提出异议")
def my_poll_objection(request, poll_id: Id, payload: PollObjectionIn):
    poll = access_polls.access_own_poll(actor=request.auth, id=poll_id)
    return Status(201, services_polls.poll_objection_create(actor=request.auth, poll=poll,
                                                            text=payload.text))


@router.get("/votes/{vote_id}/publicity-photos", response=list[PublicityPhotoOut],
            summary="公示张贴照片")
def publicity_photo_list(request, vote_id: Id):
    vote = access.access_vote(actor=request.auth, id=vote_id)
    return list(selectors_polls.publicity_photos(vote))


@router.post("/votes/{vote_id}/publicity-photos", response={201: PublicityPhotoOut},
             summary="上传公示张贴照片")
def publicity_photo_add(request, vote_id: Id, posted_on: Form[datetime.date | None] = None,
                        place: Form[str] = "", photo: File[UploadedFile] = None):
    # scope first: an outsider learns nothing from a bad body
    vote = access.access_vote(actor=request.auth, id=vote_id, permission=rules.MANAGE_VOTE)
    if photo is None:
        raise ValidationFailed(detail={"photo": [_("请上传照片。")]})
    row = services_polls.publicity_photo_add(actor=request.auth, vote=vote, posted_on=posted_on,
                                             place=place, photo=photo)
    return Status(201, row)


@router.get("/publicity-photos/{photo_id}", summary="下载公示照片（按权限）",
            response={200: None})
def publicity_photo_download(request, photo_id: Id):
    from django.http import FileResponse

    photo = access_polls.access_publicity_photo(actor=request.auth, id=photo_id)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
