"""Residents' polls in the JSON API: the same selectors, access and services as the pages."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import ValidationFailed
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


class PollDetailOut(PollOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this poll now, as rule names "
        "(deliberation.open_poll, deliberation.publish_poll ...): the same rules that show "
        "the page's buttons."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.POLL_ACTIONS)


class PollCreateIn(Schema):
    """The create page's fields (polls.forms.PollForm), by id."""

    community_id: Id
    building_id: Id | None = None
    unit_id: Id | None = None
    title: str
    description: str = ""
    kind: PollKind = PollKind.YES_NO
    option_labels: list[str] = []
    closes_on: datetime.date
    quorum: str = "1/2"
    quorum_is_strict: bool = True
    majority: str = "1/2"
    majority_is_strict: bool = True
    publicity_days: int = 7


class PollCheckIn(Schema):
    approve: bool


class MyPollOut(Schema):
    poll: PollOut
    has_voted: bool
    actions: list[str] = Field(..., description=(
        "What the resident may do now: deliberation.cast_poll, deliberation.object_poll."))


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


@router.post("/polls", response={201: PollDetailOut}, summary="发起居民投票（草稿）",
             description="与发起页面相同：社区须在本人可发起投票的范围内，楼栋、单元可选；"
                         "核对后 POST /polls/{poll_id}/open 开始投票。")
def poll_create(request, payload: PollCreateIn):
    actor = request.auth
    # the create page's choices: communities where the actor may run polls, their buildings
    communities = selectors.poll_communities(actor)
    community = get_scoped(communities, pk=payload.community_id)
    building = unit = None
    if payload.building_id is not None:
        building = get_scoped(selectors.poll_buildings(actor, communities),
                              pk=payload.building_id)
    if payload.unit_id is not None:
        if building is None:
            raise ValidationFailed(detail={"unit": [_("单元须属于所选楼栋。")]})
        unit = get_scoped(building.units.all(), pk=payload.unit_id)
    poll = services.poll_create(
        actor=actor, community=community, building=building, unit=unit, title=payload.title,
        description=payload.description, kind=payload.kind,
        option_labels=payload.option_labels, closes_on=payload.closes_on,
        quorum=payload.quorum, quorum_is_strict=payload.quorum_is_strict,
        majority=payload.majority, majority_is_strict=payload.majority_is_strict,
        publicity_days=payload.publicity_days)
    return Status(201, poll)


@router.get("/polls/{poll_id}", response=PollDetailOut, summary="居民投票详情",
            description="actions：本人现在可以进行的操作（规则名），与页面上的按钮一致。")
def poll_detail(request, poll_id: Id):
    return access.access_poll(actor=request.auth, id=poll_id)


@router.post("/polls/{poll_id}/open", response=PollDetailOut,
             summary="开始居民投票（冻结投票人名单）")
def poll_open(request, poll_id: Id):
    poll = access.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return services.poll_open(actor=request.auth, poll=poll)


@router.post("/polls/{poll_id}/paper-ballots", response={201: PollBallotHistoryOut},
             summary="录入纸质选票（待复核）",
             description="附选票扫描件；由录入人以外的工作人员复核后计入。")
def poll_paper_ballot(request, poll_id: Id, elector_id: Form[int | None] = None,
                      choice: Form[str] = "", scan: File[UploadedFile] = None):
    # scope first: an outsider learns nothing from a bad body
    poll = access.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    if elector_id is None:
        raise ValidationFailed(detail={"elector_id": [_("请选择投票人。")]})
    elector = access.access_poll_elector(actor=request.auth, id=elector_id)
    return Status(201, services.poll_enter_paper(actor=request.auth, poll=poll,
                                                 elector=elector, choice=choice, scan=scan))


@router.post("/poll-ballots/{ballot_id}/check", response=PollBallotHistoryOut,
             summary="复核纸质选票", description="approve=true 计入，false 退回；"
                                                "复核人须不是录入人。")
def poll_ballot_check(request, ballot_id: Id, payload: PollCheckIn):
    ballot = access.access_poll_ballot(actor=request.auth, id=ballot_id)
    return services.poll_ballot_check(actor=request.auth, ballot=ballot,
                                      approve=payload.approve)


@router.post("/polls/{poll_id}/publish", response=PollDetailOut, summary="公示居民投票结果")
def poll_publish(request, poll_id: Id):
    poll = access.access_poll(actor=request.auth, id=poll_id, permission=rules.MANAGE_POLL)
    return services.poll_publish(actor=request.auth, poll=poll)


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
    # own_polls leaves each poll its elector row: the rules ask no query per poll
    return [{"poll": poll, "has_voted": ballot is not None,
             "actions": open_actions(request.auth, poll, rules.OWN_POLL_ACTION_RULES.values())}
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
