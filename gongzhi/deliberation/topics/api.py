"""Consultation topics in the JSON API (e.g. for a mini-program): the same selectors, access
functions and services as the pages."""

import base64
import binascii
import datetime

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.casework.access import access_case
from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Count, Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation.topics import access, rules, selectors, services
from gongzhi.deliberation.topics.choices import (
    StepAction,
    TaskStatus,
    TopicKind,
    TopicStatus,
)
from gongzhi.people.identity import mask_name
from gongzhi.places.models import Building, Community, Unit

router = Router(tags=["deliberation"])


def _right(obj, user, name: str) -> bool:
    """can_screen / can_review: annotated by the lists (selectors.with_reader_rights), so that
    a page costs no query per row; asked of the rules once for a single topic (the answer is
    kept on the row, where its actions find it too)."""
    return {"can_screen": rules.screens, "can_review": rules.reviews}[name](user, obj)


def _outcome_visible(obj, context) -> bool:
    user = context["request"].auth if context else None
    return obj.outcome_is_public or (user is not None and (
        _right(obj, user, "can_screen") or _right(obj, user, "can_review")))


class TopicOut(Schema):
    id: int
    community_id: int
    title: str
    description: str
    kind: TopicKind
    item_number: int | None
    building_id: int | None
    unit_id: int | None
    status: TopicStatus
    proposer_kind: str
    decline_reason: str
    outcome: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    dissent: str
    is_adopted: bool | None
    feedback: str
    vote_id: int | None
    need_id: int | None
    project_id: int | None
    source_case_id: int | None
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this topic now, as rule names "
        "(deliberation.accept_topic, ...): the buttons its page shows."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.TOPIC_ACTIONS)

    @staticmethod
    def resolve_decline_reason(obj, context):
        user = context["request"].auth
        if obj.proposer_id == user.pk or _right(obj, user, "can_screen"):
            return obj.decline_reason
        return ""

    @staticmethod
    def resolve_outcome(obj, context):
        return obj.outcome if _outcome_visible(obj, context) else ""

    @staticmethod
    def resolve_dissent(obj, context):
        return obj.dissent if _outcome_visible(obj, context) else ""


class DocumentIn(Schema):
    name: str
    content: str = Field(..., description="the file's bytes, base64-encoded (PDF or image)")


class TopicIn(Schema):
    """What the page's form takes: the community, the text, the kind, the building and unit
    it concerns, and documents."""

    community_id: Id
    title: str
    description: str
    kind: TopicKind = TopicKind.ORDINARY
    item_number: Count | None = None
    building_id: Id | None = None
    unit_id: Id | None = None
    documents: list[DocumentIn] = []


class TopicFromCaseIn(Schema):
    kind: TopicKind = TopicKind.ORDINARY
    item_number: Count | None = None


class StepOut(Schema):
    id: int
    action: StepAction
    from_status: str
    to_status: TopicStatus
    note: str
    actor_id: int | None
    created_at: datetime.datetime
    document_ids: list[int]

    @staticmethod
    def resolve_note(obj, context):
        # the outcome step's note is the outcome: hidden until published, as on the page
        if obj.action == StepAction.OUTCOME and not _outcome_visible(obj.topic, context):
            return ""
        return obj.note

    @staticmethod
    def resolve_actor_id(obj, context):
        # who proposed a topic stays with the committee (and the street), as on the page
        user = context["request"].auth
        if obj.action == StepAction.PROPOSE and obj.actor_id != user.pk and not (
                rules.can_screen(user, obj.topic) or rules.can_review(user, obj.topic)):
            return None
        return obj.actor_id

    @staticmethod
    def resolve_document_ids(obj, context):
        if obj.action == StepAction.OUTCOME and not _outcome_visible(obj.topic, context):
            return []
        return [document.pk for document in obj.documents.all()]


class StepIn(Schema):
    action: str
    note: str = ""
    decide: bool = False
    closes_on: datetime.date | None = None  # "vote": the owners' vote closes on this day


class OutcomeIn(Schema):
    outcome: str
    votes_for: Count | None = None
    votes_against: Count | None = None
    votes_abstain: Count | None = None
    dissent: str = ""
    meeting_id: Id | None = None


