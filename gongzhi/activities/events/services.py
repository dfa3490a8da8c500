"""Writes of activities: the activity's life (draft, published, sign-up closed, done or
cancelled), sign-ups with their waiting list, check-in, and the organiser's confirmation of
volunteers' hours.

Capacity is never exceeded: every write that may take or free a place locks the activity's
row first (parent before child), then counts the places held (confirmed, and offered awaiting
an answer), so that concurrent sign-ups queue on the lock and the last ones go on the waiting
list. A place that comes free is offered to the first waiting (status offered, for
`activity.offer_hours`); an offer not answered in time passes to the next, by the periodic job
(activities/jobs.py) and whenever the list is next touched."""

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events import checkin, rules, selectors
from gongzhi.activities.events.choices import ActivityStatus, Audience, SignUpStatus
from gongzhi.activities.events.models import Activity, ActivityPhoto, SignUp
from gongzhi.activities.volunteering import services as volunteering
from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from gongzhi.core.uploads import stored_upload, upload_content_type
from gongzhi.notifications.choices import Kind
from gongzhi.notifications.services import notification_send
from gongzhi.organisations.choices import MemberStatus
from gongzhi.organisations.models import Member
from gongzhi.organisations.roll import member_status

HOLDS_A_PLACE = selectors.HOLDS_A_PLACE
LIVE = selectors.LIVE


class NotEligible(DomainError):
    status = 403
    code = "not_eligible"
    default_message = _("您不在本次活动的报名范围内。")


class AlreadySignedUp(Conflict):
    code = "already_signed_up"
    default_message = _("您已报名该活动。")


class ActivityFull(Conflict):
    code = "activity_full"
    default_message = _("名额已满。")


class OfferExpired(Conflict):
    code = "offer_expired"
    default_message = _("递补确认已超过时限，名额已顺延给下一位候补。")


def _rule(action: str) -> str:
    return rules.ACTIVITY_ACTION_RULES[action]


def _signup_rule(action: str) -> str:
    return rules.SIGNUP_ACTION_RULES[action]


def _lock(activity: Activity) -> Activity:
    """The activity's row, re-read and locked until the transaction ends: every write that
    takes, frees or offers a place, or changes the activity, holds it (see the module)."""
    return (Activity.objects.select_for_update(of=("self",)).select_related("community")
            .get(pk=activity.pk))


def _lock_signup(signup: SignUp) -> tuple[Activity, SignUp]:
    activity = _lock(signup.activity)
    signup = (SignUp.objects.select_for_update(of=("self",)).select_related("person")
              .get(pk=signup.pk))
    signup.activity = activity
    return activity, signup


def _detail_url(activity) -> str:
    return reverse("activities:activity_detail", args=[activity.pk])


