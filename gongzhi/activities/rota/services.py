"""Writes of posts, shifts and sign-ups. Each locks the row it changes (the parent first),
checks the action's rule, validates, saves and audits.

Lock order, everywhere: post, then shift, then sign-up; a volunteer taking shifts is
serialised on their profile row (so that two shifts taken at once by one person are checked
against each other for overlap and rest)."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.rota import rules
from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus, ShiftSignUpStatus
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.rota.selectors import shift_conflict
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer
from gongzhi.activities.volunteering.services import (
    clean_hours,
    service_hours_record,
    volunteer_of_member,
)
from gongzhi.audit.writes import model_create, model_delete, model_update
from gongzhi.casework import services as case_services
from gongzhi.casework.access import access_case
from gongzhi.casework.choices import StepAction
from gongzhi.casework.selectors import masked_text
from gongzhi.core.actions import require
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.organisations.choices import Category
from gongzhi.organisations.models import Member
from gongzhi.organisations.selectors import own_member

POST_FIELDS = ["title", "kind", "category", "description", "place", "open_to", "unit",
               "activity"]
MAX_SHIFTS = 500  # one rota at a time: two weeks of three shifts a day is 42
MAX_DAYS = 62


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


# ---- laying out shifts -----------------------------------------------------------------------

@dataclass(frozen=True)
class ShiftPlan:
    """One shift to be laid out: its day, and on a timed shift its start and end."""

    date: datetime.date
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    slots: int


def _clean_slots(slots, field="slots") -> int:
    if not isinstance(slots, int) or isinstance(slots, bool) or not 1 <= slots <= 500:
        raise _invalid(field, _("名额应在 1 到 500 之间。"))
    return slots


def one_shift(*, date: datetime.date, start_time: datetime.time | None = None,
              end_time: datetime.time | None = None, slots: int) -> ShiftPlan:
    """A single shift on `date`, from `start_time` to `end_time` (Beijing time; an end at or
    before the start is on the next day, as a night shift's), or untimed without times."""
    _clean_slots(slots)
    if (start_time is None) != (end_time is None):
        raise _invalid("end_time", _("请同时填写开始和结束时间，或都不填。"))
    if start_time is None:
        return ShiftPlan(date, None, None, slots)
    starts_at = datetime.datetime.combine(date, start_time, tzinfo=_tz())
    ends_at = datetime.datetime.combine(date, end_time, tzinfo=_tz())
    if ends_at <= starts_at:
        ends_at += datetime.timedelta(days=1)
    return ShiftPlan(date, starts_at, ends_at, slots)


def clean_rota(rota: dict) -> dict:
    """A rota template as Post.rota keeps it: first day, number of days, shift start times,
    hours per shift, slots per shift."""
    try:
        first_day = (rota["first_day"] if isinstance(rota["first_day"], datetime.date)
                     else datetime.date.fromisoformat(str(rota["first_day"])))
    except (KeyError, ValueError):
        raise _invalid("first_day", _("请填写第一天的日期。")) from None
    days = rota.get("days")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise _invalid("days", _("天数应在 1 到 %(max)s 之间。") % {"max": MAX_DAYS})
    hours = rota.get("hours")
    if not isinstance(hours, int) or not 1 <= hours <= 24:
        raise _invalid("hours", _("每班时长应在 1 到 24 小时之间。"))
    starts = []
    for value in rota.get("starts") or []:
        try:
            start = (value if isinstance(value, datetime.time)
                     else datetime.time.fromisoformat(str(value).strip()))
        except ValueError:
            raise _invalid("starts", _("开始时间的格式应为 08:00。")) from None
        starts.append(start.replace(second=0, microsecond=0))
    if not starts:
        raise _invalid("starts", _("请至少填写一个班次的开始时间。"))
    starts = sorted(set(starts))
    # the shifts of one day must not overlap each other (one after another, round the clock)
    minutes = [s.hour * 60 + s.minute for s in starts]
    gaps = [b - a for a, b in itertools.pairwise(minutes)] + [minutes[0] + 1440 - minutes[-1]]
    if min(gaps) < hours * 60:
        raise _invalid("hours", _("班次之间有重叠：每班时长不能超过相邻两班的间隔。"))
    slots = _clean_slots(rota.get("slots"))
    if days * len(starts) > MAX_SHIFTS:
        raise _invalid("days", _("一次最多排 %(max)s 个班次。") % {"max": MAX_SHIFTS})
    return {"first_day": first_day.isoformat(), "days": days,
            "starts": [s.strftime("%H:%M") for s in starts], "hours": hours, "slots": slots}


def rota_plan(rota: dict, *, from_day: int = 0) -> list[ShiftPlan]:
    """The shifts a (clean) rota template lays out, from its `from_day`th day on: the preview
    shown before creating, and what `post_create` and `rota_extend` create."""
    first_day = datetime.date.fromisoformat(rota["first_day"])
    plans = []
    for offset in range(from_day, rota["days"]):
        day = first_day + datetime.timedelta(days=offset)
        for start in rota["starts"]:
            starts_at = datetime.datetime.combine(day, datetime.time.fromisoformat(start),
                                                  tzinfo=_tz())
            plans.append(ShiftPlan(day, starts_at,
                                   starts_at + datetime.timedelta(hours=rota["hours"]),
                                   rota["slots"]))
    return plans


def _create_shifts(actor, post: Post, plans: list[ShiftPlan]) -> list[Shift]:
    return [model_create(actor=actor, instance=Shift(
        community_id=post.community_id, post=post, date=plan.date, starts_at=plan.starts_at,
        ends_at=plan.ends_at, slots=plan.slots)) for plan in plans]


# ---- posts -----------------------------------------------------------------------------------

def _clean_post(community, data: dict) -> dict:
    clean = dict(data)
    clean["title"] = (clean.get("title") or "").strip()
    if not clean["title"]:
        raise _invalid("title", _("请填写岗位名称。"))
    if clean.get("kind", PostKind.SERVICE) not in PostKind.values:
        raise _invalid("kind", _("岗位类型不在可选范围内。"))
    if clean.get("category", Category.OTHER) not in Category.values:
        raise _invalid("category", _("类别不在可选范围内。"))
    if clean.get("open_to", OpenTo.VOLUNTEERS) not in OpenTo.values:
        raise _invalid("open_to", _("可认领人员不在可选范围内。"))
    unit = clean.get("unit")
    if unit is not None:
        if clean.get("open_to") != OpenTo.PARTNER_STAFF:
            raise _invalid("unit", _("只有面向共建单位人员的岗位可以指定单位。"))
        if unit.community_id != community.pk:
            raise _invalid("unit", _("共建单位须在本社区。"))
    activity = clean.get("activity")
    if activity is not None and activity.community_id != community.pk:
        raise _invalid("activity", _("活动须在本社区。"))
    return clean


@transaction.atomic
def post_create(*, actor, community, title: str, shift: ShiftPlan | None = None,
                rota: dict | None = None, need=None, source_case=None, **fields) -> Post:
    """Publish a post with one shift (`shift`, see `one_shift`) or the shifts of a rota
    template (`rota`, kept on the post), standalone, from a need of the needs list or from a
    resident request."""
    require(actor, rules.CREATE_POST, community)
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    if need is not None and need.community_id != community.pk:
        raise _invalid("need", _("需求须在本社区。"))
    if (shift is None) == (rota is None):
        raise ValueError("a post is published with one shift or a rota template")
    clean = _clean_post(community, {**fields, "title": title})
    rota = clean_rota(rota) if rota is not None else {}
    post = model_create(actor=actor, instance=Post(
        community=community, need=need, source_case=source_case, created_by=actor, rota=rota,
        **clean))
    _create_shifts(actor, post, [shift] if shift is not None else rota_plan(rota))
    return post


@transaction.atomic
def post_create_from_case(*, actor, case, shift: ShiftPlan, title: str = "",
                          category: str = Category.GOVERNANCE, **fields) -> Post:
    """Turn a resident request into a volunteer task (post.source_case)."""
    case = access_case(actor=actor, id=case.pk)  # the actor must be able to see the request
    require(actor, rules.CREATE_POST_FROM_CASE, case)
    # the request's row is locked first: two clicks at once publish one post, not two
    type(case).objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
    if Post.objects.filter(source_case=case).exists():
        raise DomainError(_("该诉求已发布为志愿岗位。"), code="already_converted")
    title = title or f"{case.category.name}：{case.building.name}"
    # every volunteer the post is open to sees it: the reporter's name and phone stay with
    # staff, who put the volunteer who takes it in touch
    fields["description"] = masked_text(case, fields.get("description") or None)
    fields.setdefault("place", case.building.name)
    post = post_create(actor=actor, community=case.community, title=title[:128],
                       category=category, shift=shift, source_case=case, **fields)
    case_services.case_task_note(actor=actor, case=case, action=StepAction.TASK, note=str(
        _("%(title)s（%(date)s，%(slots)s 个名额）") % {
            "title": post.title, "date": shift.date.isoformat(), "slots": shift.slots}))
    return post


def _lock_post(post_id) -> Post:
    post = (Post.objects.select_for_update(of=("self",)).select_related("community", "unit")
            .filter(pk=post_id).first())
    if post is None:
        raise NotFound()
    return post


@transaction.atomic
def post_set_status(*, actor, post: Post, status: str) -> Post:
    """Open, close or complete a post: each change is its own rule (activities.close_post ...)."""
    if status not in PostStatus.values:
        raise _invalid("status", _("状态不在可选范围内。"))
    post = _lock_post(post.pk)
    require(actor, rules.POST_STATUS_RULES[PostStatus(status)], post)
    model_update(actor=actor, instance=post, data={"status": status}, fields=["status"])
    return post


@transaction.atomic
def shift_add(*, actor, post: Post, shift: ShiftPlan) -> Shift:
    """One more shift of the post."""
    post = _lock_post(post.pk)
    require(actor, rules.ADD_SHIFTS, post)
    return _create_shifts(actor, post, [shift])[0]


@transaction.atomic
def rota_extend(*, actor, post: Post, days: int) -> list[Shift]:
    """Lay out `days` more days of the post's rota template, after its last day."""
    post = _lock_post(post.pk)
    require(actor, rules.ADD_SHIFTS, post)
    if not post.rota:
        raise DomainError(_("该岗位没有排班模板。"), code="no_rota")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise _invalid("days", _("天数应在 1 到 %(max)s 之间。") % {"max": MAX_DAYS})
    rota = clean_rota({**post.rota, "days": post.rota["days"] + days})
    created = _create_shifts(actor, post, rota_plan(rota, from_day=post.rota["days"]))
    model_update(actor=actor, instance=post, data={"rota": rota}, fields=["rota"])
    return created


@transaction.atomic
def shift_set_slots(*, actor, shift: Shift, slots: int) -> Shift:
    """Change how many people a shift needs: never below those who took it."""
    _lock_post(shift.post_id)
    shift = Shift.objects.select_for_update(of=("self",)).select_related("post").get(pk=shift.pk)
    require(actor, rules.CHANGE_SLOTS, shift)
    _clean_slots(slots)
    taken = ShiftSignUp.objects.filter(shift=shift).count()
    if slots < taken:
        raise _invalid("slots", _("已有 %(n)s 人认领，名额不能少于 %(n)s。") % {"n": taken})
    model_update(actor=actor, instance=shift, data={"slots": slots}, fields=["slots"])
    return shift


# ---- taking a shift --------------------------------------------------------------------------

def _lock_shift(shift_id) -> Shift:
    """The shift's post, then the shift, locked (the post first: the order every write of
    the rota takes)."""
    shift = Shift.objects.filter(pk=shift_id).only("post_id").first()
    if shift is None:
        raise NotFound()
    _lock_post(shift.post_id)
    return (Shift.objects.select_for_update(of=("self",))
            .select_related("post__community", "post__unit").get(pk=shift_id))


def _sign_up(actor, shift: Shift, volunteer: Volunteer, *, member=None) -> ShiftSignUp:
    """Put `volunteer` on the locked `shift`: the slots, who the post is open to, one sign-up
    per volunteer and shift, and the volunteer's other shifts (overlap, rest)."""
    # serialise one volunteer's sign-ups: two shifts taken at the same moment are checked
    # against each other
    volunteer = Volunteer.objects.select_for_update(of=("self",)).select_related("person").get(
        pk=volunteer.pk)
    if not may_serve(volunteer, shift.post, member=member):
        raise PermissionDenied(_("该岗位不面向这位志愿者。"))
    if ShiftSignUp.objects.filter(shift=shift, volunteer=volunteer).exists():
        raise DomainError(_("已认领这个班次。"), code="already_taken")
    if ShiftSignUp.objects.filter(shift=shift).count() >= shift.slots:
        raise DomainError(_("名额已满。"), code="shift_full")
    conflict = shift_conflict(volunteer, shift)
    if conflict is not None:
        raise conflict
    return model_create(actor=actor, instance=ShiftSignUp(
        community_id=shift.community_id, shift=shift, volunteer=volunteer))


@transaction.atomic
def shift_take(*, actor, shift: Shift) -> ShiftSignUp:
    """The actor takes one slot of a shift as themself: their volunteer profile, or for a
    party member on the community's roll taking a members-only post's shift, the profile made
    for them now (双报到: registering with the community was their joining)."""
    shift = _lock_shift(shift.pk)
    try:
        require(actor, rules.TAKE, shift)
    except PermissionDenied:  # say which half is missing
        if not user_can(actor, rules.TAKE_SHIFT, shift.post):
            raise PermissionDenied(_("只有志愿者本人可以认领班次。")) from None
        if shift.post.open_to == OpenTo.MEMBERS:
            raise PermissionDenied(_("该岗位仅限本社区登记的党员认领。")) from None
        raise PermissionDenied(_("该岗位不面向您，或您的志愿者登记尚未确认。")) from None
    volunteer = own_volunteer(actor)
    member = None
    if shift.post.open_to == OpenTo.MEMBERS:
        member = own_member(actor)
        if volunteer is None:
            # the member's roll entry is locked while their profile is made, so that two
            # shifts taken at once make it once (there is no profile row to lock yet)
            Member.objects.select_for_update(of=("self",)).filter(pk=member.pk).first()
            volunteer = volunteer_of_member(actor=actor, person=member.person)
    return _sign_up(actor, shift, volunteer, member=member)


@transaction.atomic
def shift_assign(*, actor, shift: Shift, volunteer: Volunteer) -> ShiftSignUp:
    """Staff put a volunteer on a shift (one without a phone, or by arrangement): the same
    checks as taking it."""
    shift = _lock_shift(shift.pk)
    require(actor, rules.ASSIGN, shift)
    if volunteer.community_id != shift.community_id:
        raise NotFound()
    return _sign_up(actor, shift, volunteer)


def _lock_signup(signup_id) -> ShiftSignUp:
    """The sign-up's post and shift, then the sign-up, locked; NotFound once withdrawn."""
    found = ShiftSignUp.objects.filter(pk=signup_id).select_related("shift").only(
        "shift_id", "shift__post_id").first()
    if found is None:
        raise NotFound()
    _lock_post(found.shift.post_id)
    Shift.objects.select_for_update(of=("self",)).filter(pk=found.shift_id).first()
    signup = (ShiftSignUp.objects.select_for_update(of=("self",))
              .select_related("shift__post__community", "shift__post__source_case",
                              "volunteer__person").filter(pk=signup_id).first())
    if signup is None:
        raise NotFound()
    return signup


@transaction.atomic
def signup_withdraw(*, actor, signup: ShiftSignUp) -> None:
    """The volunteer withdraws their own sign-up before it is confirmed; the slot is free
    again. The audit trail keeps the withdrawn sign-up."""
    signup = _lock_signup(signup.pk)
    require(actor, rules.WITHDRAW, signup)
    model_delete(actor=actor, instance=signup)


@transaction.atomic
def signup_check_in(*, actor, signup: ShiftSignUp, now=None) -> ShiftSignUp:
    """The volunteer (or the organiser for them) says they are on duty now."""
    now = now or timezone.now()
    signup = _lock_signup(signup.pk)
    require(actor, rules.CHECK_IN, signup)
    shift = signup.shift
    if shift.is_timed and not (shift.starts_at - datetime.timedelta(hours=1) <= now
                               < shift.ends_at):
        raise DomainError(_("只能在班次开始前一小时到结束前签到。"), code="check_in_time")
    if not shift.is_timed and timezone.localdate(now) != shift.date:
        raise DomainError(_("只能在服务当天签到。"), code="check_in_time")
    model_update(actor=actor, instance=signup, data={"checked_in_at": now},
                 fields=["checked_in_at"])
    return signup


@transaction.atomic
def signup_check_out(*, actor, signup: ShiftSignUp, now=None) -> ShiftSignUp:
    """The volunteer (or the organiser for them) leaves duty."""
    now = now or timezone.now()
    signup = _lock_signup(signup.pk)
    require(actor, rules.CHECK_OUT, signup)
    if now < signup.checked_in_at:
        raise DomainError(_("签退时间不能早于签到时间。"), code="check_out_time")
    model_update(actor=actor, instance=signup, data={"checked_out_at": now},
                 fields=["checked_out_at"])
    return signup


def suggested_hours(signup: ShiftSignUp) -> Decimal | None:
    """The hours the confirmation form is prefilled with: the actual time from check-in to
    check-out (travel excluded), else the shift's length; None for an untimed shift without
    check-in and out."""
    if signup.checked_in_at and signup.checked_out_at:
        seconds = (signup.checked_out_at - signup.checked_in_at).total_seconds()
    elif signup.shift.is_timed:
        seconds = (signup.shift.ends_at - signup.shift.starts_at).total_seconds()
    else:
        return None
    hours = Decimal(seconds / 3600).quantize(Decimal("0.1"))
    return min(max(hours, Decimal("0.1")), Decimal(24))


@transaction.atomic
def signup_confirm(*, actor, signup: ShiftSignUp, work_done: str, hours, now=None) -> ShiftSignUp:
    """The organiser confirms what the volunteer did and the actual hours served (DOMAIN_RULES:
    actual time, travel excluded): the sign-up and its row of the hours ledger, together."""
    now = now or timezone.now()
    signup = _lock_signup(signup.pk)
    require(actor, rules.CONFIRM, signup)
    work_done = (work_done or "").strip()
    if not work_done:
        raise _invalid("work_done", _("请填写服务内容。"))
    hours = clean_hours(hours)
    model_update(actor=actor, instance=signup, data={
        "status": ShiftSignUpStatus.CONFIRMED, "work_done": work_done, "hours": hours,
        "confirmed_by": actor, "confirmed_at": now},
        fields=["status", "work_done", "hours", "confirmed_by", "confirmed_at"])
    post = signup.shift.post
    service_hours_record(actor=actor, volunteer=signup.volunteer, hours=hours,
                         served_on=signup.shift.date,
                         description=f"{post.title}：{work_done}", shift_signup=signup)
    if post.source_case_id:  # the request it came from shows the work, not who did it
        case_services.case_task_note(
            actor=actor, case=post.source_case, action=StepAction.TASK_DONE,
            note=str(_("%(title)s：%(work)s（%(hours)s 小时）") % {
                "title": post.title, "work": work_done, "hours": hours}), now=now)
    return signup