class MeetingOut(Schema):
    id: int
    topic_id: int
    title: str
    starts_at: datetime.datetime
    place: str
    agenda: list[str]
    is_residents_meeting: bool
    entitled_count: int | None
    status: str
    minutes: str
    invitees: list[dict]
    sign_in_count: int
    invited_present_count: int  # invited and signed in
    walk_in_count: int  # signed in without an invitation (counted in sign_in_count too)
    actions: list[str]  # what the reader may do on the meeting now (rule names)

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.MEETING_ACTIONS)

    @staticmethod
    def resolve_agenda(obj):
        return obj.agenda_items()

    @staticmethod
    def resolve_invitees(obj, context):
        # people's names in full for the committee only, as on the page; units by name
        user = context["request"].auth
        full = rules.screens(user, obj.topic)
        return [{"id": i.pk, "kind": i.kind,
                 "name": i.name if full or i.partner_unit_id or i.user_id == user.pk
                 else mask_name(i.name)} for i in obj.invitees.all()]

    @staticmethod
    def resolve_sign_in_count(obj):
        return obj.sign_ins.count()

    @staticmethod
    def resolve_invited_present_count(obj):
        return obj.sign_ins.filter(invitee__isnull=False).count()

    @staticmethod
    def resolve_walk_in_count(obj):
        return obj.sign_ins.filter(invitee__isnull=True).count()


class SignInOut(Schema):
    id: int
    meeting_id: int
    name: str
    is_self: bool
    created_at: datetime.datetime


class TaskOut(Schema):
    id: int
    topic_id: int
    description: str
    owner: str
    deadline: datetime.date
    status: TaskStatus
    done_note: str
    actions: list[str]  # deliberation.complete_topic_task while the reader may complete it

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, (rules.COMPLETE_TASK,))

    @staticmethod
    def resolve_owner(obj):
        return obj.owner_label


class TaskDoneIn(Schema):
    note: str


class MeetingIn(Schema):
    title: str
    starts_at: datetime.datetime
    place: str
    agenda: list[str]
    is_residents_meeting: bool = False
    entitled_count: Count | None = None


class InviteeIn(Schema):
    kind: str
    user_id: Id | None = None
    partner_unit_id: Id | None = None
    name: str = ""


class InviteeOut(Schema):
    id: int
    meeting_id: int
    kind: str
    name: str
    user_id: int | None
    partner_unit_id: int | None


class MeetingNoticeIn(Schema):
    note: str = ""


class SignInRecordIn(Schema):
    invitee_id: Id | None = None
    name: str = ""


class MinutesIn(Schema):
    minutes: str


class TaskIn(Schema):
    description: str
    deadline: datetime.date
    owner_user_id: Id | None = None
    owner_unit_id: Id | None = None


class TopicProjectIn(Schema):
    lead_unit_id: Id
    plan: str = ""
    category: str = "governance"


class RatingIn(Schema):
    score: int
    comment: str = ""


class RatingOut(Schema):
    id: int
    topic_id: int
    score: int
    comment: str


@router.get("/topics", response=list[TopicOut], summary="协商议题")
@paginate(Pagination)
def topic_list(request, status: str = "", kind: str = "", mine: bool = False):
    return selectors.topic_list(request.auth, status=status, kind=kind, mine=mine)


