"""Writes of casework. Every change of a request's status is one function here, and each one
records a CaseStep (actor, time, note) in the same transaction as the change, so that nothing
moves without a record; each first re-reads the request under its row lock (`_lock`), so that it
is checked against the latest status."""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import User
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.audit.writes import model_create, state_change_record
from gongzhi.casework import rules
from gongzhi.casework.calendar import add_working_days
from gongzhi.casework.choices import OPEN_STATUSES, Channel, Status, StepAction
from gongzhi.casework.models import Case, CasePhoto, CaseStep
from gongzhi.casework.states import TransitionRefused
from gongzhi.core.actions import refuse, require
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.core.uploads import stored_upload, upload_content_type
from gongzhi.notifications.services import notification_send


def _now(now):
    return now or timezone.now()


def _lock(*cases: Case) -> None:
    """Re-read each request's row into the caller's instance under a lock held until the
    transaction ends (in primary-key order, so that two writers never wait on each other).
    Every change of a request calls this before any check, so that the permission and the
    state machine judge the latest row, not the copy a page fetched earlier: of six
    simultaneous accepts one goes through, five are refused."""
    for case in sorted(cases, key=lambda case: case.pk):
        case.refresh_from_db(from_queryset=Case.objects.select_for_update())


def _note_required(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(detail={field: [str(_("请填写理由或说明。"))]})
    return note


def _move(*, actor, case: Case, action: str, to_status: str, note: str = "", now=None,
          step_handler=None, step_unit=None, **changes) -> CaseStep:
    """Apply the change (audited) and record the step; the caller has required the action's
    rule (core.actions.require), which checked the state machine on the locked row."""
    from_status = case.status
    if step_unit is None and case.partner_unit_id and rules.can_partner_handle(actor, case):
        step_unit = case.partner_unit  # a partner contact's step: shown in the unit's view
    return state_change_record(
        actor=actor, instance=case, changes={"status": to_status, **changes},
        step=CaseStep(community_id=case.community_id, case=case, action=action, actor=actor,
                      from_status=from_status, to_status=to_status, note=note,
                      handler=step_handler, partner_unit=step_unit, created_at=_now(now)))


def photo_validate(upload) -> str:
    """The photo's content type, or ValidationFailed: an image of an allowed type and size."""
    return upload_content_type(upload, field="photos",
                               max_bytes=settings.CASEWORK_PHOTO_MAX_BYTES,
                               too_large=_("照片不能大于 %(mb)s MB。"),
                               wrong_type=_("只能上传 JPEG、PNG 或 WebP 格式的照片。"))


def _attach_photos(*, actor, case: Case, step: CaseStep, photos) -> None:
    photos = list(photos or [])
    if len(photos) > settings.CASEWORK_PHOTO_MAX_COUNT:
        raise ValidationFailed(detail={"photos": [str(_("最多上传 %(n)s 张照片。") % {
            "n": settings.CASEWORK_PHOTO_MAX_COUNT})]})
    types = [photo_validate(upload) for upload in photos]
    for upload, content_type in zip(photos, types, strict=True):
        photo = CasePhoto(community_id=case.community_id, case=case, step=step,
                          content_type=content_type, uploaded_by=actor)
        # a random name: the file is only ever served by the checked download view
        photo.file.save(f"{uuid.uuid4().hex}.{content_type.split('/')[1]}",
                        stored_upload(upload, content_type), save=False)
        model_create(actor=actor, instance=photo)


def _notify(*, actor, recipients, kind: str, title, case: Case, params=None,
            url_name: str = "casework:case_detail") -> None:
    recipients = [user for user in recipients if user is not None]
    if not recipients:
        return
    url = reverse(url_name, kwargs={"pk": case.pk})
    params = {"number": case.pk, "category": case.category.name, **(params or {})}
    transaction.on_commit(lambda: notification_send(
        actor=actor, recipients=recipients, kind=kind, title=title, params=params, target=case,
        url=url, community=case.community))


# ---- intake --------------------------------------------------------------------------------

@transaction.atomic
def case_report(*, actor, category, building, description: str, unit=None, photos=(),
                channel: str | None = None, reporter=None, external_ref: str = "",
                now=None) -> Case:
    """Register a request. Residents report their own (online); staff enter phone calls,
    walk-ins and 12345 orders on a resident's behalf; grid workers log patrol findings."""
    now = _now(now)
    if not user_can(actor, rules.REPORT_CASE, building):
        raise NotFound()
    is_dispatcher = user_can(actor, rules.DISPATCH_CASE, building)
    is_handler = user_can(actor, rules.HANDLE_CASE, building)
    if is_dispatcher:
        channel = channel or Channel.PHONE
        if channel == Channel.ONLINE:  # staff enter calls and visits; residents report online
            raise ValidationFailed(detail={"channel": [str(_("请选择电话、来访、巡查或 12345。"))]})
    elif is_handler:
        channel = channel or Channel.PATROL
        if channel != Channel.PATROL:
            raise ValidationFailed(detail={"channel": [str(_("网格员只能登记巡查发现的问题。"))]})
    else:
        channel = Channel.ONLINE
        reporter = getattr(actor, "person", None) if actor.has_own_record() else None
    if channel not in Channel.values:
        raise ValidationFailed(detail={"channel": [str(_("来源不正确。"))]})
    if channel == Channel.HOTLINE and not external_ref.strip():
        raise ValidationFailed(detail={"external_ref": [str(_("12345 派单须填写工单号。"))]})
    if category.community_id != building.community_id:
        raise ValidationFailed(detail={"category": [str(_("类别须属于该楼栋所在社区。"))]})
    if unit is not None and unit.building_id != building.pk:
        raise ValidationFailed(detail={"unit": [str(_("单元须属于该楼栋。"))]})
    if reporter is not None and reporter.community_id != building.community_id:
        raise ValidationFailed(detail={"reporter": [str(_("反映人须是本社区居民。"))]})
    description = (description or "").strip()
    if len(description) < 4:
        raise ValidationFailed(
            detail={"description": [str(_("请把问题描述清楚（至少 4 个字）。"))]})
    reporter_user = actor if channel == Channel.ONLINE and not is_dispatcher else (
        reporter.user if reporter is not None else None)
    case = model_create(actor=actor, instance=Case(
        community_id=building.community_id, category=category, building=building, unit=unit,
        description=description, channel=channel, external_ref=external_ref.strip(),
        reporter=reporter, reporter_user=reporter_user, created_by=actor, status=Status.NEW,
        due_at=category.accept_deadline(now), created_at=now))
    case.accept_due_at = case.due_at
    case.save(update_fields=["accept_due_at"])
    step = model_create(actor=actor, instance=CaseStep(
        community_id=case.community_id, case=case, action=StepAction.REPORT, actor=actor,
        from_status="", to_status=Status.NEW, note=case.get_channel_display(), created_at=now))
    _attach_photos(actor=actor, case=case, step=step, photos=photos)
    return case


# ---- dispatch, accept, return, escalate ----------------------------------------------------

def _unit_contacts(unit_id) -> list:
    """The active logins bound to a partner unit (cobuilding.PartnerContact)."""
    if unit_id is None:
        return []
    return list(User.objects.filter(partner_contact__unit_id=unit_id, is_active=True))


def _notify_handler(*, actor, case: Case, title, params=None, kind="case_update") -> None:
    """Tell whoever handles the request: the person, or the contacts of the partner unit
    (with a link to their narrow view)."""
    if case.partner_unit_id:
        _notify(actor=actor, recipients=_unit_contacts(case.partner_unit_id), kind=kind,
                case=case, title=title, params=params, url_name="casework:partner_case_detail")
    else:
        _notify(actor=actor, recipients=[case.handler], kind=kind, case=case, title=title,
                params=params)


@transaction.atomic
def case_dispatch(*, actor, case: Case, handler=None, unit=None, note: str = "",
                  now=None) -> CaseStep:
    """Dispatch to a handler (staff or grid worker) or to a partner unit, never both."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.DISPATCH), case)
    if (handler is None) == (unit is None):
        raise ValidationFailed(
            detail={"handler": [str(_("请选择承办人或承办共建单位（二选一）。"))]})
    if unit is not None:
        if unit.community_id != case.community_id:
            raise ValidationFailed(detail={"unit": [str(_("承办单位须是本社区的共建单位。"))]})
        if not _unit_contacts(unit.pk):
            raise ValidationFailed(
                detail={"unit": [str(_("该共建单位还没有联络人账号，无法派单。"))]})
    elif reason := rules.handler_unavailable_reason(handler, case):
        raise ValidationFailed(detail={"handler": [str(_("不能派给%(name)s：%(reason)s。") % {
            "name": handler, "reason": reason})]})
    step = _move(actor=actor, case=case, action=StepAction.DISPATCH, to_status=Status.DISPATCHED,
                 note=note.strip(), now=now, step_handler=handler, step_unit=unit,
                 handler=handler, partner_unit=unit)
    _notify_handler(actor=actor, case=case, title=_("新派单：%(category)s（#%(number)s）"))
    return step


@transaction.atomic
def case_accept(*, actor, case: Case, note: str = "", now=None) -> CaseStep:
    """The handler (or a contact of the partner unit it is dispatched to) takes it on."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.ACCEPT), case)
    now = _now(now)
    return _move(actor=actor, case=case, action=StepAction.ACCEPT, to_status=Status.ACCEPTED,
                 note=note.strip(), now=now, step_handler=actor,
                 due_at=case.category.resolve_deadline(now))


@transaction.atomic
def case_return(*, actor, case: Case, note: str, now=None) -> CaseStep:
    """The handler gives the request back, with a reason, for someone else to take."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.RETURN), case)
    note = _note_required(note)
    step = _move(actor=actor, case=case, action=StepAction.RETURN, to_status=Status.RETURNED,
                 note=note, now=now, step_handler=actor, handler=None, partner_unit=None)
    dispatchers = [s.actor for s in case.steps.filter(action=StepAction.DISPATCH)
                   .select_related("actor").order_by("-created_at", "-pk")[:1]]
    _notify(actor=actor, recipients=dispatchers, kind="case_update", case=case,
            title=_("诉求被退回：%(category)s（#%(number)s），请改派"))
    return step


@transaction.atomic
def case_escalate(*, actor, case: Case, note: str, now=None) -> CaseStep:
    """吹哨报到: a problem the community cannot solve alone goes to the street."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.ESCALATE), case)
    note = _note_required(note)
    step = _move(actor=actor, case=case, action=StepAction.ESCALATE, to_status=case.status,
                 note=note, now=now, is_escalated=True)
    street_admins = User.objects.filter(role_assignments__role=Role.STREET_ADMIN,
                                        role_assignments__street_id=case.community.street_id)
    _notify(actor=actor, recipients=list(street_admins.distinct()), kind="case_update",
            case=case, title=_("社区吹哨：%(category)s（#%(number)s）需要街道协调"))
    return step


@transaction.atomic
def case_extend(*, actor, case: Case, days: int, note: str, now=None) -> CaseStep:
    """Extend the handling deadline; only before it has passed, and with a reason."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.EXTEND), case)
    now = _now(now)
    note = _note_required(note)
    if case.due_at is not None and now > case.due_at:
        raise TransitionRefused(_("已超过办理时限，不能再申请延期。"))
    if not 1 <= days <= settings.CASEWORK_MAX_EXTENSION_DAYS:
        raise ValidationFailed(detail={"days": [str(_("延期天数须在 1 到 %(n)s 个工作日之间。") % {
            "n": settings.CASEWORK_MAX_EXTENSION_DAYS})]})
    return _move(actor=actor, case=case, action=StepAction.EXTEND, to_status=case.status,
                 note=f"+{days} · {note}", now=now,
                 due_at=add_working_days(case.due_at or now, days))


# ---- answer and follow-up ------------------------------------------------------------------

@transaction.atomic
def case_answer(*, actor, case: Case, answer: str, photos=(), now=None) -> CaseStep:
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.ANSWER), case)
    answer = _note_required(answer, "answer")
    step = _move(actor=actor, case=case, action=StepAction.ANSWER, to_status=Status.ANSWERED,
                 note=answer, now=now, step_handler=actor, answer=answer, due_at=None)
    _attach_photos(actor=actor, case=case, step=step, photos=photos)
    reporters = [case.reporter_user, *(m.reporter_user for m in case.merged_cases.all())]
    _notify(actor=actor, recipients=reporters, kind="case_update", case=case,
            title=_("您反映的问题已答复：%(category)s（#%(number)s），请评价"))
    return step


@transaction.atomic
def case_follow_up(*, actor, case: Case, is_solved: bool, is_satisfied: bool, note: str = "",
                   now=None) -> CaseStep:
    """回访: the reporter (or staff by phone) says whether it is solved and whether they are
    satisfied. Satisfied closes the request; dissatisfied reopens it (重办)."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.FOLLOW_UP), case)
    now = _now(now)
    by_phone = actor.pk != case.reporter_user_id
    note = (note or "").strip()
    if by_phone:
        note = f"{_('电话回访')} · {note}" if note else str(_("电话回访"))
    if is_satisfied:
        return _move(actor=actor, case=case, action=StepAction.FOLLOW_UP, to_status=Status.CLOSED,
                     note=note, now=now, is_solved=is_solved, is_satisfied=True, closed_at=now)
    step = _move(actor=actor, case=case, action=StepAction.FOLLOW_UP, to_status=Status.REOPENED,
                 note=note, now=now, is_solved=is_solved, is_satisfied=False,
                 reopen_count=case.reopen_count + 1,
                 due_at=case.category.resolve_deadline(now))
    _notify_handler(actor=actor, case=case,
                    title=_("诉求重办：%(category)s（#%(number)s）回访不满意"))
    return step


# ---- unreasonable requests and duplicates --------------------------------------------------

@transaction.atomic
def case_mark_unreasonable(*, actor, case: Case, note: str, now=None) -> CaseStep:
    """Staff say a request cannot reasonably be met; the street decides, it never counts
    silently."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.MARK_UNREASONABLE), case)
    note = _note_required(note)
    return _move(actor=actor, case=case, action=StepAction.MARK_UNREASONABLE,
                 to_status=Status.REVIEW, note=note, now=now, unreasonable_reason=note)


@transaction.atomic
def case_review(*, actor, case: Case, is_upheld: bool, note: str, now=None) -> CaseStep:
    """The street upholds (closed, left out of the rates) or rejects (back to the handler)."""
    _lock(case)
    require(actor, rules.case_action_rule(StepAction.REVIEW), case)
    now = _now(now)
    note = _note_required(note)
    if is_upheld:
        return _move(actor=actor, case=case, action=StepAction.REVIEW, to_status=Status.CLOSED,
                     note=note, now=now, is_unreasonable=True, closed_at=now)
    return _move(actor=actor, case=case, action=StepAction.REVIEW, to_status=Status.ACCEPTED,
                 note=note, now=now,
                 due_at=case.category.resolve_deadline(now))


@transaction.atomic
def case_merge(*, actor, case: Case, into: Case, now=None) -> CaseStep:
    """A duplicate joins an open request of the same building and category; its reporter is
    told the answer of the other."""
    _lock(case, into)
    require(actor, rules.case_action_rule(StepAction.MERGE), case)
    if (into.pk == case.pk or into.community_id != case.community_id
            or into.status not in OPEN_STATUSES or into.merged_into_id):
        raise ValidationFailed(detail={"into": [str(_("只能合并到本社区另一件未办结的诉求。"))]})
    return _move(actor=actor, case=case, action=StepAction.MERGE, to_status=Status.MERGED,
                 note=f"#{into.pk}", now=now, merged_into=into, due_at=None)


# ---- reminders -----------------------------------------------------------------------------

def case_deadline_reminders_send(*, now=None) -> int:
    """Remind each handler once per deadline, shortly before it; returns how many were sent."""
    now = _now(now)
    due = (Case.objects.filter(Q(handler__isnull=False) | Q(partner_unit__isnull=False),
                               status__in=[Status.DISPATCHED, Status.ACCEPTED, Status.REOPENED],
                               due_at__gt=now,
                               due_at__lte=now + settings.CASEWORK_REMIND_BEFORE)
           .select_related("handler", "category", "community"))
    sent = 0
    for case in due:
        if case.reminded_due_at == case.due_at:
            continue
        if case.due_at - now > case.warning_window(settings.CASEWORK_REMIND_BEFORE):
            continue  # an hour-based limit: reminded when half of it is left
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).update(reminded_due_at=case.due_at)
            _notify_handler(actor=None, kind="case_deadline", case=case,
                            title=_("诉求即将到期：%(category)s（#%(number)s），时限 %(due)s"),
                            params={"due": timezone.localtime(case.due_at).strftime(
                                "%m-%d %H:%M")})
        sent += 1
    return sent


@transaction.atomic
def case_photos_add(*, actor, case: Case, photos, now=None) -> None:
    """More photos on an open request, by its reporter or the staff who may see it."""
    _lock(case)
    if not (case.reporter_user_id == actor.pk or rules.can_dispatch(actor, case)
            or rules.can_handle(actor, case)):
        refuse(visible=rules.case_is_visible(actor, case))
    if not case.is_open:
        raise TransitionRefused()
    last_step = case.steps.order_by("-created_at", "-pk").first()
    _attach_photos(actor=actor, case=case, step=last_step, photos=photos)


@transaction.atomic
def case_task_note(*, actor, case: Case, action: str, note: str, now=None) -> CaseStep:
    """Record in the request's timeline that a volunteer task was published from it, or that a
    volunteer's work on it was confirmed. Called by the party app after its own checks; the
    status does not move, since the handler still answers the resident."""
    _lock(case)
    if action not in (StepAction.TASK, StepAction.TASK_DONE):
        raise ValueError(action)
    return model_create(actor=actor, instance=CaseStep(
        community_id=case.community_id, case=case, action=action, actor=actor,
        from_status=case.status, to_status=case.status, note=note[:500], created_at=_now(now)))


def case_text_reveal(*, actor, case: Case, field: str, reason: str) -> str:
    """The whole of a request's free text (its description, answer or a step's note), which
    pages show with phone and ID numbers masked; every reveal is audited with its reason.
    The caller has fetched `case` through access_case (the actor may see it)."""
    if field == "description":
        text = case.description
    elif field == "answer":
        text = case.answer
    elif field.startswith("note-") and field[5:].isdigit():
        step = case.steps.filter(pk=int(field[5:])).first()
        if step is None:
            raise ValidationFailed(detail={"field": [str(_("不能查看该字段。"))]})
        text = step.note
    else:
        raise ValidationFailed(detail={"field": [str(_("不能查看该字段。"))]})
    if not reason.strip():
        raise ValidationFailed(detail={"reason": [str(_("请说明查看原因。"))]})
    audit_sensitive_read(actor=actor, instance=case, fields=[field], reason=reason)
    return text
