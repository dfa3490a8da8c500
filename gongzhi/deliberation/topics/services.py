"""Writes of consultation topics. Every change of a topic's status is one function here, and
each records a TopicStep (actor, time, note, documents) in the same transaction as the change:
nothing moves without a record. The state machine is data (topics/states.py); each function
checks its action's rule (topics/rules.py) with `require` after locking the row."""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.models import User
from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create, model_update
from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import masked_text
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.core.uploads import stored_upload
from gongzhi.deliberation.topics import rules, selectors
from gongzhi.deliberation.topics.choices import (
    VOTE_KINDS,
    InviteeKind,
    MeetingStatus,
    ProposerKind,
    StepAction,
    TaskStatus,
    TopicKind,
    TopicStatus,
)
from gongzhi.deliberation.topics.models import (
    Invitee,
    Meeting,
    SignIn,
    Topic,
    TopicDocument,
    TopicRating,
    TopicStep,
    TopicTask,
)
from gongzhi.deliberation.topics.states import (  # noqa: F401  (re-exported for callers)
    ALLOWED_FROM,
    TransitionRefused,
    step_allowed,
    step_leads_to,
)
from gongzhi.deliberation.uploads import document_validate
from gongzhi.deliberation.votes import services as vote_services
from gongzhi.deliberation.votes.models import Vote
from gongzhi.notifications.services import notification_send
from gongzhi.organisations.models import PartnerContact

S = TopicStatus


def _now(now):
    return now or timezone.now()


def _lock(topic: Topic) -> Topic:
    return Topic.objects.select_for_update(of=("self",)).get(pk=topic.pk)


def _text(value: str, field: str, *, minimum: int = 1) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationFailed(detail={field: [str(_("请填写此项。")) if minimum <= 1 else
                                               str(_("请写清楚（至少 %(n)s 个字）。") % {
                                                   "n": minimum})]})
    return value


# ---- documents -----------------------------------------------------------------------------

def _attach(*, actor, topic: Topic, step: TopicStep, documents) -> None:
    documents = list(documents or [])
    if len(documents) > settings.DELIBERATION_DOCUMENT_MAX_COUNT:
        raise ValidationFailed(detail={"documents": [str(_("最多上传 %(n)s 个文件。") % {
            "n": settings.DELIBERATION_DOCUMENT_MAX_COUNT})]})
    types = [document_validate(upload) for upload in documents]
    for upload, content_type in zip(documents, types, strict=True):
        document = TopicDocument(community_id=topic.community_id, topic=topic, step=step,
                                 name=(getattr(upload, "name", "") or "")[:128] or "file",
                                 content_type=content_type, uploaded_by=actor)
        extension = "pdf" if content_type == "application/pdf" else content_type.split("/")[1]
        # a random name: the file is only ever served by the checked download view
        document.file.save(f"{uuid.uuid4().hex}.{extension}",
                           stored_upload(upload, content_type), save=False)
        model_create(actor=actor, instance=document)


# ---- the state machine ---------------------------------------------------------------------

def _step(*, actor, topic: Topic, action: str, note: str = "", documents=(), now=None,
          to_status: str | None = None, **changes) -> TopicStep:
    """Apply the change of a step the caller's rule allowed (audited) and record the step;
    the status it leads to is the state table's."""
    from_status = topic.status
    to_status = to_status or step_leads_to(action) or from_status
    data = {**changes}
    if to_status != from_status:
        data["status"] = to_status
    if data:
        model_update(actor=actor, instance=topic, data=data, fields=list(data))
    step = model_create(actor=actor, instance=TopicStep(
        community_id=topic.community_id, topic=topic, action=action, actor=actor,
        from_status=from_status, to_status=to_status, note=note, created_at=_now(now)))
    _attach(actor=actor, topic=topic, step=step, documents=documents)
    return step


def _record(*, actor, topic: Topic, action: str, note: str, documents=(), now=None
            ) -> TopicStep:
    """A step that does not change the status (a second meeting's notice, its minutes)."""
    step = model_create(actor=actor, instance=TopicStep(
        community_id=topic.community_id, topic=topic, action=action, actor=actor,
        from_status=topic.status, to_status=topic.status, note=note, created_at=_now(now)))
    _attach(actor=actor, topic=topic, step=step, documents=documents)
    return step