def _notify(actor, activity, people, *, kind, title, body, **params) -> None:
    users = [person.user for person in people if person.user_id]
    if not users:
        return
    notification_send(
        actor=actor, recipients=users, kind=kind, title=title, body=body,
        params={"title": activity.title,
                "when": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": activity.place, **params},
        target=activity, url=_detail_url(activity), community=activity.community)


# ---- the activity ----------------------------------------------------------------------------

EDITABLE = ("title", "kind", "description", "place", "starts_at", "ends_at", "capacity",
            "audience", "building", "grid", "project", "resource", "counts_hours",
            "offer_hours")


def _check_fields(data: dict, community_id: int) -> None:
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = [str(_("请填写活动名称。"))]
    if not (data.get("place") or "").strip():
        errors["place"] = [str(_("请填写活动地点。"))]
    if data["starts_at"] and data["ends_at"] and data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = [str(_("结束时间须晚于开始时间。"))]
    audience = data.get("audience")
    if audience == Audience.BUILDING and data.get("building") is None:
        errors["building"] = [str(_("请选择报名的楼栋。"))]
    if audience == Audience.GRID and data.get("grid") is None:
        errors["grid"] = [str(_("请选择报名的网格。"))]
    for name in ("building", "grid", "project", "resource"):
        row = data.get(name)
        if row is not None and row.community_id != community_id:
            errors[name] = [str(_("须属于活动所在社区。"))]
    if errors:
        raise ValidationFailed(detail=errors)


def _clean_data(data: dict) -> dict:
    data = dict(data)
    data["title"] = (data.get("title") or "").strip()
    data["place"] = (data.get("place") or "").strip()
    # the place or grid only matters for its audience
    if data.get("audience") != Audience.BUILDING:
        data["building"] = None
    if data.get("audience") != Audience.GRID:
        data["grid"] = None
    return data


def _set_partner_units(actor, activity, partner_units) -> None:
    units = list(partner_units or [])
    if any(unit.community_id != activity.community_id for unit in units):
        raise ValidationFailed(detail={"partner_units": [
            str(_("协办单位须是本社区的共建单位。"))]})
    before = sorted(activity.partner_units.values_list("pk", flat=True))
    after = sorted(unit.pk for unit in units)
    if before != after:
        activity.partner_units.set(units)
        audit_change(actor=actor, instance=activity, action="update",
                     before={"partner_units": before}, after={"partner_units": after})


@transaction.atomic
def activity_create(*, actor, community, title: str, kind: str, place: str,
                    starts_at: datetime.datetime, ends_at: datetime.datetime, capacity: int,
                    audience: str = Audience.EVERYONE, building=None, grid=None,
                    partner_units=(), project=None, resource=None, counts_hours=False,
                    description: str = "", offer_hours: int = 24) -> Activity:
    """A draft activity of `community`."""
    require(actor, rules.CREATE, community)
    data = _clean_data({"title": title, "kind": kind, "description": description,
                        "place": place, "starts_at": starts_at, "ends_at": ends_at,
                        "capacity": capacity, "audience": audience, "building": building,
                        "grid": grid, "project": project, "resource": resource,
                        "counts_hours": counts_hours, "offer_hours": offer_hours})
    _check_fields(data, community.pk)
    activity = model_create(actor=actor, instance=Activity(
        community=community, created_by=actor, **data))
    _set_partner_units(actor, activity, partner_units)
    return activity


@transaction.atomic
def activity_edit(*, actor, activity: Activity, now=None, **changes) -> Activity:
    """Change the activity's fields (any of EDITABLE, and `partner_units`). The capacity may
    not drop below the places already held; a larger one offers the new places to the
    waiting list."""
    now = now or timezone.now()
    activity = _lock(activity)
    require(actor, _rule("edit"), activity)
    partner_units = changes.pop("partner_units", None)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    data = _clean_data({field: getattr(activity, field) for field in EDITABLE} | changes)
    _check_fields(data, activity.community_id)
    taken = selectors.places_taken(activity)
    if data["capacity"] < taken:
        raise ValidationFailed(detail={"capacity": [str(
            _("已有 %(n)s 人报名，名额不能少于此数。") % {"n": taken})]})
    model_update(actor=actor, instance=activity, fields=list(EDITABLE), data=data)
    if partner_units is not None:
        _set_partner_units(actor, activity, partner_units)
    _offer_free_places(actor, activity, now=now)
    return activity


def _status_change(actor, activity, action: str, status: str, **extra) -> Activity:
    activity = _lock(activity)
    require(actor, _rule(action), activity)
    model_update(actor=actor, instance=activity, fields=["status", *extra],
                 data={"status": status, **extra})
    return activity


@transaction.atomic
def activity_publish(*, actor, activity: Activity) -> Activity:
    """Open sign-up; the activity gets its check-in key."""
    activity = _lock(activity)
    require(actor, _rule("publish"), activity)
    model_update(actor=actor, instance=activity, fields=["status", "checkin_key"],
                 data={"status": ActivityStatus.PUBLISHED,
                       "checkin_key": activity.checkin_key or checkin.new_key()})
    return activity


@transaction.atomic
def activity_close(*, actor, activity: Activity) -> Activity:
    """Close sign-up (staff may still add a resident without a phone, and people check in)."""
    return _status_change(actor, activity, "close", ActivityStatus.CLOSED)


@transaction.atomic
def activity_complete(*, actor, activity: Activity) -> Activity:
    """The activity took place: mark it done (then the report, photos and hours)."""
    return _status_change(actor, activity, "done", ActivityStatus.DONE)


@transaction.atomic
def activity_cancel(*, actor, activity: Activity, reason: str = "") -> Activity:
    """Cancel the activity; everyone signed up or waiting is told."""
    activity = _status_change(actor, activity, "cancel", ActivityStatus.CANCELLED)
    people = [signup.person for signup in SignUp.objects.filter(
        activity=activity, status__in=LIVE).select_related("person__user")]
    body = _("“%(title)s”（%(when)s，%(place)s）已取消。")
    if reason.strip():
        body = str(body) + " " + reason.strip()[:200]
    _notify(actor, activity, people, kind=Kind.ACTIVITY_UPDATE,
            title=_("活动取消：%(title)s"), body=body)
    return activity


@transaction.atomic
def activity_report(*, actor, activity: Activity, report: str, now=None) -> Activity:
    """The short report of the day (what was done, for whom, with whom)."""
    activity = _lock(activity)
    require(actor, _rule("report"), activity)
    if not report.strip():
        raise ValidationFailed(detail={"report": [str(_("请填写活动小结。"))]})
    model_update(actor=actor, instance=activity, fields=["report", "reported_at"],
                 data={"report": report.strip(), "reported_at": now or timezone.now()})
    return activity


@transaction.atomic
def activity_photo_add(*, actor, activity: Activity, photo, caption: str = "") -> ActivityPhoto:
    """A photo of the day, stored under a random name and served only by the checked view."""
    activity = _lock(activity)
    require(actor, _rule("photo"), activity)
    if not photo:
        raise ValidationFailed(detail={"photo": [str(_("请上传照片。"))]})
    content_type = upload_content_type(
        photo, field="photo", max_bytes=settings.CASEWORK_PHOTO_MAX_BYTES,
        too_large=_("照片不能大于 %(mb)s MB。"),
        wrong_type=_("只能上传 JPEG、PNG 或 WebP 格式的照片。"))
    row = ActivityPhoto(activity=activity, caption=caption.strip()[:128],
                        content_type=content_type, uploaded_by=actor)
    row.file.save(f"{uuid.uuid4().hex}.{content_type.split('/')[1]}",
                  stored_upload(photo, content_type), save=False)
    row.save(force_insert=True)
    audit_change(actor=actor, instance=row, action="create", before={},
                 after={"activity": activity.pk, "caption": row.caption})
    return row


@transaction.atomic
def activity_checkin_key_rotate(*, actor, activity: Activity) -> Activity:
    """A new check-in key: every code shown before stops working (a photo of it was passed
    round, say)."""
    activity = _lock(activity)
    require(actor, _rule("rotate_code"), activity)
    model_update(actor=actor, instance=activity, fields=["checkin_key"],
                 data={"checkin_key": checkin.new_key()})
    return activity


# ---- who may sign up -------------------------------------------------------------------------

def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _is_party_member(person, activity) -> bool:
    """On the community's roll as a member (probationary or full; not an applicant). The
    status is read by this check only, never shown."""
    member = Member.objects.filter(person=person, community_id=activity.community_id).first()
    if member is None:
        return False
    status = member_status(member).get("status")
    return status in (None, MemberStatus.PROBATIONARY, MemberStatus.FULL)


def eligibility_refusal(activity: Activity, person) -> str | None:
    """Why `person` may not sign themself up for `activity` (a sentence), or None."""
    if person.community_id != activity.community_id:
        return str(_("本活动只接受本社区居民报名。"))
    audience = activity.audience
    if audience == Audience.OVER_60:
        day = timezone.localtime(activity.starts_at).date()
        if person.birth_date is None:
            return str(_("本活动面向 60 岁以上居民；您的出生日期未登记，请联系社区工作人员报名。"))
        if _age_on(person.birth_date, day) < 60:
            return str(_("本活动面向 60 岁以上居民（按活动当天计算），您暂不符合报名条件。"))
    elif audience == Audience.PARTY_MEMBERS and not _is_party_member(person, activity):
        return str(_("本活动面向本社区党员，您暂不符合报名条件。"))
    elif audience == Audience.BUILDING:
        if person.flat_id is None or person.flat.building_id != activity.building_id:
            return str(_("本活动面向 %(building)s 的居民，您暂不符合报名条件。")
                       % {"building": activity.building})
    elif audience == Audience.GRID:
        grid_id = person.flat.building.grid_id if person.flat_id else None
        if grid_id != activity.grid_id:
            return str(_("本活动面向 %(grid)s 的居民，您暂不符合报名条件。")
                       % {"grid": activity.grid})
    return None


# ---- the places and the waiting list ---------------------------------------------------------

def _place(actor, activity, person, *, now, checked_in: bool = False) -> SignUp:
    """A new sign-up of `person` (the activity locked): a place while one is free, else the
    waiting list."""
    if SignUp.objects.filter(activity=activity, person=person, status__in=LIVE).exists():
        raise AlreadySignedUp()
    has_room = selectors.places_taken(activity) < activity.capacity
    if checked_in and not has_room:
        raise ActivityFull(_("名额已满，不能现场签到。"))
    return model_create(actor=actor, instance=SignUp(
        community_id=activity.community_id, activity=activity, person=person,
        status=SignUpStatus.CONFIRMED if has_room else SignUpStatus.WAITING,
        signed_up_by=actor, checked_in_at=now if checked_in else None))


def _offer_free_places(actor, activity, *, now) -> list[SignUp]:
    """Offer each free place to the next on the waiting list (the activity locked), and tell
    them. Only while the activity takes people (published or closed) and is not over."""
    if activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        return []
    if now >= activity.ends_at:
        return []
    free = activity.capacity - selectors.places_taken(activity)
    if free <= 0:
        return []
    offered = list(SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING)
                   .select_related("person__user").order_by("created_at", "pk")[:free])
    expires = now + datetime.timedelta(hours=activity.offer_hours)
    for signup in offered:
        model_update(actor=actor, instance=signup,
                     fields=["status", "offered_at", "offer_expires_at"],
                     data={"status": SignUpStatus.OFFERED, "offered_at": now,
                           "offer_expires_at": expires})
    if offered:
        _notify(actor, activity, [s.person for s in offered], kind=Kind.ACTIVITY_OFFER,
                title=_("候补递补：%(title)s"),
                body=_("“%(title)s”（%(when)s，%(place)s）有空余名额，请在 %(until)s "
                       "前确认参加或放弃。"),
                until=timezone.localtime(expires).strftime("%m-%d %H:%M"))
    return offered