def _documents(documents: list[DocumentIn]) -> list[ContentFile]:
    """The documents of a JSON body as the uploads the page's form gives the service (which
    checks their number, size and type)."""
    files = []
    for document in documents:
        try:
            data = base64.b64decode(document.content, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(detail={"documents": [_("文件内容须为 base64 编码。")]}) \
                from None
        files.append(ContentFile(data, name=document.name[:128] or "file"))
    return files


@router.post("/topics", response={201: TopicOut}, summary="提出议题（可附材料）")
def topic_propose(request, payload: TopicIn):
    community = Community.objects.for_user(request.auth, rules.PROPOSE_TOPIC).filter(
        pk=payload.community_id).first()
    if community is None:
        raise NotFound()
    building = unit = None
    if payload.building_id:
        building = Building.objects.filter(community=community, pk=payload.building_id).first()
        if building is None:
            raise NotFound()
    if payload.unit_id:  # the service checks that it is a unit of the building
        unit = Unit.objects.filter(building__community=community, pk=payload.unit_id).first()
        if unit is None:
            raise NotFound()
    topic = services.topic_propose(actor=request.auth, community=community, title=payload.title,
                                   description=payload.description, kind=payload.kind,
                                   item_number=payload.item_number, building=building,
                                   unit=unit, documents=_documents(payload.documents))
    return Status(201, access.access_topic(actor=request.auth, id=topic.pk))


@router.post("/cases/{case_id}/topic", response={201: TopicOut},
             summary="诉求转为协商议题（姓名和电话隐去）")
def topic_from_case(request, case_id: Id, payload: TopicFromCaseIn):
    case = access_case(actor=request.auth, id=case_id)  # the request's page's access function
    topic = services.topic_create_from_case(actor=request.auth, case=case, kind=payload.kind,
                                            item_number=payload.item_number)
    return Status(201, access.access_topic(actor=request.auth, id=topic.pk))


@router.get("/topics/outcomes", response=list[TopicOut], summary="公开的议事结果")
@paginate(Pagination)
def topic_outcomes(request):
    return selectors.published_outcomes(request.auth)


@router.get("/topics/{topic_id}", response=TopicOut, summary="议题详情")
def topic_detail(request, topic_id: Id):
    return access.access_topic(actor=request.auth, id=topic_id)


@router.get("/topics/{topic_id}/steps", response=list[StepOut], summary="议事记录")
def topic_steps(request, topic_id: Id):
    return list(selectors.topic_steps(access.access_topic(actor=request.auth, id=topic_id)))


STEP_SERVICES = {
    "accept": lambda a, t, p: services.topic_accept(actor=a, topic=t, note=p.note),
    "decline": lambda a, t, p: services.topic_decline(actor=a, topic=t, reason=p.note),
    "notify": lambda a, t, p: services.topic_notify(actor=a, topic=t, note=p.note),
    "deliberate": lambda a, t, p: services.topic_deliberate(actor=a, topic=t, note=p.note),
    "publish": lambda a, t, p: services.topic_publish(actor=a, topic=t, note=p.note),
    "carry_out": lambda a, t, p: services.topic_carry_out(actor=a, topic=t, note=p.note),
    "progress": lambda a, t, p: services.topic_progress(actor=a, topic=t, note=p.note),
    "feedback": lambda a, t, p: services.topic_publish_feedback(actor=a, topic=t,
                                                                feedback=p.note),
    "close": lambda a, t, p: services.topic_close(actor=a, topic=t, note=p.note),
    "escalate": lambda a, t, p: services.topic_escalate(actor=a, topic=t, note=p.note),
    "review": lambda a, t, p: services.topic_review(actor=a, topic=t, decide=p.decide,
                                                    note=p.note),
}


def _vote(actor, topic, payload):
    if payload.closes_on is None:
        raise ValidationFailed(detail={"closes_on": [_("请填写日期。")]})
    services.topic_vote_create(actor=actor, topic=topic, closes_on=payload.closes_on)
    return access.access_topic(actor=actor, id=topic.pk)  # with its vote


@router.post("/topics/{topic_id}/steps", response={201: TopicOut},
             summary="推进议题（受理、不予受理、通知、协商、业主表决、公开、落实、进展、反馈、办结、"
                     "提交街道、街道审议）")
def topic_step(request, topic_id: Id, payload: StepIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    if payload.action == "vote":
        return Status(201, _vote(request.auth, topic, payload))
    service = STEP_SERVICES.get(payload.action)
    if service is None:
        raise NotFound()
    return Status(201, service(request.auth, topic, payload))


@router.post("/topics/{topic_id}/outcome", response={201: TopicOut},
             summary="记录协商结果（含不同意见）")
def topic_outcome(request, topic_id: Id, payload: OutcomeIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    meeting = None
    if payload.meeting_id:
        meeting = access.access_meeting(actor=request.auth, id=payload.meeting_id)
    return Status(201, services.topic_record_outcome(
        actor=request.auth, topic=topic, outcome=payload.outcome, votes_for=payload.votes_for,
        votes_against=payload.votes_against, votes_abstain=payload.votes_abstain,
        dissent=payload.dissent, meeting=meeting))


@router.get("/topics/{topic_id}/meetings", response=list[MeetingOut], summary="议题的会议")
def topic_meetings(request, topic_id: Id):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    meetings = list(topic.meetings.prefetch_related("invitees").order_by("starts_at"))
    for meeting in meetings:  # the rules and names of each ask about this topic, loaded once
        meeting.topic = topic
    return meetings


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="会议详情")
def meeting_detail(request, meeting_id: Id):
    return access.access_meeting(actor=request.auth, id=meeting_id)


@router.post("/meetings/{meeting_id}/sign-in", response={201: SignInOut},
             summary="受邀人本人签到")
def meeting_sign_in(request, meeting_id: Id):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    return Status(201, services.sign_in_self(actor=request.auth, meeting=meeting))


@router.get("/topics/{topic_id}/tasks", response=list[TaskOut], summary="落实任务")
def topic_tasks(request, topic_id: Id):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    tasks = list(selectors.topic_tasks(topic))
    for task in tasks:  # each task's rule asks about this topic, loaded once
        task.topic = topic
    return tasks


@router.post("/topic-tasks/{task_id}/complete", response={201: TaskOut}, summary="完成任务")
def task_complete(request, task_id: Id, payload: TaskDoneIn):
    task = access.access_task(actor=request.auth, id=task_id)
    return Status(201, services.task_complete(actor=request.auth, task=task, note=payload.note))


@router.post("/topics/{topic_id}/ratings", response={201: RatingOut},
             summary="居民评价落实效果（每人一次）")
def topic_rate(request, topic_id: Id, payload: RatingIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    return Status(201, services.topic_rate(actor=request.auth, topic=topic, score=payload.score,
                                           comment=payload.comment))


# ---- staff operations of the pages: meetings, sign-in sheet, minutes, tasks, project -------

def _require_screener(actor, topic) -> None:
    """The topic is visible (access_* passed): only its screeners may go on. Checked before
    any id in the body is looked up, so a resident learns nothing from a bad body."""
    if not rules.can_screen(actor, topic):
        raise PermissionDenied()


def _community_user(topic, user_id, field):
    if user_id is None:
        return None
    user = selectors.community_users(topic.community).filter(pk=user_id).first()
    if user is None:
        raise ValidationFailed(detail={field: [_("请选择本社区的账号。")]})
    return user


def _community_unit(topic, unit_id, field):
    if unit_id is None:
        return None
    unit = selectors.community_units(topic.community).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationFailed(detail={field: [_("请选择本社区的共建单位。")]})
    return unit


@router.post("/topics/{topic_id}/meetings", response={201: MeetingOut}, summary="安排议事会议")
def meeting_schedule(request, topic_id: Id, payload: MeetingIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    return Status(201, services.meeting_schedule(
        actor=request.auth, topic=topic, title=payload.title, starts_at=payload.starts_at,
        place=payload.place, agenda="\n".join(payload.agenda),
        is_residents_meeting=payload.is_residents_meeting,
        entitled_count=payload.entitled_count))


@router.post("/meetings/{meeting_id}/invitees", response={201: InviteeOut},
             summary="邀请参会方（账号、共建单位或填写名称）")
def meeting_invite(request, meeting_id: Id, payload: InviteeIn):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    _require_screener(request.auth, meeting.topic)
    return Status(201, services.invitee_add(
        actor=request.auth, meeting=meeting, kind=payload.kind,
        user=_community_user(meeting.topic, payload.user_id, "user_id"),
        partner_unit=_community_unit(meeting.topic, payload.partner_unit_id, "partner_unit_id"),
        name=payload.name))


@router.post("/meetings/{meeting_id}/notice", response={201: MeetingOut},
             summary="发出会议通知")
def meeting_notify(request, meeting_id: Id, payload: MeetingNoticeIn):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    return Status(201, services.meeting_notify(actor=request.auth, meeting=meeting,
                                               note=payload.note))


@router.post("/meetings/{meeting_id}/sign-ins", response={201: SignInOut},
             summary="工作人员录入纸质签到表的一行")
def meeting_sign_in_record(request, meeting_id: Id, payload: SignInRecordIn):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    _require_screener(request.auth, meeting.topic)
    invitee = None
    if payload.invitee_id is not None:
        invitee = access.access_invitee(actor=request.auth, meeting=meeting,
                                        id=payload.invitee_id)
    return Status(201, services.sign_in_record(actor=request.auth, meeting=meeting,
                                               invitee=invitee, name=payload.name))


@router.get("/meetings/{meeting_id}/sign-ins", response=list[SignInOut], summary="签到表")
def meeting_sign_ins(request, meeting_id: Id):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    _require_screener(request.auth, meeting.topic)
    return list(selectors.meeting_sign_ins(meeting))


@router.post("/meetings/{meeting_id}/minutes", response={201: MeetingOut},
             summary="记录会议纪要（会议已召开）")
def meeting_minutes(request, meeting_id: Id, payload: MinutesIn):
    meeting = access.access_meeting(actor=request.auth, id=meeting_id)
    return Status(201, services.meeting_record_minutes(actor=request.auth, meeting=meeting,
                                                       minutes=payload.minutes))


@router.post("/topics/{topic_id}/tasks", response={201: TaskOut},
             summary="建立落实任务（责任人或责任单位、时限）")
def task_create(request, topic_id: Id, payload: TaskIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    _require_screener(request.auth, topic)
    return Status(201, services.task_create(
        actor=request.auth, topic=topic, description=payload.description,
        deadline=payload.deadline,
        owner_user=_community_user(topic, payload.owner_user_id, "owner_user_id"),
        owner_unit=_community_unit(topic, payload.owner_unit_id, "owner_unit_id")))


@router.post("/topics/{topic_id}/project", response={201: TopicOut},
             summary="转为共建项目（牵头共建单位）")
def topic_project(request, topic_id: Id, payload: TopicProjectIn):
    topic = access.access_topic(actor=request.auth, id=topic_id)
    _require_screener(request.auth, topic)
    unit = _community_unit(topic, payload.lead_unit_id, "lead_unit_id")
    services.topic_project_create(actor=request.auth, topic=topic, lead_unit=unit,
                                  plan=payload.plan, category=payload.category)
    return Status(201, access.access_topic(actor=request.auth, id=topic.pk))