def _notify(*, actor, recipients, topic: Topic, title, body="", params=None,
            kind: str = "topic_update") -> None:
    recipients = [user for user in recipients if user is not None and user != actor]
    if not recipients:
        return
    url = reverse("deliberation:topic_detail", kwargs={"pk": topic.pk})
    params = {"title": topic.title, **(params or {})}
    transaction.on_commit(lambda: notification_send(
        actor=actor, recipients=recipients, kind=kind, title=title, body=body, params=params,
        target=topic, url=url, community=topic.community))


def _screeners(community) -> list:
    return list(User.objects.filter(
        is_active=True, role_assignments__community=community,
        role_assignments__role__in=["community_secretary", "community_staff"]).distinct())


def _proposer_kind(actor, community) -> str:
    if user_can(actor, rules.SCREEN_TOPIC, community) or user_can(
            actor, rules.VIEW_TOPIC, community):
        return ProposerKind.STAFF
    roles = {assignment.role for assignment in actor.roles()
             if assignment.community_id == community.pk}
    if "partner_contact" in roles:
        return ProposerKind.PARTNER
    if "party_member" in roles:
        return ProposerKind.PARTY_MEMBER
    return ProposerKind.RESIDENT


def _check_kind(*, kind: str, item_number, building, unit, community) -> int | None:
    if kind not in TopicKind.values:
        raise ValidationFailed(detail={"kind": [str(_("请选择议题类别。"))]})
    if building is not None and building.community_id != community.pk:
        raise ValidationFailed(detail={"building": [str(_("楼栋须属于本社区。"))]})
    if unit is not None and (building is None or unit.building_id != building.pk):
        raise ValidationFailed(detail={"unit": [str(_("单元须属于所选楼栋。"))]})
    if kind in VOTE_KINDS and building is None:
        raise ValidationFailed(detail={"building": [str(_("业主共同决定事项须写明涉及的楼栋。"))]})
    if kind == TopicKind.OWNERS:
        if item_number is None or not 1 <= int(item_number) <= 9:
            raise ValidationFailed(detail={"item_number": [
                str(_("请写明属于民法典第278条第几项（1–9）。"))]})
        return int(item_number)
    if kind == TopicKind.ELEVATOR:
        return 8  # 改建、重建建筑物及其附属设施 (民法典 art. 278 item 8)
    return None


@transaction.atomic
def topic_propose(*, actor, community, title: str, description: str,
                  kind: str = TopicKind.ORDINARY, item_number=None, building=None, unit=None,
                  documents=(), now=None) -> Topic:
    """Anyone attached to the community raises a topic; the committee screens it."""
    require(actor, rules.PROPOSE, community)  # a community out of reach: not found
    item_number = _check_kind(kind=kind, item_number=item_number, building=building, unit=unit,
                              community=community)
    topic = model_create(actor=actor, instance=Topic(
        community=community, title=_text(title, "title", minimum=3)[:128],
        description=_text(description, "description", minimum=4), kind=kind,
        item_number=item_number, building=building, unit=unit, proposer=actor,
        proposer_kind=_proposer_kind(actor, community), status=S.PROPOSED))
    step = model_create(actor=actor, instance=TopicStep(
        community_id=community.pk, topic=topic, action=StepAction.PROPOSE, actor=actor,
        from_status="", to_status=S.PROPOSED, note=topic.get_proposer_kind_display(),
        created_at=_now(now)))
    _attach(actor=actor, topic=topic, step=step, documents=documents)
    _notify(actor=actor, recipients=_screeners(community), topic=topic,
            title=_("新议题待审议：%(title)s"))
    return topic


@transaction.atomic
def topic_create_from_case(*, actor, case, kind: str = TopicKind.ORDINARY,
                           item_number=None) -> Topic:
    """A resident request that concerns many people becomes a topic for consultation; the
    two stay linked (topic.source_case, case.topics)."""
    case = access_case(actor=actor, id=case.pk)
    # the request's row, locked: two presses of the button make one topic
    case = type(case).objects.select_for_update(of=("self",)).select_related(
        "category", "community", "building", "unit").get(pk=case.pk)
    require(actor, rules.CREATE_FROM_CASE, case)  # staff of its community, not a private matter
    if Topic.objects.filter(source_case=case).exists():
        raise Conflict(_("该诉求已转为协商议题。"), code="already_converted")
    item_number = _check_kind(kind=kind, item_number=item_number, building=case.building,
                              unit=case.unit, community=case.community)
    title = f"{case.category.name}：{case.building.name}"
    topic = model_create(actor=actor, instance=Topic(
        community_id=case.community_id, title=title[:128],
        description=masked_text(case),
        kind=kind, item_number=item_number, building=case.building, unit=case.unit,
        proposer=actor, proposer_kind=ProposerKind.STAFF, source_case=case, status=S.PROPOSED))
    model_create(actor=actor, instance=TopicStep(
        community_id=case.community_id, topic=topic, action=StepAction.PROPOSE, actor=actor,
        from_status="", to_status=S.PROPOSED,
        note=str(_("由诉求 #%(number)s 转入") % {"number": case.pk})))
    return topic