def _expire_offers(actor, activity, *, now) -> int:
    """Offers not answered by their deadline lapse (the activity locked) and pass on."""
    lapsed = list(SignUp.objects.filter(activity=activity, status=SignUpStatus.OFFERED,
                                        offer_expires_at__lte=now))
    for signup in lapsed:
        model_update(actor=actor, instance=signup, fields=["status", "cancelled_at"],
                     data={"status": SignUpStatus.CANCELLED, "cancelled_at": now})
    if lapsed:
        _offer_free_places(actor, activity, now=now)
    return len(lapsed)


def offers_expire(*, now=None) -> int:
    """The periodic pass: every lapsed offer passes to the next on its waiting list, one
    activity per transaction. Returns how many offers lapsed."""
    now = now or timezone.now()
    activity_ids = (SignUp.objects.filter(status=SignUpStatus.OFFERED,
                                          offer_expires_at__lte=now)
                    .values_list("activity_id", flat=True).distinct().order_by("activity_id"))
    lapsed = 0
    for activity_id in list(activity_ids):
        with transaction.atomic():
            activity = _lock(Activity(pk=activity_id))
            lapsed += _expire_offers(None, activity, now=now)
    return lapsed


@transaction.atomic
def signup_join(*, actor, activity: Activity, now=None) -> SignUp:
    """A resident signs themself up (their registry record), if the audience takes them: a
    place, or the waiting list when it is full."""
    now = now or timezone.now()
    activity = _lock(activity)
    require(actor, rules.JOIN, activity)
    person = selectors.own_record(actor)
    refusal = eligibility_refusal(activity, person)
    if refusal:
        raise NotEligible(refusal)
    _expire_offers(actor, activity, now=now)
    return _place(actor, activity, person, now=now)


