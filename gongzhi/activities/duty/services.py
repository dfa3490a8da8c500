"""Writes of duty: cover and swap requests, patrol findings and shift reminders. Each locks
its rows (the shift first, then the sign-up, then the request), asks the action's rule,
validates, saves and audits; those concerned are told through the notifications app."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.duty import rules
from gongzhi.activities.duty.choices import SwapKind, SwapStatus
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.duty.selectors import cover_candidates
from gongzhi.activities.duty.states import SignUpStarted
from gongzhi.activities.rota.choices import ShiftSignUpStatus
from gongzhi.activities.rota.models import Shift, ShiftSignUp
from gongzhi.activities.rota.selectors import shift_conflict
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer
from gongzhi.audit.writes import model_create, model_update
from gongzhi.casework import services as case_services
from gongzhi.casework.choices import Channel
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, NotFound, ValidationFailed
from gongzhi.notifications.services import notification_send

NOTE_MAX = 200


class ShiftStarted(Conflict):
    code = "shift_started"
    default_message = _("该班次已开始或已结束。")


class ShiftNotStarted(Conflict):
    code = "shift_not_started"
    default_message = _("巡查开始后才能记录发现的问题。")


class AlreadyOnShift(Conflict):
    code = "already_on_shift"
    default_message = _("该志愿者已认领此班次。")


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _starts(shift: Shift) -> datetime.datetime:
    """When the shift begins: its start, or the beginning of its day for a task of the day."""
    if shift.starts_at is not None:
        return shift.starts_at
    return timezone.make_aware(datetime.datetime.combine(shift.date, datetime.time.min))


def shift_is_ahead(shift: Shift, now=None) -> bool:
    """Has the shift not begun yet: it may still change hands (the pages ask this next to the
    buttons; the services refuse once it has begun)."""
    return _starts(shift) > (now or timezone.now())


def _require_not_started(shift: Shift, now) -> None:
    if not shift_is_ahead(shift, now):
        raise ShiftStarted()


def _login_of(volunteer: Volunteer):
    """The login that serves as `volunteer`, if any (their own, or their registry record's)."""
    if volunteer.user_id:
        return volunteer.user
    if volunteer.person_id and volunteer.person.user_id:
        return volunteer.person.user
    return None


def _tell(*, actor, volunteers, title, body="", params=None, target=None, kind="shift_duty"):
    recipients = [user for user in (_login_of(v) for v in volunteers) if user is not None]
    if recipients:
        notification_send(actor=actor, recipients=recipients, kind=kind, title=title,
                          body=body, params=params, target=target,
                          url=reverse("activities:duty_swaps"),
                          community=target.community if target is not None else None)


def _shift_text(shift: Shift) -> str:
    if shift.starts_at is None:
        return f"{shift.post.title} {shift.date:%m-%d}"
    return f"{shift.post.title} {timezone.localtime(shift.starts_at):%m-%d %H:%M}"


def _lock_signups(*signup_ids) -> dict[int, ShiftSignUp]:
    """Lock the sign-ups' shifts, then the sign-ups, each in primary-key order (the order
    every write of duty takes, so that two writes wait instead of deadlocking)."""
    shift_ids = sorted(set(ShiftSignUp.objects.filter(pk__in=signup_ids)
                           .values_list("shift_id", flat=True)))
    list(Shift.objects.select_for_update().filter(pk__in=shift_ids).order_by("pk"))
    locked = {signup.pk: signup for signup in ShiftSignUp.objects.select_for_update()
              .filter(pk__in=signup_ids).order_by("pk")}
    if len(locked) != len(set(signup_ids)):
        raise NotFound()
    return locked


def _lock_request(request: SwapRequest) -> SwapRequest:
    ids = [request.signup_id] + ([request.target_id] if request.target_id else [])
    _lock_signups(*ids)
    return SwapRequest.objects.select_for_update().get(pk=request.pk)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise _invalid("note", _("说明不超过 200 字。"))
    return note


# ---- asking ------------------------------------------------------------------------------

@transaction.atomic
def cover_request_create(*, actor, signup: ShiftSignUp, note: str = "",
                         now=None) -> SwapRequest:
    """The holder of a shift asks for someone to cover it; the volunteers who may take it are
    told."""
    now = now or timezone.now()
    signup = _lock_signups(signup.pk)[signup.pk]
    require(actor, rules.ASK_COVER, signup)
    _require_not_started(signup.shift, now)
    request = model_create(actor=actor, instance=SwapRequest(
        community_id=signup.community_id, signup=signup, kind=SwapKind.COVER,
        note=_clean_note(note), requested_by=actor))
    _tell(actor=actor, volunteers=cover_candidates(request), target=request,
          title=_("有班次需要替班：%(shift)s"),
          params={"shift": _shift_text(signup.shift), "note": request.note},
          body=(_("说明：%(note)s。如您方便，请在“换班与替班”页面接替。") if request.note
                else _("如您方便，请在“换班与替班”页面接替。")))
    return request


@transaction.atomic
def swap_request_create(*, actor, signup: ShiftSignUp, target: ShiftSignUp, note: str = "",
                        now=None) -> SwapRequest:
    """The holder of a shift proposes to trade it for `target`, another volunteer's sign-up
    on the same post; that volunteer is asked to accept or decline."""
    now = now or timezone.now()
    locked = _lock_signups(signup.pk, target.pk)
    signup, target = locked[signup.pk], locked[target.pk]
    require(actor, rules.ASK_SWAP, signup)
    _require_not_started(signup.shift, now)
    if (target.shift.post_id != signup.shift.post_id or target.volunteer_id == signup.volunteer_id
            or target.shift_id == signup.shift_id):
        raise _invalid("target", _("只能与同一岗位其他志愿者的班次交换。"))
    if not rules.signup_changes(actor, target) or rules.open_request_id_of(target) is not None:
        raise _invalid("target", _("对方的班次已签到、已确认或已有待处理的申请。"))
    try:
        _require_not_started(target.shift, now)
    except ShiftStarted:
        raise _invalid("target", _("对方的班次已开始。")) from None
    request = model_create(actor=actor, instance=SwapRequest(
        community_id=signup.community_id, signup=signup, kind=SwapKind.SWAP, target=target,
        note=_clean_note(note), requested_by=actor))
    _tell(actor=actor, volunteers=[target.volunteer], target=request,
          title=_("换班请求：用 %(mine)s 换您的 %(theirs)s"),
          params={"mine": _shift_text(signup.shift), "theirs": _shift_text(target.shift),
                  "note": request.note},
          body=(_("说明：%(note)s。请在“换班与替班”页面同意或拒绝。") if request.note
                else _("请在“换班与替班”页面同意或拒绝。")))
    return request


# ---- answering ---------------------------------------------------------------------------

def _pass_signup(*, actor, signup: ShiftSignUp, volunteer: Volunteer, leaving=None) -> None:
    """Give `signup` to `volunteer`: refused when they already hold the shift, or when it
    would overlap their shifts or break the rest rule (`leaving`: the sign-up they give up in
    the same step)."""
    if ShiftSignUp.objects.filter(shift_id=signup.shift_id, volunteer=volunteer).exclude(
            pk=signup.pk).exists():
        raise AlreadyOnShift()
    conflict = shift_conflict(volunteer, signup.shift, leaving=leaving)
    if conflict is not None:
        raise conflict
    model_update(actor=actor, instance=signup, data={"volunteer": volunteer, "reminded_at": None},
                 fields=["volunteer", "reminded_at"])


def _close(*, actor, request: SwapRequest, status: str, now, taken_by=None) -> SwapRequest:
    data = {"status": status, "decided_at": now}
    fields = ["status", "decided_at"]
    if taken_by is not None:
        data["taken_by"] = taken_by
        fields.append("taken_by")
    model_update(actor=actor, instance=request, data=data, fields=fields)
    return request


def _cover(*, actor, request: SwapRequest, volunteer: Volunteer, now) -> SwapRequest:
    signup = request.signup
    if not rules.signup_changes(actor, signup):
        raise SignUpStarted()
    _require_not_started(signup.shift, now)
    holder = signup.volunteer
    _pass_signup(actor=actor, signup=signup, volunteer=volunteer)
    _close(actor=actor, request=request, status=SwapStatus.DONE, now=now, taken_by=volunteer)
    _tell(actor=actor, volunteers=[holder], target=request,
          title=_("您的班次已有人接替：%(shift)s"), params={"shift": _shift_text(signup.shift)},
          body=_("该班次已转给接替的志愿者，您无需到岗。"))
    return request


@transaction.atomic
def cover_take(*, actor, request: SwapRequest, now=None) -> SwapRequest:
    """An eligible volunteer takes an open cover request: the sign-up passes to them (the
    shift row is locked first, so of two taking it at once exactly one wins)."""
    now = now or timezone.now()
    request = _lock_request(request)
    require(actor, rules.TAKE_COVER, request)
    volunteer = own_volunteer(actor)
    return _cover(actor=actor, request=request, volunteer=volunteer, now=now)


@transaction.atomic
def cover_assign(*, actor, request: SwapRequest, volunteer: Volunteer, now=None) -> SwapRequest:
    """Staff give an open cover request to a volunteer who may serve on the post."""
    now = now or timezone.now()
    request = _lock_request(request)
    require(actor, rules.ASSIGN_COVER, request)
    volunteer = Volunteer.objects.select_related("person").filter(pk=volunteer.pk).first()
    if (volunteer is None or volunteer.pk == request.signup.volunteer_id
            or not may_serve(volunteer, request.signup.shift.post)):
        raise _invalid("volunteer", _("该志愿者不能在此岗位服务。"))
    _cover(actor=actor, request=request, volunteer=volunteer, now=now)
    _tell(actor=actor, volunteers=[volunteer], target=request,
          title=_("社区为您安排了班次：%(shift)s"),
          params={"shift": _shift_text(request.signup.shift)},
          body=_("您替班接下了这个班次，请按时到岗。"))
    return request


@transaction.atomic
def swap_accept(*, actor, request: SwapRequest, now=None) -> SwapRequest:
    """The other volunteer accepts a swap: the two sign-ups exchange volunteers in one step,
    each checked against the rest rule without the shift its volunteer gives up."""
    now = now or timezone.now()
    request = _lock_request(request)
    require(actor, rules.ACCEPT_SWAP, request)
    mine, theirs = request.signup, request.target
    for signup in (mine, theirs):
        if not rules.signup_changes(actor, signup):
            raise SignUpStarted()
        _require_not_started(signup.shift, now)
    requester, partner = mine.volunteer, theirs.volunteer
    # each takes the other's shift, leaving their own: checked before either row changes
    for volunteer, signup, leaving in ((partner, mine, theirs), (requester, theirs, mine)):
        if ShiftSignUp.objects.filter(shift_id=signup.shift_id, volunteer=volunteer).exists():
            raise AlreadyOnShift()
        conflict = shift_conflict(volunteer, signup.shift, leaving=leaving)
        if conflict is not None:
            raise conflict
    _pass_signup(actor=actor, signup=mine, volunteer=partner, leaving=theirs)
    _pass_signup(actor=actor, signup=theirs, volunteer=requester, leaving=mine)
    # the partner's own open request for the shift they gave up no longer stands
    for other in SwapRequest.objects.select_for_update().filter(
            signup=theirs, status=SwapStatus.OPEN):
        _close(actor=actor, request=other, status=SwapStatus.CANCELLED, now=now)
    _close(actor=actor, request=request, status=SwapStatus.DONE, now=now, taken_by=partner)
    _tell(actor=actor, volunteers=[requester], target=request,
          title=_("换班已同意：您改为 %(shift)s"), params={"shift": _shift_text(theirs.shift)})
    return request


@transaction.atomic
def swap_decline(*, actor, request: SwapRequest, now=None) -> SwapRequest:
    now = now or timezone.now()
    request = _lock_request(request)
    require(actor, rules.DECLINE_SWAP, request)
    _close(actor=actor, request=request, status=SwapStatus.DECLINED, now=now)
    _tell(actor=actor, volunteers=[request.signup.volunteer], target=request,
          title=_("换班未获同意：%(shift)s"), params={"shift": _shift_text(request.signup.shift)},
          body=_("您仍需按原班次到岗，或改为找人替班。"))
    return request


@transaction.atomic
def swap_request_withdraw(*, actor, request: SwapRequest, now=None) -> SwapRequest:
    """The requester withdraws their open request; a swap's other volunteer is told."""
    now = now or timezone.now()
    request = _lock_request(request)
    require(actor, rules.WITHDRAW_SWAP, request)
    _close(actor=actor, request=request, status=SwapStatus.CANCELLED, now=now)
    if request.target_id:
        _tell(actor=actor, volunteers=[request.target.volunteer], target=request,
              title=_("换班请求已撤回：%(shift)s"),
              params={"shift": _shift_text(request.target.shift)})
    return request


# ---- patrol findings ---------------------------------------------------------------------

@transaction.atomic
def finding_create(*, actor, signup: ShiftSignUp, description: str, building=None,
                   now=None) -> Finding:
    """The patrol's volunteer, or staff, record what the patrol found, once it has begun."""
    now = now or timezone.now()
    signup = _lock_signups(signup.pk)[signup.pk]
    require(actor, rules.RECORD_FINDING, signup)
    if _starts(signup.shift) > now:
        raise ShiftNotStarted()
    description = (description or "").strip()
    if len(description) < 4:
        raise _invalid("description", _("请把发现的问题描述清楚（至少 4 个字）。"))
    if building is not None and building.community_id != signup.community_id:
        raise _invalid("building", _("楼栋须在本社区。"))
    return model_create(actor=actor, instance=Finding(
        community_id=signup.community_id, signup=signup, building=building,
        description=description, reported_by=actor))


@transaction.atomic
def finding_convert(*, actor, finding: Finding, category, building=None, now=None) -> Finding:
    """Staff turn a finding into a resident request handled before anyone complains (未诉先办):
    casework registers it from the patrol channel, and the finding keeps the link."""
    now = now or timezone.now()
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    require(actor, rules.CONVERT_FINDING, finding)
    building = building or finding.building
    if building is None:
        raise _invalid("building", _("请选择问题所在的楼栋。"))
    if building.community_id != finding.community_id:
        raise _invalid("building", _("楼栋须在本社区。"))
    shift = finding.signup.shift
    description = str(_("%(text)s（巡查发现：%(shift)s）") % {
        "text": finding.description, "shift": _shift_text(shift)})
    try:
        case = case_services.case_report(actor=actor, category=category, building=building,
                                         description=description, channel=Channel.PATROL,
                                         now=now)
    except NotFound:  # the actor may not report in that building
        raise _invalid("building", _("您不能在该楼栋登记诉求。")) from None
    model_update(actor=actor, instance=finding, data={"case": case}, fields=["case"])
    return finding


# ---- reminders ---------------------------------------------------------------------------

def shift_reminders_send(*, now=None) -> int:
    """Remind each volunteer ACTIVITIES_SHIFT_REMINDER_HOURS before their timed shift starts,
    once: each sign-up is claimed by a conditional update in the transaction of its notice,
    so a second run or a second worker sends nothing. Returns how many were reminded."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.ACTIVITIES_SHIFT_REMINDER_HOURS)
    due = (ShiftSignUp.objects.filter(reminded_at__isnull=True, status=ShiftSignUpStatus.TAKEN,
                                      shift__starts_at__gt=now, shift__starts_at__lte=horizon)
           .select_related("shift__post", "volunteer__person__user", "volunteer__user",
                           "community")
           .order_by("shift__starts_at", "pk"))
    reminded = 0
    for signup in due:
        with transaction.atomic():
            if not ShiftSignUp.objects.filter(pk=signup.pk, reminded_at__isnull=True,
                                              volunteer_id=signup.volunteer_id).update(
                                                  reminded_at=now):
                continue
            shift = signup.shift
            _tell(actor=None, volunteers=[signup.volunteer], target=signup, kind="shift_reminder",
                  title=_("值班提醒：%(shift)s"),
                  params={"shift": _shift_text(shift), "place": shift.post.place or "-"},
                  body=_("您认领的班次即将开始，地点：%(place)s。如不能到岗，请尽快找人替班。"))
        reminded += 1
    return reminded