# ---- screening -----------------------------------------------------------------------------

@transaction.atomic
def topic_accept(*, actor, topic: Topic, note: str = "", documents=(), now=None) -> Topic:
    topic = _lock(topic)
    require(actor, rules.ACCEPT, topic)
    _step(actor=actor, topic=topic, action=StepAction.ACCEPT, note=(note or "").strip(),
          documents=documents, now=now)
    _notify(actor=actor, recipients=[topic.proposer], topic=topic,
            title=_("您提出的议题已受理：%(title)s"))
    return topic


@transaction.atomic
def topic_decline(*, actor, topic: Topic, reason: str, documents=(), now=None) -> Topic:
    """Decline with a reason; the proposer sees the reason on the topic page."""
    topic = _lock(topic)
    require(actor, rules.DECLINE, topic)
    reason = _text(reason, "reason")
    _step(actor=actor, topic=topic, action=StepAction.DECLINE, note=reason,
          documents=documents, now=now, decline_reason=reason)
    _notify(actor=actor, recipients=[topic.proposer], topic=topic,
            title=_("您提出的议题未予受理：%(title)s"), body=_("理由：%(reason)s"),
            params={"reason": reason})
    return topic


@transaction.atomic
def topic_notify(*, actor, topic: Topic, note: str, documents=(), now=None) -> Topic:
    """Parties and materials notified in advance (without a meeting: online deliberation)."""
    topic = _lock(topic)
    require(actor, rules.NOTIFY, topic)
    note = _text(note, "note")
    _step(actor=actor, topic=topic, action=StepAction.NOTIFY, note=note, documents=documents,
          now=now)
    _notify(actor=actor, recipients=selectors.participants(topic), topic=topic,
            title=_("议题协商通知：%(title)s"), body=note)
    return topic


@transaction.atomic
def topic_deliberate(*, actor, topic: Topic, note: str = "", documents=(), now=None) -> Topic:
    topic = _lock(topic)
    require(actor, rules.DELIBERATE, topic)
    _step(actor=actor, topic=topic, action=StepAction.DELIBERATE, note=(note or "").strip(),
          documents=documents, now=now)
    return topic


@transaction.atomic
def topic_vote_create(*, actor, topic: Topic, closes_on, title: str = "", description: str = "",
                      now=None):
    """Owners' matters and elevators are decided by an owners' vote (民法典 art. 278): the
    vote is created as a draft from the topic, in the topic's building (or unit)."""
    topic = _lock(topic)
    require(actor, rules.START_VOTE, topic)  # an owners' matter, no vote yet, deliberating
    # the item decides the vote's kind and threshold (votes.services.derive_kind); an
    # elevator is item 7 under the elevator rule set
    elevator = topic.kind == TopicKind.ELEVATOR
    vote = vote_services.vote_create(
        actor=actor, building=topic.building, unit=topic.unit,
        title=(title or topic.title).strip()[:128], kind="elevator" if elevator else None,
        item_number=None if elevator else topic.item_number,
        closes_on=closes_on, description=description or topic.description)
    _step(actor=actor, topic=topic, action=StepAction.VOTE, now=now, vote=vote,
          note=str(_("业主表决：%(title)s") % {"title": vote.title}))
    return vote


@transaction.atomic
def topic_vote_link(*, actor, topic: Topic, vote, now=None) -> Topic:
    """Link a vote that already exists (e.g. opened before the topic was raised) to the
    topic; it must be a vote in the topic's building."""
    topic = _lock(topic)
    require(actor, rules.START_VOTE, topic)
    vote = Vote.objects.get(pk=vote.pk)
    if vote.community_id != topic.community_id or vote.building_id != topic.building_id:
        raise ValidationFailed(detail={"vote": [str(_("表决须在议题涉及的楼栋进行。"))]})
    _step(actor=actor, topic=topic, action=StepAction.VOTE, now=now, vote=vote,
          note=str(_("业主表决：%(title)s") % {"title": vote.title}))
    return topic