@transaction.atomic
def signup_for_resident(*, actor, activity: Activity, person, now=None) -> SignUp:
    """Staff sign up a resident of the community who has no phone (any resident of the
    community: staff judge the audience themselves)."""
    now = now or timezone.now()
    activity = _lock(activity)
    require(actor, _rule("signup_for"), activity)
    if not selectors.residents_to_sign_up(actor, activity).filter(pk=person.pk).exists():
        raise NotFound()
    _expire_offers(actor, activity, now=now)
    return _place(actor, activity, person, now=now)


@transaction.atomic
def signup_cancel(*, actor, signup: SignUp, now=None) -> SignUp:
    """Cancel a sign-up (one's own, or staff's for a resident); a place it held is offered to
    the first waiting."""
    now = now or timezone.now()
    activity, signup = _lock_signup(signup)
    require(actor, _signup_rule("cancel_signup"), signup)
    model_update(actor=actor, instance=signup, fields=["status", "cancelled_at"],
                 data={"status": SignUpStatus.CANCELLED, "cancelled_at": now})
    _expire_offers(actor, activity, now=now)
    _offer_free_places(actor, activity, now=now)
    return signup


@transaction.atomic
def _lapse_if_expired(*, signup: SignUp, now) -> bool:
    activity, signup = _lock_signup(signup)
    if signup.status == SignUpStatus.OFFERED and signup.offer_expires_at <= now:
        _expire_offers(None, activity, now=now)
        return True
    return False


