"""Residents' polls in the JSON API: the same selectors, access and services as the pages."""

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core.api_types import Id, Pagination
from gongzhi.deliberation.balloting.schemas import CloseIn
from gongzhi.deliberation.polls import access, rules, selectors, services
from gongzhi.deliberation.polls.choices import PollKind, PollStatus

router = Router(tags=["deliberation"])


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


@router.get("/polls", response=list[PollOut], summary="居民投票（工作人员）")
@paginate(Pagination)
def poll_list(request):
    return selectors.poll_list(request.auth)


@router.get("/polls/{poll_id}", response=PollOut, summary="居民投票详情")
def poll_detail(request, poll_id: Id):
    return access.access_poll(actor=request.auth, id=poll_id)


@router.post("/polls/{poll_id}/close", response=PollOut, summary="截止居民投票",
             description="截止日期前截止须 confirm_early=true（先查看参与情况），否则返回 "
                         "early_close_unconfirmed，message 中写明截止日期与参与人数。")
def poll_close(request, poll_id: Id, payload: CloseIn):
    poll = access.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return services.poll_close(actor=request.auth, poll=poll,
                                     confirm_early=payload.confirm_early)


@router.get("/polls/{poll_id}/result", response=dict, summary="居民投票计票结果（两道门槛）")
def poll_result(request, poll_id: Id):
    poll = access.access_poll(actor=request.auth, id=poll_id)
    if poll.status == PollStatus.DRAFT:
        return {}
    return poll.result or services.poll_result(poll)


@router.get("/my-polls", response=list[MyPollOut], summary="我的居民投票")
def my_polls(request):
    return [{"poll": poll, "has_voted": ballot is not None}
            for poll, _elector, ballot in selectors.own_polls(request.auth)]


@router.post("/my-polls/{poll_id}/ballots", response={201: PollBallotOut},
             summary="居民本人投票")
def my_poll_ballot(request, poll_id: Id, payload: PollBallotIn):
    poll = access.access_own_poll(actor=request.auth, id=poll_id)
    ballot = services.poll_cast_online(actor=request.auth, poll=poll,
                                             choice=payload.choice)
    return Status(201, ballot)


@router.get("/polls/{poll_id}/ballots", response=list[PollBallotHistoryOut],
            summary="居民投票的全部选票（含被更正的）")
def poll_ballots(request, poll_id: Id):
    poll = access.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return list(selectors.poll_ballots(poll))


@router.post("/poll-ballots/{ballot_id}/correct", response={201: PollBallotHistoryOut},
             summary="更正已计入的纸质选票（保留原票）")
def poll_ballot_correct(request, ballot_id: Id, payload: PollCorrectionIn):
    ballot = access.access_poll_ballot(actor=request.auth, id=ballot_id)
    return Status(201, services.poll_ballot_correct(
        actor=request.auth, ballot=ballot, choice=payload.choice, reason=payload.reason))


@router.get("/polls/{poll_id}/objections", response=list[PollObjectionOut],
            summary="居民投票结果公示期间的异议")
def poll_objections(request, poll_id: Id):
    poll = access.access_poll(actor=request.auth, id=poll_id)
    return list(selectors.poll_objections(poll))


@router.post("/polls/{poll_id}/objections", response={201: PollObjectionOut},
             summary="工作人员代为登记异议")
def poll_objection_create(request, poll_id: Id, payload: PollObjectionIn):
    poll = access.access_poll(actor=request.auth, id=poll_id)
    return Status(201, services.poll_objection_create(actor=request.auth, poll=poll,
                                                            text=payload.text))


@router.post("/poll-objections/{objection_id}/answer", response={201: PollObjectionOut},
             summary="答复异议")
def poll_objection_answer(request, objection_id: Id, payload: PollAnswerIn):
    objection = access.access_poll_objection(actor=request.auth, id=objection_id)
    return Status(201, services.poll_objection_answer(
        actor=request.auth, objection=objection, answer=payload.answer))


@router.post("/my-polls/{poll_id}/objections", response={201: PollObjectionOut},
             summary="居民对公示结果提出异议")
def my_poll_objection(request, poll_id: Id, payload: PollObjectionIn):
    poll = access.access_own_poll(actor=request.auth, id=poll_id)
    return Status(201, services.poll_objection_create(actor=request.auth, poll=poll,
                                                            text=payload.text))