def _vote_counts(result: dict) -> tuple[int, int, int]:
    choices = [flat.get("choice", "") for flat in result.get("flats", [])]
    return choices.count("yes"), choices.count("no"), choices.count("abstain")


def meeting_is_valid(meeting: Meeting, present: int) -> bool:
    """居民会议: valid with more than half of those entitled present (a setting)."""
    rule = settings.DELIBERATION_RESIDENTS_MEETING
    if not meeting.entitled_count:
        return False
    share = Fraction(present, meeting.entitled_count)
    quorum = Fraction(rule["quorum"])
    return share > quorum if rule["quorum_is_strict"] else share >= quorum


def decision_is_adopted(votes_for: int, present: int) -> bool:
    """A decision needs more than half of those present (a setting)."""
    rule = settings.DELIBERATION_RESIDENTS_MEETING
    if present <= 0:
        return False
    share = Fraction(votes_for, present)
    majority = Fraction(rule["majority"])
    return share > majority if rule["majority_is_strict"] else share >= majority


@transaction.atomic
def topic_record_outcome(*, actor, topic: Topic, outcome: str, votes_for=None,
                         votes_against=None, votes_abstain=None, dissent: str = "",
                         meeting: Meeting | None = None, documents=(), now=None) -> Topic:
    """Record the outcome with its dissent: counts for, against and abstaining, and the
    dissenting opinions in words. An owners' matter takes its counts from the published vote."""
    topic = _lock(topic)
    require(actor, rules.RECORD_OUTCOME, topic)
    outcome, dissent = _text(outcome, "outcome"), (dissent or "").strip()
    if meeting is not None:
        meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting is not None and (meeting.topic_id != topic.pk
                                or meeting.status != MeetingStatus.HELD):
        raise ValidationFailed(detail={"meeting": [str(_("请选择本议题已召开的会议。"))]})
    if topic.kind in VOTE_KINDS:
        vote = topic.vote
        if vote is None or vote.status != "published":
            raise DomainError(_("业主共同决定事项须以公示后的业主表决结果为准。"),
                              code="vote_not_published")
        votes_for, votes_against, votes_abstain = _vote_counts(vote.result)
        is_adopted = bool(vote.result.get("passed"))
    else:
        counts = []
        for name, value in (("votes_for", votes_for), ("votes_against", votes_against),
                            ("votes_abstain", votes_abstain)):
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = -1
            if number < 0:
                raise ValidationFailed(detail={name: [str(_("请填写人数（0 或以上）。"))]})
            counts.append(number)
        votes_for, votes_against, votes_abstain = counts
        present = votes_for + votes_against + votes_abstain
        if meeting is not None and meeting.is_residents_meeting:
            present = meeting.sign_ins.count()
            if not meeting_is_valid(meeting, present):
                raise DomainError(_("出席人数未超过应到人数的一半，居民会议不能形成决定。"),
                                  code="no_quorum")
            if votes_for + votes_against + votes_abstain > present:
                raise ValidationFailed(detail={"votes_for": [str(_("表决人数多于签到人数。"))]})
        is_adopted = decision_is_adopted(votes_for, present)
    if votes_against and not dissent:
        raise ValidationFailed(detail={"dissent": [str(_("有反对意见时须记录不同意见。"))]})
    _step(actor=actor, topic=topic, action=StepAction.OUTCOME, note=outcome,
          documents=documents, now=now, outcome=outcome, votes_for=votes_for,
          votes_against=votes_against, votes_abstain=votes_abstain, dissent=dissent,
          is_adopted=is_adopted, outcome_meeting=meeting)
    return topic


@transaction.atomic
def topic_publish(*, actor, topic: Topic, note: str = "", documents=(), now=None) -> Topic:
    topic = _lock(topic)
    require(actor, rules.PUBLISH, topic)
    _step(actor=actor, topic=topic, action=StepAction.PUBLISH, note=(note or "").strip(),
          documents=documents, now=now, published_at=_now(now))
    _notify(actor=actor, recipients=selectors.participants(topic), topic=topic,
            title=_("议题协商结果已公开：%(title)s"), body=topic.outcome)
    return topic


# ---- follow-through ------------------------------------------------------------------------

def _carrying_out(*, actor, topic: Topic, now=None) -> None:
    """Follow-through starts with the first task, need or project of a published outcome (the
    caller's rule allowed it: an adopted outcome, published or carrying out)."""
    if step_allowed(StepAction.CARRY_OUT, topic.status):
        _step(actor=actor, topic=topic, action=StepAction.CARRY_OUT, now=now,
              note=str(_("开始组织落实")))