def _answer_offer(actor, signup, *, action: str, status: str, now) -> SignUp:
    # an offer answered too late lapses first, in its own transaction: the refusal below must
    # not undo passing the place on
    if (signup.status == SignUpStatus.OFFERED and signup.person.user_id == actor.pk
            and _lapse_if_expired(signup=signup, now=now)):
        raise OfferExpired()
    with transaction.atomic():
        activity, signup = _lock_signup(signup)
        require(actor, _signup_rule(action), signup)
        if signup.offer_expires_at <= now:
            raise OfferExpired()
        data = {"status": status}
        if status == SignUpStatus.CANCELLED:
            data["cancelled_at"] = now
        model_update(actor=actor, instance=signup, fields=list(data), data=data)
        if status == SignUpStatus.CANCELLED:
            _offer_free_places(actor, activity, now=now)
        return signup


def offer_accept(*, actor, signup: SignUp, now=None) -> SignUp:
    """The first waiting takes the place offered to them."""
    return _answer_offer(actor, signup, action="accept_offer", status=SignUpStatus.CONFIRMED,
                         now=now or timezone.now())


def offer_decline(*, actor, signup: SignUp, now=None) -> SignUp:
    """They let the place go: it passes to the next waiting."""
    return _answer_offer(actor, signup, action="decline_offer", status=SignUpStatus.CANCELLED,
                         now=now or timezone.now())


# ---- check-in --------------------------------------------------------------------------------

def activity_of_token(*, token: str, now=None) -> Activity:
    """The activity a check-in code names, if the code is genuine, current and not replaced;
    else CheckinCodeInvalid or CheckinCodeExpired."""
    pk, key = checkin.read_token(token, now=now or timezone.now())
    activity = Activity.objects.select_related("community").filter(pk=pk).first()
    if activity is None or not activity.checkin_key or key != activity.checkin_key:
        raise checkin.CheckinCodeInvalid(_("签到码已更换或无效，请扫描现场展示的最新签到码。"))
    return activity


# the code at the door checks people in from an hour before the start until the end (staff's
# taps on the list are not limited: they put the record right afterwards too)
CHECKIN_OPENS_BEFORE = datetime.timedelta(hours=1)


class OutsideCheckinTime(DomainError):
    status = 409
    code = "checkin_not_open"
    default_message = _("现在不在签到时间内。")


def _check_in_window(activity, now) -> None:
    opens = activity.starts_at - CHECKIN_OPENS_BEFORE
    if now < opens:
        raise OutsideCheckinTime(_("签到将于 %(at)s 开始。") % {
            "at": timezone.localtime(opens).strftime("%m-%d %H:%M")})
    if now > activity.ends_at:
        raise OutsideCheckinTime(_("活动已结束，不能再扫码签到。"))