@transaction.atomic
def topic_carry_out(*, actor, topic: Topic, note: str = "", documents=(), now=None) -> Topic:
    topic = _lock(topic)
    require(actor, rules.CARRY_OUT, topic)
    _step(actor=actor, topic=topic, action=StepAction.CARRY_OUT, note=(note or "").strip(),
          documents=documents, now=now)
    return topic


@transaction.atomic
def task_create(*, actor, topic: Topic, description: str, deadline, owner_user=None,
                owner_unit=None, now=None) -> TopicTask:
    topic = _lock(topic)
    require(actor, rules.ADD_TASK, topic)
    if (owner_user is None) == (owner_unit is None):
        raise ValidationFailed(detail={"owner_user": [str(_("请指定一名责任人或一个责任单位。"))]})
    if owner_unit is not None and owner_unit.community_id != topic.community_id:
        raise ValidationFailed(detail={"owner_unit": [str(_("责任单位须是本社区的共建单位。"))]})
    if owner_user is not None and not selectors.community_users(topic.community).filter(
            pk=owner_user.pk).exists():
        raise ValidationFailed(detail={"owner_user": [str(_("责任人须是本社区的账号。"))]})
    if deadline is None:
        raise ValidationFailed(detail={"deadline": [str(_("请填写完成时限。"))]})
    description = _text(description, "description", minimum=2)
    _carrying_out(actor=actor, topic=topic, now=now)
    task = model_create(actor=actor, instance=TopicTask(
        community_id=topic.community_id, topic=topic, description=description[:255],
        owner_user=owner_user, owner_unit=owner_unit, deadline=deadline))
    _record(actor=actor, topic=topic, action=StepAction.PROGRESS, now=now,
            note=str(_("落实任务：%(task)s（%(owner)s，%(deadline)s 前）") % {
                "task": task.description, "owner": task.owner_label,
                "deadline": deadline.isoformat()}))
    recipients = [owner_user] if owner_user else [
        contact.user for contact in owner_unit.contacts.select_related("user")]
    _notify(actor=actor, recipients=recipients, topic=topic, title=_("议题落实任务：%(task)s"),
            params={"task": task.description})
    return task


@transaction.atomic
def task_complete(*, actor, task: TopicTask, note: str, documents=(), now=None) -> TopicTask:
    """The topic's screeners, the task's owner or a contact of the owning unit mark it done."""
    task = TopicTask.objects.select_for_update(of=("self",)).select_related("topic").get(
        pk=task.pk)
    require(actor, rules.COMPLETE_TASK, task)
    note = _text(note, "note")
    model_update(actor=actor, instance=task, fields=["status", "done_note", "done_at", "done_by"],
                 data={"status": TaskStatus.DONE, "done_note": note, "done_at": _now(now),
                       "done_by": actor})
    topic = task.topic
    _record(actor=actor, topic=topic, action=StepAction.PROGRESS, documents=documents, now=now,
            note=str(_("任务完成：%(task)s。%(note)s") % {"task": task.description,
                                                          "note": note}))
    return task


@transaction.atomic
def topic_need_create(*, actor, topic: Topic, category: str = "governance", now=None):
    """The outcome needs resources from outside: it becomes a co-building need."""
    topic = _lock(topic)
    require(actor, rules.CREATE_NEED, topic)
    _carrying_out(actor=actor, topic=topic, now=now)
    need = cobuilding_services.need_create(
        actor=actor, community=topic.community, title=topic.title, category=category,
        description=topic.outcome or topic.description,
        affected=topic.building.name if topic.building_id else "")
    model_update(actor=actor, instance=topic, data={"need": need}, fields=["need"])
    _record(actor=actor, topic=topic, action=StepAction.PROGRESS, now=now,
            note=str(_("转为共建需求：%(need)s") % {"need": need.title}))
    return need


@transaction.atomic
def topic_project_create(*, actor, topic: Topic, lead_unit, plan: str = "",
                         category: str = "governance", now=None):
    """The outcome is carried out as a co-building project led by a partner unit."""
    topic = _lock(topic)
    require(actor, rules.CREATE_PROJECT, topic)
    if lead_unit.community_id != topic.community_id:
        raise ValidationFailed(detail={"lead_unit": [str(_("牵头单位须是本社区的共建单位。"))]})
    if not topic.need_id:
        topic_need_create(actor=actor, topic=topic, category=category, now=now)
        topic = _lock(topic)  # the need's first step may have moved it to carrying out
    need = topic.need
    project = cobuilding_services.project_create_for_needs(
        actor=actor, lead_unit=lead_unit, title=topic.title, needs=[need],
        plan=(plan or topic.outcome).strip())
    model_update(actor=actor, instance=topic, data={"project": project}, fields=["project"])
    _record(actor=actor, topic=topic, action=StepAction.PROGRESS, now=now,
            note=str(_("转为共建项目：%(project)s，牵头单位：%(unit)s") % {
                "project": project.title, "unit": lead_unit.name}))
    return project


@transaction.atomic
def topic_progress(*, actor, topic: Topic, note: str, documents=(), now=None) -> Topic:
    """Progress published back to the participants."""
    topic = _lock(topic)
    require(actor, rules.PROGRESS, topic)
    note = _text(note, "note")
    _step(actor=actor, topic=topic, action=StepAction.PROGRESS, note=note, documents=documents,
          now=now)
    _notify(actor=actor, recipients=selectors.participants(topic), topic=topic,
            title=_("议题落实进展：%(title)s"), body=note)
    return topic


@transaction.atomic
def topic_publish_feedback(*, actor, topic: Topic, feedback: str, documents=(), now=None
                           ) -> Topic:
    """The final result published back to the participants, who may now rate it."""
    topic = _lock(topic)
    require(actor, rules.FEEDBACK, topic)
    feedback = _text(feedback, "feedback")
    if topic.status == S.CARRYING_OUT and topic.tasks.filter(status=TaskStatus.OPEN).exists():
        raise DomainError(_("尚有未完成的落实任务。"), code="open_tasks")
    _step(actor=actor, topic=topic, action=StepAction.FEEDBACK, note=feedback,
          documents=documents, now=now, feedback=feedback)
    _notify(actor=actor, recipients=selectors.participants(topic), topic=topic,
            title=_("议题落实情况已公开，欢迎评价：%(title)s"), body=feedback)
    return topic


@transaction.atomic
def topic_close(*, actor, topic: Topic, note: str = "", now=None) -> Topic:
    topic = _lock(topic)
    require(actor, rules.CLOSE, topic)
    _step(actor=actor, topic=topic, action=StepAction.CLOSE, note=(note or "").strip(), now=now,
          closed_at=_now(now))
    return topic


# ---- escalation to the street --------------------------------------------------------------

@transaction.atomic
def topic_escalate(*, actor, topic: Topic, note: str, documents=(), now=None) -> Topic:
    """A matter the community cannot settle goes to the street for a hearing."""
    topic = _lock(topic)
    require(actor, rules.ESCALATE, topic)
    note = _text(note, "note")
    _step(actor=actor, topic=topic, action=StepAction.ESCALATE, note=note, documents=documents,
          now=now)
    admins = User.objects.filter(is_active=True, role_assignments__role="street_admin",
                                 role_assignments__street_id=topic.community.street_id)
    _notify(actor=actor, recipients=list(admins.distinct()), topic=topic,
            title=_("社区提交街道听证：%(title)s"), body=note)
    return topic


@transaction.atomic
def topic_review(*, actor, topic: Topic, decide: bool, note: str, documents=(), now=None
                 ) -> Topic:
    """The street hears an escalated topic: it decides it (the hearing's conclusion is the
    outcome) or returns it to the community for further deliberation."""
    topic = _lock(topic)
    require(actor, rules.REVIEW, topic)
    note = _text(note, "note")
    if decide:
        _step(actor=actor, topic=topic, action=StepAction.REVIEW, note=note, documents=documents,
              now=now, to_status=S.DECIDED, outcome=note, is_adopted=True)
    else:
        _step(actor=actor, topic=topic, action=StepAction.REVIEW, note=note, documents=documents,
              now=now, to_status=S.DELIBERATING)
    _notify(actor=actor, recipients=_screeners(topic.community), topic=topic,
            title=_("街道已审议议题：%(title)s"), body=note)
    return topic


# ---- meetings ------------------------------------------------------------------------------

def _lock_meeting(meeting: Meeting, *, topic: Topic | None = None) -> Meeting:
    """The meeting's row, locked, with its topic (the one the caller locked, if it did)."""
    locked = Meeting.objects.select_for_update(of=("self",)).select_related(
        "topic__community").get(pk=meeting.pk)
    if topic is not None:
        locked.topic = topic
    return locked