@transaction.atomic
def checkin_by_code(*, actor, token: str, now=None) -> SignUp:
    """A resident checks in with the code shown at the door, from an hour before the start
    until the end. Signed up: checked in. Offered a
    place, or waiting while there is room: confirmed and checked in (they came). Not signed up
    (a walk-in): signed up and checked in if the audience takes them and there is room; the
    waiting list is not jumped when it is full."""
    now = now or timezone.now()
    activity = _lock(activity_of_token(token=token, now=now))
    require(actor, rules.CHECK_IN_BY_CODE, activity)
    # the key again on the locked row: a code replaced meanwhile no longer counts
    if checkin.read_token(token, now=now)[1] != activity.checkin_key:
        raise checkin.CheckinCodeInvalid(_("签到码已更换或无效，请扫描现场展示的最新签到码。"))
    person = selectors.own_record(actor)
    signup = (SignUp.objects.select_for_update(of=("self",))
              .filter(activity=activity, person=person, status__in=LIVE).first())
    if signup is None:
        refusal = eligibility_refusal(activity, person)
        if refusal:
            raise NotEligible(refusal)
        _check_in_window(activity, now)
        _expire_offers(actor, activity, now=now)
        return _place(actor, activity, person, now=now, checked_in=True)
    if signup.checked_in_at is not None:
        return signup
    _check_in_window(activity, now)
    data = {"checked_in_at": now, "checked_in_by": None}
    if signup.status == SignUpStatus.WAITING:
        _expire_offers(actor, activity, now=now)
        if selectors.places_taken(activity) >= activity.capacity:
            raise ActivityFull(_("您在候补名单中，目前没有空余名额，暂不能签到。"))
        data["status"] = SignUpStatus.CONFIRMED
    elif signup.status == SignUpStatus.OFFERED:
        data["status"] = SignUpStatus.CONFIRMED
    model_update(actor=actor, instance=signup, fields=list(data), data=data)
    return signup


@transaction.atomic
def signup_check_in(*, actor, signup: SignUp, now=None) -> SignUp:
    """Staff check a resident in from the attendance list (no phone)."""
    _activity, signup = _lock_signup(signup)
    require(actor, _signup_rule("staff_checkin"), signup)
    model_update(actor=actor, instance=signup, fields=["checked_in_at", "checked_in_by"],
                 data={"checked_in_at": now or timezone.now(), "checked_in_by": actor})
    return signup


@transaction.atomic
def signup_check_out(*, actor, signup: SignUp, now=None) -> SignUp:
    """Staff record when a participant left (the end of their service time)."""
    _activity, signup = _lock_signup(signup)
    require(actor, _signup_rule("staff_checkout"), signup)
    now = now or timezone.now()
    if now < signup.checked_in_at:
        raise ValidationFailed(detail={"checked_out_at": [str(_("签退时间不能早于签到时间。"))]})
    model_update(actor=actor, instance=signup, fields=["checked_out_at"],
                 data={"checked_out_at": now})
    return signup


def attended_hours(signup: SignUp) -> Decimal:
    """Actual time from check-in to check-out, in tenths of an hour (the ledger's step)."""
    seconds = (signup.checked_out_at - signup.checked_in_at).total_seconds()
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def signup_hours_confirm(*, actor, signup: SignUp, hours=None):
    """The organiser confirms a registered volunteer's hours at the activity into the ledger:
    the actual time from check-in to check-out unless they give another figure."""
    activity, signup = _lock_signup(signup)
    require(actor, _signup_rule("confirm_hours"), signup)
    volunteer = selectors.volunteer_of_person_ids([signup.person_id]).get(signup.person_id)
    if volunteer is None:
        raise DomainError(_("该参加者不是登记的志愿者，不记录服务时长。"), code="not_a_volunteer")
    return volunteering.service_hours_record(
        actor=actor, volunteer=volunteer,
        hours=attended_hours(signup) if hours in (None, "") else hours,
        served_on=timezone.localtime(signup.checked_in_at).date(),
        description=activity.title, signup=signup)