@transaction.atomic
def meeting_schedule(*, actor, topic: Topic, title: str, starts_at, place: str, agenda: str,
                     is_residents_meeting: bool = False, entitled_count=None, now=None
                     ) -> Meeting:
    topic = _lock(topic)
    require(actor, rules.SCHEDULE_MEETING, topic)
    if starts_at is None or starts_at <= _now(now):
        raise ValidationFailed(detail={"starts_at": [str(_("会议时间须在将来。"))]})
    if is_residents_meeting and not entitled_count:
        raise ValidationFailed(detail={"entitled_count": [str(_("居民会议须填写应到人数。"))]})
    return model_create(actor=actor, instance=Meeting(
        community_id=topic.community_id, topic=topic, title=_text(title, "title")[:128],
        starts_at=starts_at, place=_text(place, "place")[:128], agenda=_text(agenda, "agenda"),
        is_residents_meeting=is_residents_meeting,
        entitled_count=entitled_count or None, created_by=actor))


@transaction.atomic
def invitee_add(*, actor, meeting: Meeting, kind: str, user=None, partner_unit=None,
                name: str = "") -> Invitee:
    """Invite a person with a login, a partner unit, or a party named in free text."""
    meeting = _lock_meeting(meeting)
    require(actor, rules.INVITE, meeting)
    if kind not in InviteeKind.values:
        raise ValidationFailed(detail={"kind": [str(_("请选择参会方身份。"))]})
    name = (name or "").strip()
    if sum(bool(x) for x in (user, partner_unit)) > 1:
        raise ValidationFailed(detail={"user": [str(_("一行只邀请一个人或一个单位。"))]})
    community = meeting.topic.community
    if partner_unit is not None:
        if partner_unit.community_id != community.pk:
            raise ValidationFailed(detail={"partner_unit": [str(_("请选择本社区的共建单位。"))]})
        name = name or partner_unit.name
    elif user is not None:
        if not selectors.community_users(community).filter(pk=user.pk).exists():
            raise ValidationFailed(detail={"user": [str(_("请选择本社区的账号。"))]})
        name = name or user.display_name or user.username
    name = _text(name, "name")[:64]
    try:
        with transaction.atomic():
            return model_create(actor=actor, instance=Invitee(
                community_id=meeting.community_id, meeting=meeting, kind=kind, user=user,
                partner_unit=partner_unit, name=name))
    except (IntegrityError, ValidationFailed) as error:
        if isinstance(error, ValidationFailed) and "__all__" not in (error.detail or {}):
            raise
        raise Conflict(_("已邀请过。"), code="already_invited") from None


@transaction.atomic
def meeting_notify(*, actor, meeting: Meeting, note: str = "", documents=(), now=None
                   ) -> Meeting:
    """Send the notice in advance to every invitee (and the proposer) through the
    notifications app; the first notice also moves the topic to 'notified'."""
    topic = _lock(meeting.topic)
    meeting = _lock_meeting(meeting, topic=topic)
    require(actor, rules.NOTIFY_MEETING, meeting)
    now = _now(now)
    if meeting.starts_at - now < settings.DELIBERATION_MEETING_NOTICE_AHEAD:
        raise ValidationFailed(detail={"starts_at": [str(_(
            "会议通知须至少提前 %(hours)s 小时发出。") % {"hours": int(
                settings.DELIBERATION_MEETING_NOTICE_AHEAD.total_seconds() // 3600)})]})
    invitees = list(meeting.invitees.all())
    if not invitees:
        raise ValidationFailed(detail={"invitees": [str(_("请先添加参会方。"))]})
    model_update(actor=actor, instance=meeting, fields=["status", "notice_sent_at"],
                 data={"status": MeetingStatus.NOTIFIED, "notice_sent_at": now})
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    text = str(_("%(title)s，%(when)s，%(place)s。议程：%(agenda)s") % {
        "title": meeting.title, "when": when, "place": meeting.place,
        "agenda": "；".join(meeting.agenda_items())})
    note = (note or "").strip()
    step_note = f"{text}{(' ' + note) if note else ''}"
    if step_allowed(StepAction.NOTIFY, topic.status):  # the first notice moves the topic
        _step(actor=actor, topic=topic, action=StepAction.NOTIFY, note=step_note,
              documents=documents, now=now)
    else:
        _record(actor=actor, topic=topic, action=StepAction.NOTIFY, note=step_note,
                documents=documents, now=now)
    recipients = {invitee.user for invitee in invitees if invitee.user_id}
    unit_ids = [invitee.partner_unit_id for invitee in invitees if invitee.partner_unit_id]
    recipients |= {contact.user for contact in PartnerContact.objects.filter(
        unit_id__in=unit_ids).select_related("user")}
    recipients.add(topic.proposer)
    _notify(actor=actor, recipients=sorted(recipients, key=lambda user: user.pk), topic=topic,
            kind="meeting_notice", title=_("议事会议通知：%(meeting)s"), body=text,
            params={"meeting": meeting.title})
    return meeting


def _insert_sign_in(sign_in: SignIn) -> SignIn:
    try:
        with transaction.atomic():
            sign_in.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("已签到。"), code="already_signed_in") from None
    return sign_in


@transaction.atomic
def sign_in_self(*, actor, meeting: Meeting, now=None) -> SignIn:
    """An invitee signs in on their own phone; a second tap changes nothing."""
    meeting = _lock_meeting(meeting)
    require(actor, rules.SIGN_IN, meeting)
    invitee = selectors.invitee_of(actor, meeting)
    sign_in = _insert_sign_in(SignIn(
        community_id=meeting.community_id, meeting=meeting, invitee=invitee, name=invitee.name,
        is_self=True, recorded_by=actor, created_at=_now(now)))
    audit_change(actor=actor, instance=sign_in, action="create", before={},
                 after={"meeting": meeting.pk, "invitee": invitee.pk})
    return sign_in


@transaction.atomic
def sign_in_record(*, actor, meeting: Meeting, invitee: Invitee | None = None, name: str = "",
                   now=None) -> SignIn:
    """Staff enter a line of the paper sheet: an invitee, or someone who came uninvited."""
    topic = _lock(meeting.topic)  # an outcome resting on the meeting closes its sheet
    meeting = _lock_meeting(meeting, topic=topic)
    require(actor, rules.RECORD_SIGN_IN, meeting)
    if invitee is not None and invitee.meeting_id != meeting.pk:
        raise NotFound()
    name = invitee.name if invitee is not None else _text(name, "name")[:64]
    sign_in = _insert_sign_in(SignIn(
        community_id=meeting.community_id, meeting=meeting, invitee=invitee, name=name,
        is_self=False, recorded_by=actor, created_at=_now(now)))
    audit_change(actor=actor, instance=sign_in, action="create", before={},
                 after={"meeting": meeting.pk, "name": name})
    return sign_in


@transaction.atomic
def meeting_record_minutes(*, actor, meeting: Meeting, minutes: str, documents=(), now=None
                           ) -> Meeting:
    """The meeting was held: its minutes are recorded, and the topic is under deliberation."""
    topic = _lock(meeting.topic)
    meeting = _lock_meeting(meeting, topic=topic)
    require(actor, rules.RECORD_MINUTES, meeting)
    minutes = _text(minutes, "minutes", minimum=4)
    now = _now(now)
    model_update(actor=actor, instance=meeting, fields=["status", "minutes", "held_at"],
                 data={"status": MeetingStatus.HELD, "minutes": minutes, "held_at": now})
    note = str(_("%(meeting)s：出席 %(present)s 人。纪要：%(minutes)s") % {
        "meeting": meeting.title, "present": meeting.sign_ins.count(), "minutes": minutes})
    if step_allowed(StepAction.DELIBERATE, topic.status):  # the first meeting held
        _step(actor=actor, topic=topic, action=StepAction.DELIBERATE, note=note,
              documents=documents, now=now)
    else:
        _record(actor=actor, topic=topic, action=StepAction.MEETING, note=note,
                documents=documents, now=now)
    return meeting


# ---- rating --------------------------------------------------------------------------------

@transaction.atomic
def topic_rate(*, actor, topic: Topic, score, comment: str = "") -> TopicRating:
    """A resident rates the delivered result once; a second rating, even at the same moment,
    is refused by the unique constraint."""
    topic = _lock(topic)
    require(actor, rules.RATE, topic)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationFailed(detail={"score": [str(_("请打 1 到 5 分。"))]})
    rating = TopicRating(community_id=topic.community_id, topic=topic, rater=actor, score=score,
                         comment=(comment or "").strip()[:500])
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("您已评价过。"), code="already_rated") from None
    audit_change(actor=actor, instance=rating, action="create", before={},
                 after={"topic": topic.pk, "score": score})
    return rating
